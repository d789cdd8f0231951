import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import pg from 'pg';
import { startEmbeddedPostgres, type EmbeddedPostgres } from '../src/database/embedded-postgres.js';

describe('the embedded PostgreSQL', () => {
  let embedded: EmbeddedPostgres;
  beforeAll(async () => {
    embedded = await startEmbeddedPostgres();
  });
  afterAll(async () => embedded?.stop());

  it("keeps each connection's extended-protocol exchanges whole under concurrency", async () => {
    const pool = new pg.Pool({ connectionString: embedded.url, max: 16 });
    try {
      const results = await Promise.all(
        Array.from({ length: 400 }, (_, i) =>
          i % 2 === 0
            ? pool.query('SELECT $1::int + $2::int AS v', [i, 1]).then((r) => r.rows[0].v === i + 1)
            : pool
                .query('SELECT $1::text || $2::text || $3::text AS v', ['a', String(i), 'z'])
                .then((r) => r.rows[0].v === `a${i}z`),
        ),
      );
      expect(results.every(Boolean)).toBe(true);
    } finally {
      await pool.end();
    }
  });

  it("runs one connection's transaction without letting another in, and rolls back a vanished one", async () => {
    const setup = new pg.Client({ connectionString: embedded.url });
    await setup.connect();
    await setup.query('CREATE TABLE counter (n int)');
    await setup.query('INSERT INTO counter VALUES (0)');
    const a = new pg.Client({ connectionString: embedded.url });
    await a.connect();
    await a.query('BEGIN');
    await a.query('UPDATE counter SET n = n + 1');
    const other = setup.query('SELECT n FROM counter');
    await new Promise((resolve) => setTimeout(resolve, 50));
    await a.query('UPDATE counter SET n = n + 1');
    await a.query('COMMIT');
    expect((await other).rows[0].n).toBe(2);

    const b = new pg.Client({ connectionString: embedded.url });
    b.on('error', () => undefined);
    await b.connect();
    await b.query('BEGIN');
    await b.query('UPDATE counter SET n = 100');
    b.connection.stream.destroy();
    expect((await setup.query('SELECT n FROM counter')).rows[0].n).toBe(2);
    await Promise.all([a.end(), setup.end()]);
  });
});
