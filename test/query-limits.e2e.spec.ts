import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { request } from 'node:http';
import { deflateSync, gzipSync } from 'node:zlib';
import { DataSource } from 'typeorm';
import { startTestService, type TestService } from './support/service.js';

describe('GraphQL operation limits and HTTP hardening', () => {
  let service: TestService;
  beforeAll(async () => {
    service = await startTestService({
      GRAPHQL_MAX_DEPTH: '4',
      CORS_ORIGINS: 'https://lapor.go.id',
      GRAPHQL_MAX_COST: '300',
      REQUEST_BODY_LIMIT_BYTES: '20000',
    });
  });
  afterAll(async () => service?.stop());

  it('refuses operations nested deeper than GRAPHQL_MAX_DEPTH, through fragments too, before they run', async () => {
    expect((await service.ok(`{ reports(first: 1) { edges { node { trackingId } } } }`)).reports.edges).toEqual([]);
    for (const query of [
      `{ reports(first: 1) { edges { node { agency { name } } } } }`,
      `query { reports(first: 1) { ...Page } } fragment Page on ReportConnection { edges { node { ...Where } } } fragment Where on Report { agency { name } }`,
      `{ reports(first: 1) { edges { ... on ReportEdge { node { agency { name } } } } } }`,
    ]) {
      const error = await service.error(query);
      expect(error.extensions).toMatchObject({ code: 'GRAPHQL_VALIDATION_FAILED' });
      expect(error.message).toBe('The operation nests 5 fields deep; at most 4 are allowed');
    }
    // Introspection's own fields do not count, so tools can still read the schema.
    expect(
      (await service.ok(`{ __schema { queryType { fields { type { ofType { ofType { name } } } } } } }`)).__schema
        .queryType.fields.length,
    ).toBeGreaterThan(5);
  });

  it('sends security headers, and CORS headers to the configured origins only', async () => {
    const ask = (origin: string) =>
      fetch(`${service.url}/graphql`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', origin },
        body: JSON.stringify({ query: '{ version }' }),
      });
    const allowed = await ask('https://lapor.go.id');
    expect(allowed.status).toBe(200);
    expect(allowed.headers.get('access-control-allow-origin')).toBe('https://lapor.go.id');
    expect(allowed.headers.get('x-content-type-options')).toBe('nosniff');
    expect(allowed.headers.get('x-frame-options')).toBe('DENY');
    expect(allowed.headers.get('referrer-policy')).toBe('no-referrer');
    expect(allowed.headers.get('cache-control')).toBe('no-store');
    const other = await ask('https://evil.example');
    expect(other.headers.get('access-control-allow-origin')).toBeNull();
    const preflight = await fetch(`${service.url}/graphql`, {
      method: 'OPTIONS',
      headers: {
        origin: 'https://lapor.go.id',
        'access-control-request-method': 'POST',
        'access-control-request-headers': 'content-type,authorization',
      },
    });
    expect(preflight.status).toBeLessThan(300);
    expect(preflight.headers.get('access-control-allow-headers')).toContain('authorization');
    // An Open311 client in a browser sends its retry key (docs/open311.md) to another origin.
    const open311 = await fetch(`${service.url}/open311/v2/requests.json`, {
      method: 'OPTIONS',
      headers: {
        origin: 'https://lapor.go.id',
        'access-control-request-method': 'POST',
        'access-control-request-headers': 'content-type,x-api-key,idempotency-key',
      },
    });
    expect(open311.status).toBeLessThan(300);
    expect(open311.headers.get('access-control-allow-headers')?.split(/, */)).toEqual(
      expect.arrayContaining(['x-api-key', 'idempotency-key']),
    );
  });

  it('can close introspection and the GraphiQL page (both closed by default when NODE_ENV=production)', async () => {
    const page = await fetch(`${service.url}/graphql`, { headers: { accept: 'text/html' } });
    expect(page.headers.get('content-type')).toContain('text/html');
    const closed = await startTestService({ GRAPHQL_INTROSPECTION: 'false', GRAPHQL_IDE: 'false' });
    try {
      const error = await closed.error(`{ __schema { queryType { name } } }`);
      expect(error.extensions).toMatchObject({ code: 'GRAPHQL_VALIDATION_FAILED' });
      expect(error.message).toContain('introspection');
      const noPage = await fetch(`${closed.url}/graphql`, { headers: { accept: 'text/html' } });
      expect(noPage.headers.get('content-type') ?? '').not.toContain('text/html');
      expect((await closed.ok(`{ version }`)).version).toEqual(expect.any(String));
    } finally {
      await closed.stop();
    }
  });

  it('refuses operations costing more than GRAPHQL_MAX_COST before they run: page sizes and aliases count', async () => {
    expect(
      (await service.ok(`{ reports(first: 20) { edges { node { trackingId title status } } } }`)).reports.edges,
    ).toEqual([]);
    for (const query of [
      `{ reports(first: 100) { edges { node { trackingId title status } } } }`,
      `{ ${Array.from({ length: 40 }, (_, i) => `a${i}: categories { code name }`).join(' ')} }`,
      `query($n: Int = 90) { reports(first: $n) { edges { node { trackingId title status } } } }`,
    ]) {
      const error = await service.error(query);
      expect(error.extensions).toMatchObject({ code: 'GRAPHQL_VALIDATION_FAILED' });
      expect(error.message).toMatch(/^The operation would cost \d+; at most 300 is allowed/);
    }
  });

  it('answers a body over REQUEST_BODY_LIMIT_BYTES with 413, and a body that is not JSON with 400, both shaped as GraphQL errors', async () => {
    const post = (body: string) =>
      fetch(`${service.url}/graphql`, { method: 'POST', headers: { 'content-type': 'application/json' }, body });
    const large = await post(JSON.stringify({ query: '{ version }', variables: { x: 'a'.repeat(30_000) } }));
    expect(large.status).toBe(413);
    expect(large.headers.get('x-content-type-options')).toBe('nosniff');
    expect(await large.json()).toEqual({
      errors: [
        {
          message: 'The request body is larger than 20000 bytes (REQUEST_BODY_LIMIT_BYTES)',
          extensions: { code: 'PAYLOAD_TOO_LARGE' },
        },
      ],
    });
    const broken = await post('{"query": "{ version }"');
    expect(broken.status).toBe(400);
    expect(await broken.json()).toEqual({
      errors: [{ message: 'The request body is not valid JSON', extensions: { code: 'BAD_REQUEST' } }],
    });
  });

  it('reads gzip and deflate bodies, holds the limit to what they inflate to, and refuses other encodings with 415', async () => {
    const post = (body: Buffer, encoding: string) =>
      fetch(`${service.url}/graphql`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', 'content-encoding': encoding },
        body,
      });
    const query = Buffer.from(JSON.stringify({ query: '{ version }' }));
    for (const [encoding, body] of [
      ['gzip', gzipSync(query)],
      ['deflate', deflateSync(query)],
      ['GZIP', gzipSync(query)],
    ] as const) {
      const answer = await post(body, encoding);
      expect([encoding, answer.status]).toEqual([encoding, 200]);
      expect(((await answer.json()) as { data: { version: string } }).data.version).toEqual(expect.any(String));
    }
    // 30,000 bytes of JSON squeeze into a few hundred: the limit (20,000) holds for what they inflate to.
    const bomb = gzipSync(JSON.stringify({ query: '{ version }', variables: { x: 'a'.repeat(30_000) } }));
    expect(bomb.length).toBeLessThan(20_000);
    const inflated = await post(bomb, 'gzip');
    expect(inflated.status).toBe(413);
    expect(await inflated.json()).toEqual({
      errors: [
        {
          message: 'The request body is larger than 20000 bytes (REQUEST_BODY_LIMIT_BYTES)',
          extensions: { code: 'PAYLOAD_TOO_LARGE' },
        },
      ],
    });
    for (const [encoding, body] of [
      ['br', query],
      ['gzip', query],
    ] as const) {
      const refused = await post(body, encoding);
      expect([encoding, refused.status]).toEqual([encoding, encoding === 'br' ? 415 : 400]);
      expect(await refused.json()).toEqual({
        errors: [
          {
            message: 'The request body could not be read (send JSON, UTF-8, uncompressed or gzip)',
            extensions: { code: 'BAD_REQUEST' },
          },
        ],
      });
    }
  });

  it('answers what cannot be routed or read before any handler as a client error, with the security headers', async () => {
    /** A raw request, so the Host header and the URL go out as written. */
    const raw = (path: string, headers: Record<string, string>, body = '') =>
      new Promise<{ status: number; headers: Record<string, unknown>; body: string }>((resolve, reject) => {
        const url = new URL(service.url);
        const sent = request({ host: url.hostname, port: url.port, path, method: body ? 'POST' : 'GET', headers });
        sent.on('error', reject);
        sent.on('response', (answer) => {
          let text = '';
          answer.on('data', (chunk: Buffer) => (text += chunk.toString()));
          answer.on('end', () => resolve({ status: answer.statusCode!, headers: answer.headers, body: text }));
        });
        sent.end(body);
      });
    const query = JSON.stringify({ query: '{ version }' });
    const badHost = await raw('/graphql', { host: 'a b', 'content-type': 'application/json' }, query);
    expect([badHost.status, JSON.parse(badHost.body).errors[0].extensions.code]).toEqual([400, 'BAD_REQUEST']);
    const badUrl = await raw('/open311/v2/requests/%E0%A4%A.json', {});
    expect(badUrl.status).toBe(400);
    expect(badUrl.headers['x-content-type-options']).toBe('nosniff');
    expect(JSON.parse(badUrl.body).errors[0].extensions.code).toBe('BAD_REQUEST');
    // A trailing slash is the same path; an OPTIONS that is no preflight is answered, not refused.
    const slash = await fetch(`${service.url}/graphql/`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: query,
    });
    expect(slash.status).toBe(200);
    expect((await fetch(`${service.url}/graphql`, { method: 'OPTIONS' })).status).toBeLessThan(300);
  });

  it('limits queries and mutations per client with RATE_LIMITED, HTTP 429 and Retry-After', async () => {
    const limited = await startTestService({
      RATE_LIMIT_QUERIES_PER_MINUTE: '5',
      RATE_LIMIT_MUTATIONS_PER_MINUTE: '2',
    });
    try {
      const ask = (query: string, token?: string) =>
        fetch(`${limited.url}/graphql`, {
          method: 'POST',
          headers: { 'content-type': 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}) },
          body: JSON.stringify({ query }),
        });
      for (let i = 0; i < 5; i++) expect((await ask('{ version }')).status).toBe(200);
      const refused = await ask('{ version }');
      expect(refused.status).toBe(429);
      expect(Number(refused.headers.get('retry-after'))).toBeGreaterThanOrEqual(1);
      const body = (await refused.json()) as { errors: { message: string; extensions: Record<string, unknown> }[] };
      expect(body.errors[0]).toEqual({
        message: expect.stringMatching(/^Too many queries from this client; try again in \d+ s$/),
        extensions: { code: 'RATE_LIMITED', retryAfterSeconds: expect.any(Number) },
      });
      // Mutations have their own budget, spent by refused mutations too.
      const mutation = 'mutation { removeHoliday(date: "2026-01-01") { date } }';
      const admin = await limited.token({ sub: 'admin-1', role: 'ADMIN' });
      for (let i = 0; i < 2; i++) expect((await ask(mutation, admin)).status).not.toBe(429);
      const events = () => limited.app.get(DataSource).query(`SELECT count(*)::int AS n FROM events`);
      const before = await events();
      expect((await ask(mutation, admin)).status).toBe(429);
      expect(await events()).toEqual(before);
    } finally {
      await limited.stop();
    }
  });

  it('accepts attachment URLs only with ATTACHMENT_URL_SCHEMES (https by default) and never fetches them', async () => {
    const submit = `mutation($input: SubmitReportInput!) { submitReport(input: $input) { report { attachments { url } } } }`;
    const report = (url: string) => ({
      input: {
        title: 'Lampiran berbahaya',
        description: 'Laporan dengan lampiran yang diuji skemanya.',
        attachments: [{ name: 'a.jpg', mediaType: 'image/jpeg', size: 10, sha256: 'c'.repeat(64), url }],
      },
    });
    expect(
      (await service.ok(submit, report('https://files.lapor.go.id/a.jpg'))).submitReport.report.attachments,
    ).toEqual([{ url: 'https://files.lapor.go.id/a.jpg' }]);
    for (const url of [
      'http://files.lapor.go.id/a.jpg',
      'javascript:alert(1)',
      'file:///etc/passwd',
      'ftp://x.id/a.jpg',
      'not a url',
    ]) {
      expect((await service.error(submit, report(url))).extensions).toMatchObject({ code: 'BAD_USER_INPUT' });
    }
  });
});
