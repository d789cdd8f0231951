import { GraphQLError, parse, Source, type DocumentNode, type ParseOptions } from 'graphql';

/**
 * Brackets (`{`, `[`, `(`) a document may nest. graphql-js parses (and later validates and coerces)
 * nested selections and values by recursion, so a document thousands of levels deep exhausts the
 * call stack instead of being refused. 64 is far above what the operations need: GRAPHQL_MAX_DEPTH
 * is at most 50 fields, an argument adds a parenthesis and the schema's inputs nest a few levels.
 */
export const MAX_DOCUMENT_NESTING = 64;

/**
 * graphql-js's own guard on parsing and validation work: a document of more tokens is refused while
 * being parsed. The introspection query holds about 300; no operation of this API comes near.
 */
export const PARSE_OPTIONS: ParseOptions = { maxTokens: 10_000 };

const LINE_FEED = 0x0a;
const CARRIAGE_RETURN = 0x0d;

/**
 * The refusal of a document whose brackets nest deeper than `limit`, or null. One pass over the
 * text without recursion, before the parser sees it; brackets inside strings, block strings and
 * comments are not counted, as the parser does not count them either.
 */
export function documentNestingRefusal(text: string, limit = MAX_DOCUMENT_NESTING): GraphQLError | null {
  let depth = 0;
  for (let i = 0; i < text.length; i++) {
    switch (text.charCodeAt(i)) {
      case 0x23: // `#` starts a comment that runs to the end of the line.
        while (i + 1 < text.length && !lineEnd(text.charCodeAt(i + 1))) i++;
        break;
      case 0x22: // `"`
        i = text.startsWith('"""', i) ? blockStringEnd(text, i + 3) : stringEnd(text, i + 1);
        break;
      case 0x7b: // `{`
      case 0x5b: // `[`
      case 0x28: // `(`
        if (++depth > limit) return tooDeep(text, i, limit);
        break;
      case 0x7d: // `}`
      case 0x5d: // `]`
      case 0x29: // `)`
        // An unbalanced closing bracket is the parser's to report.
        if (depth > 0) depth--;
        break;
    }
  }
  return null;
}

/** Parses `text` with the same limits as HTTP requests, or says why it cannot be parsed (GRAPHQL_PARSE_FAILED). */
export function parseDocument(text: string): DocumentNode | GraphQLError {
  const refusal = documentNestingRefusal(text);
  if (refusal) return refusal;
  try {
    return parse(text, PARSE_OPTIONS);
  } catch (error) {
    // graphql-js reports a syntax error as a GraphQLError; anything else is a fault of ours.
    if (!(error instanceof GraphQLError)) throw error;
    return new GraphQLError(error.message, {
      source: error.source,
      positions: error.positions,
      extensions: { code: 'GRAPHQL_PARSE_FAILED', http: { status: 400 } },
    });
  }
}

/**
 * The refusal of an HTTP request carrying a document nested too deep (POST bodies, batched or not,
 * and GET's `query` parameter), or null; Apollo parses what passes, with PARSE_OPTIONS.
 */
export function requestNestingRefusal(request: {
  method: string;
  body?: unknown;
  query?: unknown;
}): GraphQLError | null {
  const bodies: unknown[] = Array.isArray(request.body) ? request.body : [request.body];
  const queries = bodies.map((body) =>
    body !== null && typeof body === 'object' ? (body as { query?: unknown }).query : undefined,
  );
  if (request.method === 'GET') queries.push((request.query as Record<string, unknown> | undefined)?.query);
  for (const query of queries) {
    const refusal = typeof query === 'string' ? documentNestingRefusal(query) : null;
    if (refusal) return refusal;
  }
  return null;
}

function lineEnd(code: number): boolean {
  return code === LINE_FEED || code === CARRIAGE_RETURN;
}

/** Where a string that opened before `from` ends: at its closing quote, or where the parser gives up on it (a line end). */
function stringEnd(text: string, from: number): number {
  let i = from;
  while (i < text.length) {
    const code = text.charCodeAt(i);
    if (code === 0x22 || lineEnd(code)) return i;
    i += code === 0x5c ? 2 : 1; // `\` escapes the character after it
  }
  return i;
}

/** Where a block string that opened before `from` ends: the last quote of its `"""`, which `\"""` does not close. */
function blockStringEnd(text: string, from: number): number {
  let i = from;
  while (i < text.length) {
    if (text.startsWith('\\"""', i)) i += 4;
    else if (text.startsWith('"""', i)) return i + 2;
    else i++;
  }
  return i;
}

function tooDeep(text: string, position: number, limit: number): GraphQLError {
  return new GraphQLError(
    `The document nests brackets more than ${limit} levels deep; no operation of this API needs so many`,
    {
      source: new Source(text),
      positions: [position],
      extensions: { code: 'GRAPHQL_PARSE_FAILED', http: { status: 400 } },
    },
  );
}
