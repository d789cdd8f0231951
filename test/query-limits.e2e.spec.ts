import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { startTestService, type TestService } from './support/service.js';

describe('GraphQL operation limits and HTTP hardening', () => {
  let service: TestService;
  beforeAll(async () => {
    service = await startTestService({ GRAPHQL_MAX_DEPTH: '4', CORS_ORIGINS: 'https://lapor.go.id' });
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
    expect((await service.ok(`{ __schema { queryType { fields { type { ofType { ofType { name } } } } } } }`)).__schema.queryType.fields.length).toBeGreaterThan(5);
  });

  it('sends security headers, and CORS headers to the configured origins only', async () => {
    const ask = (origin: string) =>
      fetch(`${service.url}/graphql`, { method: 'POST', headers: { 'content-type': 'application/json', origin }, body: JSON.stringify({ query: '{ version }' }) });
    const allowed = await ask('https://lapor.go.id');
    expect(allowed.status).toBe(200);
    expect(allowed.headers.get('access-control-allow-origin')).toBe('https://lapor.go.id');
    expect(allowed.headers.get('x-content-type-options')).toBe('nosniff');
    expect(allowed.headers.get('x-frame-options')).toBe('DENY');
    expect(allowed.headers.get('referrer-policy')).toBe('no-referrer');
    const other = await ask('https://evil.example');
    expect(other.headers.get('access-control-allow-origin')).toBeNull();
    const preflight = await fetch(`${service.url}/graphql`, {
      method: 'OPTIONS',
      headers: { origin: 'https://lapor.go.id', 'access-control-request-method': 'POST', 'access-control-request-headers': 'content-type,authorization' },
    });
    expect(preflight.status).toBeLessThan(300);
    expect(preflight.headers.get('access-control-allow-headers')).toContain('authorization');
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
});
