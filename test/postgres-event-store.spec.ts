import { afterAll, beforeAll, describe, expect, it, jest } from '@jest/globals';
import { randomUUID } from 'node:crypto';
import pg from 'pg';
import { WrongExpectedVersionError } from '../src/event-store/errors.js';
import { createPool } from '../src/event-store/event-store.module.js';
import type { EventLog } from '../src/event-store/event-log.port.js';
import { headsOfWalk } from '../src/event-store/heads-of-walk.js';
import { PostgresEventLog } from '../src/event-store/postgres-event-log.js';
import { PostgresEventStore } from '../src/event-store/postgres-event-store.js';
import { eventLogContract, headsBelow, headsByWalk } from './contracts/event-log.contract.js';
import { event, eventStoreContract } from './contracts/event-store.contract.js';
import { createTestDatabase, type TestDatabase } from './support/test-database.js';
import { migrate } from '../src/database/data-source.js';

const onServer = Boolean(process.env.DATABASE_URL);

eventStoreContract(
  `PostgreSQL (${onServer ? 'server at DATABASE_URL' : 'embedded PGlite'})`,
  { concurrentTransactions: onServer, tampering: true },
  async () => {
    const database = await createTestDatabase();
    const pool = createPool(database.url, 12);
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
      store: new PostgresEventStore(pool, { preparedStatements: onServer }),
      tamperData: (streamId, version, data) =>
        superuser('UPDATE events SET data = $3 WHERE stream_id = $1 AND stream_version = $2', [
          streamId,
          version,
          data,
        ]),
      deleteEvent: (streamId, version) =>
        superuser('DELETE FROM events WHERE stream_id = $1 AND stream_version = $2', [streamId, version]),
      appendInOpenTransaction: async (streamId, events) => {
        const client = await pool.connect();
        await client.query('BEGIN');
        await new PostgresEventStore(client, { preparedStatements: onServer }).appendToStream(
          streamId,
          'no_stream',
          events,
        );
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
  },
);

eventLogContract(`PostgreSQL (${onServer ? 'server at DATABASE_URL' : 'embedded PGlite'})`, async () => {
  const database = await createTestDatabase();
  const pool = createPool(database.url, 4);
  return {
    store: new PostgresEventStore(pool, { preparedStatements: onServer }),
    log: new PostgresEventLog(pool),
    async close() {
      await pool.end();
      await database.drop();
    },
  };
});

/** The log's frontier once it is above every commit key given (another database's transaction on a shared server can hold it below them for a moment). */
async function frontierAbove(log: EventLog, written: readonly bigint[]): Promise<bigint> {
  let frontier = await log.frontier();
  for (const deadline = Date.now() + 10_000; written.some((key) => key >= frontier);) {
    if (Date.now() > deadline) throw new Error('the frontier never passed the events just written');
    await new Promise((resolve) => setTimeout(resolve, 20));
    frontier = await log.frontier();
  }
  return frontier;
}

describe('PostgreSQL event store specifics', () => {
  let database: TestDatabase;
  let pool: pg.Pool;
  let store: PostgresEventStore;
  beforeAll(async () => {
    database = await createTestDatabase();
    pool = createPool(database.url, 4);
    store = new PostgresEventStore(pool, { preparedStatements: onServer });
  });
  afterAll(async () => {
    await pool.end();
    await database.drop();
  });

  it('skips from stream to stream for the heads below a frontier, a page of streams at a time', async () => {
    const streams = Array.from({ length: 7 }, () => `heads-${randomUUID()}`);
    for (const id of streams) await store.appendToStream(id, 'no_stream', [event(), event()]);
    for (const id of streams.slice(0, 4)) await store.appendToStream(id, 2, [event()]);
    const log = new PostgresEventLog(pool);
    const written: bigint[] = [];
    // A frontier inside the streams: the third event of streams[1] and those after it had not committed.
    let middle = 0n;
    for await (const page of log.walk())
      for (const row of page) {
        if (streams.includes(row.stream_id)) written.push(row.commit_key);
        if (row.stream_id === streams[1] && row.stream_version === 3) middle = row.commit_key;
      }
    const frontier = await frontierAbove(log, written);
    const folded = { headsBelow: (f: bigint) => headsOfWalk(log.walk(), f) } as EventLog;
    for (const f of [frontier, middle]) {
      const heads = await headsByWalk(log, f);
      expect(await headsBelow(new PostgresEventLog(pool, 2), f)).toEqual(heads);
      expect(await headsBelow(new PostgresEventLog(pool, 1), f)).toEqual(heads);
      // The fold the KurrentDB adapter answers with, over the same walk.
      expect(await headsBelow(folded, f)).toEqual(heads);
    }
    const versions = async (f: bigint) =>
      (await headsBelow(log, f))
        .filter(([id]) => streams.includes(id))
        .map(([id, version]) => streams.indexOf(id) + ':' + version);
    expect((await versions(middle)).sort()).toEqual(['0:3', '1:2', '2:2', '3:2', '4:2', '5:2', '6:2']);
    expect((await versions(frontier)).sort()).toEqual(['0:3', '1:3', '2:3', '3:3', '4:2', '5:2', '6:2']);
  });

  it('starts new streams all in one statement, or none of them when one exists', async () => {
    const [fresh, taken] = [`test-${randomUUID()}`, `test-${randomUUID()}`];
    await store.appendToStream(taken, 'no_stream', [event()]);
    const query = jest.spyOn(pool, 'query');
    await expect(
      store.appendToNewStreams([
        { streamId: fresh, events: [event(), event()] },
        { streamId: taken, events: [event()] },
      ]),
    ).rejects.toBeInstanceOf(WrongExpectedVersionError);
    expect(query).toHaveBeenCalledTimes(1);
    query.mockRestore();
    expect(await store.readStream(fresh)).toEqual([]);
    expect(await store.readStream(taken)).toHaveLength(1);
  });

  it("appends a new stream, or a command's events after it read its stream, in a single round trip", async () => {
    const id = `test-${randomUUID()}`;
    const query = jest.spyOn(pool, 'query');
    await store.appendToStream(id, 'no_stream', [event(), event(), event()]);
    expect(query).toHaveBeenCalledTimes(1);
    await store.appendToStream(`test-${randomUUID()}`, 'no_stream', [event()]);
    const other = new PostgresEventStore(pool, { preparedStatements: onServer });
    const history = await other.readStream(id);
    query.mockClear();
    await other.appendToStream(id, history.length, [event(), event()]);
    expect(query).toHaveBeenCalledTimes(1);
    query.mockRestore();
    expect(await other.verifyStream(id)).toMatchObject({ ok: true, version: 5 });
  });

  it('keeps one chain when several store instances (processes) append to one stream', async () => {
    const id = `test-${randomUUID()}`;
    const [a, b] = [
      new PostgresEventStore(pool, { preparedStatements: onServer }),
      new PostgresEventStore(pool, { preparedStatements: onServer }),
    ];
    await a.appendToStream(id, 'no_stream', [event()]);
    await b.readStream(id);
    await a.appendToStream(id, 1, [event()]);
    await expect(b.appendToStream(id, 1, [event()])).rejects.toMatchObject({ code: 'CONCURRENCY_CONFLICT', actual: 2 });
    await b.appendToStream(id, 2, [event()]);
    await a.appendToStream(id, 'any', [event()]);
    expect(await new PostgresEventStore(pool, { preparedStatements: onServer }).verifyStream(id)).toEqual({
      ok: true,
      streamId: id,
      version: 4,
    });
  });

  it('says in plain words why it cannot store text, without the database wording or the stream id', async () => {
    for (const text of ['a\ud800b', 'b\udfff']) {
      const id = `test-${randomUUID()}`;
      const error = await store.appendToStream(id, 'no_stream', [event('TestHappened', { text })]).catch((e) => e);
      expect(error).toMatchObject({
        code: 'INVALID_EVENT',
        message:
          'Cannot store the event: its text holds the NUL character or half of a surrogate pair, which no event can hold',
      });
      expect(await store.readStream(id)).toEqual([]);
    }
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

// PGlite has no other collation to create a database with; the server at DATABASE_URL (PostgreSQL 15 or newer, with ICU) does.
(onServer ? describe : describe.skip)("stream ids on a database whose default collation is a language's", () => {
  const name = `aduan_test_icu_${process.pid}_${randomUUID().slice(0, 8)}`;
  const admin = () => new pg.Client({ connectionString: process.env.DATABASE_URL });
  let pool: pg.Pool;
  beforeAll(async () => {
    const client = admin();
    await client.connect();
    await client.query(
      `CREATE DATABASE ${name} TEMPLATE template0 LOCALE_PROVIDER icu ICU_LOCALE 'en-US' LOCALE 'C.UTF-8'`,
    );
    await client.end();
    const url = new URL(process.env.DATABASE_URL!);
    url.pathname = `/${name}`;
    await migrate(url.toString());
    pool = createPool(url.toString(), 2);
  });
  afterAll(async () => {
    await pool?.end();
    const client = admin();
    await client.connect();
    await client.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
    await client.end();
  });

  it("gives the heads an anchor covers, and the walk's streams, in the ids' byte order (docs/audit.md), not the language's", async () => {
    const streams = ['report-a1', 'report-B2', 'reporter-a3', 'reportX-a4', 'report-\u00e95', 'report-z6'];
    const byteOrder = [...streams].sort((a, b) => Buffer.compare(Buffer.from(a), Buffer.from(b)));
    const [{ ids }] = (
      await pool.query<{ ids: string[] }>(`SELECT array_agg(id ORDER BY id) AS ids FROM unnest($1::text[]) AS id`, [
        streams,
      ])
    ).rows;
    // The database's own order is another: what the ids were sorted by before migration 1763858800000.
    expect(ids).not.toEqual(byteOrder);
    const store = new PostgresEventStore(pool, { preparedStatements: true });
    for (const id of streams) await store.appendToStream(id, 'no_stream', [event()]);
    const log = new PostgresEventLog(pool);
    const walked: string[] = [];
    const written: bigint[] = [];
    for await (const page of log.walk())
      for (const row of page) {
        walked.push(row.stream_id);
        written.push(row.commit_key);
      }
    expect(walked).toEqual(byteOrder);
    const heads = await headsBelow(new PostgresEventLog(pool, 2), await frontierAbove(log, written));
    expect(heads.map(([id]) => id)).toEqual(byteOrder);
    expect((await store.readAll({ categories: ['reporter', 'reportX'] })).events.map((e) => e.streamId)).toEqual([
      'reporter-a3',
      'reportX-a4',
    ]);
  });
});
