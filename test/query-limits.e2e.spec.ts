import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { startTestService, type TestService } from './support/service.js';

describe('GraphQL operation limits', () => {
  let service: TestService;
  beforeAll(async () => {
    service = await startTestService({ GRAPHQL_MAX_DEPTH: '4' });
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
});
