import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { DataSource } from 'typeorm';
import { credentialHeaders } from './support/graphql.js';
import { RawGraphqlWs } from './support/raw-graphql-ws.js';
import { M, newReport } from './support/registry-fixture.js';
import { startTestService, type TestService } from './support/service.js';

/**
 * Both transports hold an operation to the same checks and answer a refusal alike: a document nested
 * too deep for the parser, a document that does not parse, the validation rules (depth, cost), an
 * operation that cannot be resolved, text no event can hold, the rate limits. Over graphql-ws a
 * refusal is an `error` message for that operation and the socket stays open.
 */

type Refusal = { code?: string; message?: string; retryAfterSeconds?: unknown };

const deep = (depth: number, open: string, inner: string, close: string) =>
  `${open.repeat(depth)}${inner}${close.repeat(depth)}`;

describe('the same checks over HTTP and graphql-ws', () => {
  let service: TestService;
  let reporter: string;
  const countEvents = async () =>
    (await service.app.get(DataSource).query(`SELECT count(*)::int AS n FROM events`))[0].n as number;

  beforeAll(async () => {
    service = await startTestService({ GRAPHQL_MAX_DEPTH: '4' });
    reporter = await service.token({ sub: 'warga-ws', role: 'REPORTER' });
  });
  afterAll(async () => service?.stop());

  /** The first error of an HTTP request (body given as JSON text), with its status. */
  const overHttp = async (body: string, credential?: string, url = service.url) => {
    const response = await fetch(`${url}/graphql`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...credentialHeaders(credential) },
      body,
    });
    const answer = (await response.json()) as { data?: unknown; errors?: { message: string; extensions: Refusal }[] };
    const error = answer.errors?.[0];
    return {
      status: response.status,
      refusal: error ? { code: error.extensions.code, message: error.message } : null,
      data: answer.data,
    };
  };

  /** The first message for one operation over a fresh socket (body as JSON text), and whether the socket still answers after it. */
  const overWs = async (body: string, credential?: string, { thenAsk = true, url = service.url } = {}) => {
    const socket = await RawGraphqlWs.open(`${url}/graphql`, credentialHeaders(credential));
    try {
      const answer = await socket.send(body, { timeoutMs: 30_000 });
      const first = answer.messages[0] as { type: string; payload?: any } | undefined;
      const error: { message: string; extensions?: Refusal } | undefined =
        first?.type === 'error' ? first.payload?.[0] : first?.payload?.errors?.[0];
      const stillOpen = thenAsk
        ? (await socket.send(JSON.stringify({ query: '{ version }' }), { timeoutMs: 30_000 })).messages[0]?.type ===
          'next'
        : undefined;
      return {
        type: first?.type ?? (answer.closed ? `closed ${answer.closed.code} ${answer.closed.reason}` : 'nothing'),
        refusal: error ? { code: error.extensions?.code, message: error.message } : null,
        data: first?.type === 'next' ? first.payload?.data : undefined,
        stillOpen,
      };
    } finally {
      await socket.close();
    }
  };

  const request = (query: string, variables: Record<string, unknown> = {}) => JSON.stringify({ query, variables });

  it('refuses documents nested thousands of brackets deep before parsing them, with GRAPHQL_PARSE_FAILED, and keeps the socket', async () => {
    for (const query of [
      `{ version ${deep(10_000, '{ a ', 'b', ' }')} }`,
      `{ version ${deep(2_000, '{ a ', 'b', ' }')} }`,
      `{ report(trackingId: ${deep(10_000, '[', '"x"', ']')}) { trackingId } }`,
      `{ report(trackingId: ${deep(10_000, '{ a: ', '1', ' }')}) { trackingId } }`,
      `subscription { reportUpdated(trackingId: ${deep(10_000, '(', '', ')')}) { trackingId } }`,
    ]) {
      const refusal = {
        code: 'GRAPHQL_PARSE_FAILED',
        message: 'The document nests brackets more than 64 levels deep; no operation of this API needs so many',
      };
      expect(await overHttp(request(query))).toEqual({ status: 400, refusal, data: undefined });
      expect(await overWs(request(query))).toEqual({ type: 'error', refusal, data: undefined, stillOpen: true });
    }
  });

  it('does not count brackets in strings, block strings and comments', async () => {
    const many = '{['.repeat(200);
    const query = `# ${many}\n{ a: report(trackingId: "${many}\\"${many}") { trackingId } b: report(trackingId: """${many}\\"""${many}""") { trackingId } }`;
    const http = await overHttp(request(query), reporter);
    const ws = await overWs(request(query), reporter);
    expect([http.refusal?.code, ws.refusal?.code]).toEqual([expect.any(String), expect.any(String)]);
    expect([http.refusal?.code, ws.refusal?.code]).not.toContain('GRAPHQL_PARSE_FAILED');
    expect(ws.refusal).toEqual(http.refusal);
  });

  it('answers a document that does not parse with GRAPHQL_PARSE_FAILED over graphql-ws too, without closing the socket', async () => {
    for (const query of [
      '{ version',
      'subscription { reportUpdated(trackingId: "x") { trackingId }',
      '}{',
      '{ report(trackingId: "\uD800") { trackingId } }',
    ]) {
      const http = await overHttp(request(query));
      const ws = await overWs(request(query));
      expect([http.status, http.refusal?.code]).toEqual([400, 'GRAPHQL_PARSE_FAILED']);
      expect(ws).toEqual({ type: 'error', refusal: http.refusal, data: undefined, stillOpen: true });
    }
  });

  it('runs the validation rules (depth, cost, graphql-js own) over graphql-ws, answered GRAPHQL_VALIDATION_FAILED', async () => {
    for (const query of [
      // 120 aliased pages of 100: far over GRAPHQL_MAX_COST.
      `{ ${Array.from({ length: 120 }, (_, i) => `a${i}: reports(first: 100) { edges { node { trackingId title } } }`).join(' ')} }`,
      // 5 fields deep, GRAPHQL_MAX_DEPTH is 4.
      `{ reports(first: 1) { edges { node { agency { name } } } } }`,
      `{ nope }`,
      `subscription { reportUpdated(trackingId: 1) { nope } }`,
    ]) {
      const http = await overHttp(request(query), reporter);
      const ws = await overWs(request(query), reporter);
      expect(http.refusal?.code).toBe('GRAPHQL_VALIDATION_FAILED');
      expect(ws).toEqual({ type: 'error', refusal: http.refusal, data: undefined, stillOpen: true });
    }
  });

  it('answers an operation it cannot pick with OPERATION_RESOLUTION_FAILURE over both', async () => {
    for (const body of [
      request('query A { version } query B { version }'),
      JSON.stringify({ query: '{ version }', operationName: 'Other' }),
    ]) {
      const http = await overHttp(body);
      const ws = await overWs(body);
      expect(http.refusal?.code).toBe('OPERATION_RESOLUTION_FAILURE');
      expect(ws).toEqual({ type: 'error', refusal: http.refusal, data: undefined, stillOpen: true });
    }
  });

  it('refuses text no event can hold over graphql-ws as over HTTP, and writes nothing', async () => {
    const cases = [
      [M.submit, { input: { ...newReport, description: `${newReport.description}\u0000` } }],
      [M.submit, { input: { ...newReport, title: 'Jalan \uD800 rusak' } }],
      [M.submit, { input: { ...newReport, reporter: { name: 'Warga', email: 'x\uDFFF@example.org' } } }],
      [
        `mutation { submitReport(input: { kind: COMPLAINT, title: "Jalan rusak \\u0000", description: "${newReport.description}" }) { report { trackingId } } }`,
        {},
      ],
      ['{ version }', { x: JSON.parse(deep(500, '[', '"dalam"', ']')) }],
    ] as const;
    for (const [query, variables] of cases) {
      const before = await countEvents();
      const http = await overHttp(request(query, variables), reporter);
      const ws = await overWs(request(query, variables), reporter);
      expect(http.refusal?.code).toBe('BAD_USER_INPUT');
      expect(http.refusal?.message).toMatch(/^Text must not contain|^Variables nest more than 64 levels deep/);
      expect(ws).toEqual({ type: 'error', refusal: http.refusal, data: undefined, stillOpen: true });
      expect(await countEvents()).toBe(before);
    }
    // The same mutation with storable text is run over graphql-ws.
    const accepted = await overWs(
      request(M.submit, { input: { ...newReport, title: 'Jalan rusak 🙈 berlubang' } }),
      reporter,
    );
    expect(accepted.data).toMatchObject({ submitReport: { report: { trackingId: expect.any(String) } } });
  });

  it('counts operations over graphql-ws against the same per-client budget as over HTTP', async () => {
    const limited = await startTestService({
      RATE_LIMIT_QUERIES_PER_MINUTE: '3',
      RATE_LIMIT_MUTATIONS_PER_MINUTE: '1',
    });
    try {
      const query = request('{ version }');
      // Two queries over HTTP and one over graphql-ws spend the IP's budget of 3...
      for (let i = 0; i < 2; i++) expect((await overHttp(query, undefined, limited.url)).data).toBeDefined();
      expect((await overWs(query, undefined, { url: limited.url, thenAsk: false })).type).toBe('next');
      // ...so the fourth is refused over either transport.
      const ws = await overWs(query, undefined, { url: limited.url, thenAsk: false });
      expect(ws.refusal).toEqual({
        code: 'RATE_LIMITED',
        message: expect.stringMatching(/^Too many queries from this client; try again in \d+ s$/),
      });
      const http = await overHttp(query, undefined, limited.url);
      expect([http.status, http.refusal?.code]).toEqual([429, 'RATE_LIMITED']);
      // Mutations have their own budget: one over graphql-ws, then refused over HTTP.
      const admin = await limited.token({ sub: 'admin-ws', role: 'ADMIN' });
      const mutation = request('mutation { removeHoliday(date: "2026-01-01") { date } }');
      expect((await overWs(mutation, admin, { url: limited.url, thenAsk: false })).refusal?.code).not.toBe(
        'RATE_LIMITED',
      );
      expect((await overHttp(mutation, admin, limited.url)).refusal?.code).toBe('RATE_LIMITED');
    } finally {
      await limited.stop();
    }
  });
});
