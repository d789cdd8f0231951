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
          const refusal = unstorableTextRefusal(request.variables, document);
          if (refusal) throw refusal;
        },
      };
    },
  };
}

/**
 * The refusal (BAD_USER_INPUT) of an operation whose variables or string literals hold text no event
 * can store, or whose variables nest deeper than any argument, or null. Both transports run it.
 */
export function unstorableTextRefusal(
  variables: Readonly<Record<string, unknown>> | null | undefined,
  document: DocumentNode,
): GraphQLError | null {
  const where = unstorableIn(variables ?? {}, 'variables') ?? unstorableLiteral(document);
  if (where === null) return null;
  if (typeof where !== 'string') return where;
  return new GraphQLError(
    `Text must not contain the NUL character (\\u0000) or unpaired surrogates; found in ${where}`,
    { extensions: { code: 'BAD_USER_INPUT', http: { status: 400 } } },
  );
}

/** Variables nested deeper than this are refused: no argument of the schema nests so far. */
const MAX_VARIABLE_DEPTH = 64;

/**
 * Where in `value` a string that cannot be stored is, the refusal of a value nested too deep, or
 * null; walked without recursion, so no depth overflows the stack.
 */
function unstorableIn(value: unknown, path: string): string | GraphQLError | null {
  const pending: { value: unknown; path: string; depth: number }[] = [{ value, path, depth: 0 }];
  for (let next = pending.pop(); next; next = pending.pop()) {
    if (typeof next.value === 'string') {
      if (!storable(next.value)) return next.path;
      continue;
    }
    if (next.value === null || typeof next.value !== 'object') continue;
    if (next.depth >= MAX_VARIABLE_DEPTH) return tooDeep(next.path);
    const list = Array.isArray(next.value);
    for (const [key, item] of Object.entries(next.value)) {
      if (!storable(key)) return next.path;
      pending.push({ value: item, path: list ? `${next.path}[${key}]` : `${next.path}.${key}`, depth: next.depth + 1 });
    }
  }
  return null;
}

function tooDeep(path: string): GraphQLError {
  return new GraphQLError(`Variables nest more than ${MAX_VARIABLE_DEPTH} levels deep (at ${path.slice(0, 200)}…)`, {
    extensions: { code: 'BAD_USER_INPUT', http: { status: 400 } },
  });
}

/** Where each document's first unstorable literal is (or null): Apollo hands the same parsed document to every request that sends its text. */
const literalChecks = new WeakMap<DocumentNode, string | null>();

function unstorableLiteral(document: DocumentNode): string | null {
  let found = literalChecks.get(document);
  if (found !== undefined) return found;
  found = firstUnstorableLiteral(document);
  literalChecks.set(document, found);
  return found;
}

function firstUnstorableLiteral(document: DocumentNode): string | null {
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
