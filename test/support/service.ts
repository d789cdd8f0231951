import type { INestApplication } from '@nestjs/common';
import type { AppOverrides } from '../../src/app.module.js';
import { signToken } from '../../src/auth/token-verifier.js';
import { startApp } from '../../src/bootstrap.js';
import { loadConfig, type AppConfig } from '../../src/config/config.js';
import { createScratchDatabase, type ScratchDatabase } from '../../src/database/scratch-database.js';
import type { Role } from '../../contexts/principals/actor.js';
import { graphql } from './graphql.js';

/** The whole service on a fresh database, listening on a free port, for tests over HTTP. */
export interface TestService {
  app: INestApplication;
  url: string;
  config: AppConfig;
  database: ScratchDatabase;
  token(claims: { sub: string; role: Role; agencyId?: string | null }): Promise<string>;
  /** Runs an operation and returns its data, failing the test on any error. */
  ok<Data = any>(query: string, variables?: Record<string, unknown>, token?: string): Promise<Data>;
  /** Runs an operation that must fail and returns its first error. */
  error(
    query: string,
    variables?: Record<string, unknown>,
    token?: string,
  ): Promise<{ message: string; extensions?: Record<string, unknown> }>;
  stop(): Promise<void>;
}

/** On a fresh scratch database, or on `existing` (which stop() then drops). */
export async function startTestService(
  env: Record<string, string> = {},
  overrides: AppOverrides = {},
  existing?: ScratchDatabase,
): Promise<TestService> {
  const database = existing ?? (await createScratchDatabase('aduan_test', process.env.DATABASE_URL));
  const config = {
    ...loadConfig({
      HOST: '127.0.0.1',
      LOG_LEVEL: 'error',
      DEADLINE_WATCH_INTERVAL_MS: '0',
      RATE_LIMIT_QUERIES_PER_MINUTE: '0',
      RATE_LIMIT_MUTATIONS_PER_MINUTE: '0',
      ...env,
    }),
    port: 0,
  };
  const app = await startApp(config, database, overrides);
  const url = (await app.getUrl()).replace('[::1]', '127.0.0.1');
  return {
    app,
    url,
    config,
    database,
    token: (claims) => signToken(config.auth.jwtSecret!, claims),
    async ok(query, variables, token) {
      const { body } = await graphql(url, query, variables, token);
      if (body.errors) throw new Error(`Unexpected GraphQL error: ${JSON.stringify(body.errors)}`);
      return body.data as any;
    },
    async error(query, variables, token) {
      const { body } = await graphql(url, query, variables, token);
      if (!body.errors?.length) throw new Error(`Expected an error, got ${JSON.stringify(body.data)}`);
      return body.errors[0]!;
    },
    async stop() {
      await app.close();
      await database.drop();
    },
  };
}
