import type { ApolloServerPlugin } from '@apollo/server';
import { BREAK, GraphQLError, visit, type DocumentNode } from 'graphql';

/**
 * Refuses, before anything runs, text that no event can hold: the NUL character (PostgreSQL's
 * jsonb cannot store it) and unpaired UTF-16 surrogates (not Unicode text). Checked in the
 * variables and in the document's string literals, so that no command is refused half-way by the
 * store: a submission reserves its tracking id (one stream) before it records the report (another).
 */
export function storableTextPlugin(): ApolloServerPlugin {
  return {
    async requestDidStart() {
      return {
        async didResolveOperation({ request, document }) {
          const where = unstorableIn(request.variables ?? {}, 'variables') ?? unstorableLiteral(document);
          if (!where) return;
          throw new GraphQLError(
            `Text must not contain the NUL character (\\u0000) or unpaired surrogates; found in ${where}`,
            {
              extensions: { code: 'BAD_USER_INPUT', http: { status: 400 } },
            },
          );
        },
      };
    },
  };
}

/** Where in `value` a string that cannot be stored is, or null. */
function unstorableIn(value: unknown, path: string): string | null {
  if (typeof value === 'string') return storable(value) ? null : path;
  if (value === null || typeof value !== 'object') return null;
  for (const [key, item] of Object.entries(value)) {
    const found =
      (storable(key) ? null : path) ?? unstorableIn(item, Array.isArray(value) ? `${path}[${key}]` : `${path}.${key}`);
    if (found) return found;
  }
  return null;
}

function unstorableLiteral(document: DocumentNode): string | null {
  let found: string | null = null;
  visit(document, {
    StringValue(node) {
      if (storable(node.value)) return undefined;
      found = `the string literal at line ${node.loc?.startToken.line ?? '?'}`;
      return BREAK;
    },
  });
  return found;
}

/** In a `u` pattern a surrogate class matches only surrogates that are not half of a pair. */
// eslint-disable-next-line no-control-regex -- NUL is what PostgreSQL cannot store
const UNSTORABLE = /[\u0000\uD800-\uDFFF]/u;

function storable(text: string): boolean {
  return !UNSTORABLE.test(text);
}
