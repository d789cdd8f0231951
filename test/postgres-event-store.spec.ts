import { afterAll, beforeAll, describe, expect, it, jest } from '@jest/globals';
import { randomUUID } from 'node:crypto';
import pg from 'pg';
import { PostgresEventStore } from '../src/event-store/postgres-event-store.js';
import { prepareEvents } from '../src/event-store/prepare-events.js';
import { event, eventStoreContract } from './contracts/event-store.contract.js';
import { createTestDatabase, type TestDatabase } from './support/test-database.js';

const onServer = Boolean(process.env.DATABASE_URL);

eventStoreContract(`PostgreSQL (${onServer ? 'server at DATABASE_URL' : 'embedded PGlite'})`, { concurrentTransactions: onServer }, async () => {
  const database = await createTestDatabase();
  const pool = new pg.Pool({ connectionString: database.url, max: 12 });
  const superuser = async (sql: string, values: unknown[]) => {
    const client = await pool.connect();
    try {
      await client.query('BEGIN');
      await client.query('ALTER TABLE events DISABLE TRIGGER USER');
      await client.query(sql, values);
      await client.query('ALTER TABLE events ENABLE TRIGGER USER');
      await client.query('COMMIT');
    } finally {
      client.release();
    }
  };
  return {
    store: new PostgresEventStore(pool),
    tamperData: (streamId, version, data) => superuser('UPDATE events SET data = $3 WHERE stream_id = $1 AND stream_version = $2', [streamId, version, data]),
    deleteEvent: (streamId, version) => superuser('DELETE FROM events WHERE stream_id = $1 AND stream_version = $2', [streamId, version]),
    appendInOpenTransaction: async (streamId, events) => {
      const client = await pool.connect();
      await client.query('BEGIN');
      const payload = prepareEvents(streamId, events).map((e) => ({ ...e, data: JSON.parse(e.data), metadata: JSON.parse(e.metadata) }));
      await client.query('SELECT * FROM aduan_append_events($1, -1, $2::jsonb)', [streamId, JSON.stringify(payload)]);
      return {
        async commit() {
          await client.query('COMMIT');
          client.release();
        },
      };
    },
    async close() {
      await pool.end();
      await database.drop();
    },
  };
});

describe('PostgreSQL event store specifics', () => {
  let database: TestDatabase;
  let pool: pg.Pool;
  let store: PostgresEventStore;
  beforeAll(async () => {
    database = await createTestDatabase();
    pool = new pg.Pool({ connectionString: database.url, max: 4 });
    store = new PostgresEventStore(pool);
  });
  afterAll(async () => {
    await pool.end();
    await database.drop();
  });

  it('appends one command\'s events in a single round trip', async () => {
    const query = jest.spyOn(pool, 'query');
    await store.appendToStream(`test-${randomUUID()}`, 'no_stream', [event(), event(), event()]);
    expect(query).toHaveBeenCalledTimes(1);
    query.mockRestore();
  });

  it.each([
    ['UPDATE', "UPDATE events SET type = 'Changed'"],
    ['DELETE', 'DELETE FROM events'],
    ['TRUNCATE', 'TRUNCATE events'],
  ])('refuses %s on the events table', async (operation, sql) => {
    await store.appendToStream(`test-${randomUUID()}`, 'no_stream', [event()]);
    const before = await pool.query('SELECT count(*)::int AS n FROM events');
    await expect(pool.query(sql)).rejects.toMatchObject({ code: 'AD003', message: expect.stringContaining(operation) });
    expect((await pool.query('SELECT count(*)::int AS n FROM events')).rows).toEqual(before.rows);
  });
});
