import { randomBytes } from 'node:crypto';
import pg from 'pg';
import { startEmbeddedPostgres } from './embedded-postgres.js';

export interface ScratchDatabase {
  url: string;
  kind: 'embedded' | 'external';
  drop(): Promise<void>;
}

/**
 * A new, empty database for one test file or benchmark run, dropped afterwards: created on the
 * server at `serverUrl` when given, otherwise an in-memory embedded PostgreSQL.
 */
export async function createScratchDatabase(prefix: string, serverUrl: string | undefined): Promise<ScratchDatabase> {
  if (!serverUrl) {
    const embedded = await startEmbeddedPostgres();
    return { url: embedded.url, kind: 'embedded', drop: () => embedded.stop() };
  }
  const name = `${prefix}_${process.pid}_${randomBytes(4).toString('hex')}`;
  await withClient(serverUrl, (client) => client.query(`CREATE DATABASE ${name}`));
  const url = new URL(serverUrl);
  url.pathname = `/${name}`;
  return {
    url: url.toString(),
    kind: 'external',
    drop: () =>
      withClient(serverUrl, (client) => client.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`)).then(
        () => undefined,
      ),
  };
}

async function withClient<T>(url: string, work: (client: pg.Client) => Promise<T>): Promise<T> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    return await work(client);
  } finally {
    await client.end();
  }
}
