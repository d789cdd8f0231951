import { randomBytes } from 'node:crypto';
import pg from 'pg';
import { migrate } from '../../src/database/data-source.js';
import { startEmbeddedPostgres } from '../../src/database/embedded-postgres.js';

export interface TestDatabase {
  url: string;
  kind: 'embedded' | 'external';
  drop(): Promise<void>;
}

/**
 * A fresh, migrated database for one test file: a new database on the server at DATABASE_URL
 * when it is set, otherwise a new in-memory embedded PostgreSQL. Runs never share state.
 */
export async function createTestDatabase(options: { migrate?: boolean } = {}): Promise<TestDatabase> {
  const database = process.env.DATABASE_URL ? await createServerDatabase(process.env.DATABASE_URL) : await createEmbeddedDatabase();
  if (options.migrate ?? true) await migrate(database.url);
  return database;
}

async function createEmbeddedDatabase(): Promise<TestDatabase> {
  const embedded = await startEmbeddedPostgres();
  return { url: embedded.url, kind: 'embedded', drop: () => embedded.stop() };
}

async function createServerDatabase(serverUrl: string): Promise<TestDatabase> {
  const name = `aduan_test_${process.pid}_${randomBytes(4).toString('hex')}`;
  await withAdmin(serverUrl, (client) => client.query(`CREATE DATABASE ${name}`));
  const url = new URL(serverUrl);
  url.pathname = `/${name}`;
  return {
    url: url.toString(),
    kind: 'external',
    drop: () => withAdmin(serverUrl, (client) => client.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`)).then(() => undefined),
  };
}

async function withAdmin<T>(serverUrl: string, work: (client: pg.Client) => Promise<T>): Promise<T> {
  const client = new pg.Client({ connectionString: serverUrl });
  await client.connect();
  try {
    return await work(client);
  } finally {
    await client.end();
  }
}
