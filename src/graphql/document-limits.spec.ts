import { describe, expect, it } from '@jest/globals';
import { GraphQLError, Kind } from 'graphql';
import { documentNestingRefusal, MAX_DOCUMENT_NESTING, parseDocument } from './document-limits.js';

const nested = (depth: number, open = '{ a ', close = ' }') => `${open.repeat(depth)}b${close.repeat(depth)}`;

describe('the nesting check before parsing', () => {
  it(`lets documents nest ${MAX_DOCUMENT_NESTING} brackets deep and refuses one more, saying where`, () => {
    expect(documentNestingRefusal(nested(MAX_DOCUMENT_NESTING))).toBeNull();
    const refusal = documentNestingRefusal(`query {\n  x(y: ${nested(MAX_DOCUMENT_NESTING, '[', ']')})\n}`);
    expect(refusal).toBeInstanceOf(GraphQLError);
    expect(refusal?.extensions).toMatchObject({ code: 'GRAPHQL_PARSE_FAILED' });
    // `{` and `(` are levels 1 and 2, so the 63rd `[` (column 8 + 62) is the 65th level.
    expect(refusal?.locations).toEqual([{ line: 2, column: 70 }]);
  });

  it('counts every kind of bracket, and closing ones end a level', () => {
    expect(documentNestingRefusal('{'.repeat(30) + '['.repeat(30) + '('.repeat(5), 64)).not.toBeNull();
    expect(documentNestingRefusal('{ a }'.repeat(10_000), 1)).toBeNull();
    // Unbalanced closing brackets are the parser's to report, and do not lower the count below 0.
    expect(documentNestingRefusal('}'.repeat(100) + '{'.repeat(3), 2)).not.toBeNull();
  });

  it('skips brackets in strings, escaped quotes, block strings (and their escaped """) and comments', () => {
    const many = '{['.repeat(100);
    for (const text of [
      `{ a(b: "${many}") }`,
      `{ a(b: "\\"${many}\\\\") }`,
      `{ a(b: """${many}\\"""${many}""") }`,
      `# ${many}\n{ a }`,
      `# ${many}\r{ a }`,
    ])
      expect(documentNestingRefusal(text, 4)).toBeNull();
    // A string the parser ends at the line's end (unterminated) does not hide the brackets after it.
    expect(documentNestingRefusal(`{ a(b: "x\n${many}`, 4)).not.toBeNull();
    // The brackets after a closed block string count again.
    expect(documentNestingRefusal(`"""a""" ${many}`, 4)).not.toBeNull();
  });

  it('walks a 1 MB document quickly, without recursion', () => {
    const started = performance.now();
    expect(documentNestingRefusal('{ a(b: "x") c }'.repeat(70_000))).toBeNull();
    expect(documentNestingRefusal('['.repeat(1_000_000))).not.toBeNull();
    expect(performance.now() - started).toBeLessThan(1_000);
  });
});

describe('parseDocument', () => {
  it('parses a document, or answers GRAPHQL_PARSE_FAILED: nested too deep, with too many tokens, or not GraphQL', () => {
    expect((parseDocument('{ version }') as { kind: string }).kind).toBe(Kind.DOCUMENT);
    for (const text of [nested(10_000), `{ ${'a '.repeat(20_000)}}`, '{ version', '']) {
      const refusal = parseDocument(text);
      expect(refusal).toBeInstanceOf(GraphQLError);
      expect((refusal as GraphQLError).extensions).toMatchObject({ code: 'GRAPHQL_PARSE_FAILED' });
    }
  });
});
