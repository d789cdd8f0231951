import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { GraphQLSchemaHost } from '@nestjs/graphql';
import { lexicographicSortSchema, printSchema } from 'graphql';
import { printServiceSchema } from '../src/graphql/print-schema.js';
import { startTestService, type TestService } from './support/service.js';

/**
 * `npx aduan schema` prints the schema from the resolvers, without a database, for the console's
 * code generation: it must be exactly what the running service (in development) serves.
 */
describe('the printed schema (npx aduan schema)', () => {
  let service: TestService;
  beforeAll(async () => {
    service = await startTestService();
  }, 120_000);
  afterAll(async () => service?.stop());

  it('is the schema the development service serves, to the character', async () => {
    const served = printSchema(lexicographicSortSchema(service.app.get(GraphQLSchemaHost).schema));
    const printed = await printServiceSchema();
    expect(printed).toContain('issueDevelopmentToken(input: DevelopmentTokenInput!): DevelopmentToken!');
    expect(printed).toContain('viewer: Viewer!');
    expect(printed.split('\n').length).toBeGreaterThan(1000);
    expect(printed).toBe(served);
  });
});
