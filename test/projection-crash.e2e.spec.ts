import { spawn, type ChildProcess } from 'node:child_process';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { DataSource } from 'typeorm';
import { allProjections } from '../projections/index.js';
import { generateEvents } from '../bench/lifecycle-generator.js';
import { dataSourceOptions, migrate } from '../src/database/data-source.js';
import { createScratchDatabase, type ScratchDatabase } from '../src/database/scratch-database.js';
import { createPool } from '../src/event-store/event-store.module.js';
import { PostgresEventLog } from '../src/event-store/postgres-event-log.js';
import { PostgresEventStore } from '../src/event-store/postgres-event-store.js';
import { rebuildProjections } from '../src/projection-engine/projection-rebuild.js';
import { freePort } from './support/spawned-service.js';

const EVENTS = 100_000;

// A process killed with SIGKILL needs a server whose sessions outlive it; the embedded database
// lives inside the process that is killed, so this runs against DATABASE_URL only.
(process.env.DATABASE_URL ? describe : describe.skip)('projections after a crash', () => {
  let database: ScratchDatabase;
  let dataSource: DataSource;
  let pool: ReturnType<typeof createPool>;
  let service: ChildProcess | undefined;
  const start = async () => {
    const port = await freePort();
    service = spawn(process.execPath, ['dist/src/main.js'], {
      env: {
        ...process.env,
        DATABASE_URL: database.url,
        PORT: String(port),
        HOST: '127.0.0.1',
        LOG_LEVEL: 'error',
        PROJECTION_BATCH_SIZE: '500',
        DEADLINE_WATCH_INTERVAL_MS: '0',
        RATE_LIMIT_QUERIES_PER_MINUTE: '0',
      },
      stdio: 'ignore',
    });
  };
  const positions = async (): Promise<Map<string, bigint>> =>
    new Map(
      (await dataSource.query(`SELECT name, position::text AS position FROM checkpoints`)).map(
        (r: { name: string; position: string }) => [r.name, BigInt(r.position)],
      ),
    );
  /** Events the furthest-behind read model has still to apply. */
  const lag = async (): Promise<number> => {
    const [row] = await dataSource.query(
      `SELECT max((SELECT count(*) FROM events e WHERE ce.global_position IS NULL OR (e.transaction_id, e.global_position) > (ce.transaction_id, ce.global_position)))::int AS lag
         FROM unnest($1::text[]) AS n(name) LEFT JOIN checkpoints c ON c.name = n.name LEFT JOIN events ce ON ce.global_position = c.position`,
      [allProjections().map((p) => p.name)],
    );
    return row.lag;
  };
  const snapshot = () =>
    Promise.all(
      allProjections()
        .flatMap((p) => p.tables)
        .map((t) => dataSource.query(`SELECT * FROM ${t} ORDER BY ${t}::text`)),
    );

  beforeAll(async () => {
    database = await createScratchDatabase('aduan_test', process.env.DATABASE_URL);
    await migrate(database.url);
    dataSource = await new DataSource(dataSourceOptions(database.url, 4)).initialize();
    pool = createPool(database.url, 4);
    expect(await generateEvents(pool, EVENTS)).toBeGreaterThanOrEqual(EVENTS);
  }, 600_000);
  afterAll(async () => {
    service?.kill('SIGKILL');
    await pool?.end();
    await dataSource?.destroy();
    await database?.drop();
  });

  it('loses and duplicates nothing when the process is killed while catching up', async () => {
    await start();
    for (let waited = 0; ; waited += 50) {
      const seen = await positions();
      if (allProjections().every((p) => (seen.get(p.name) ?? 0n) > 0n)) break;
      if (waited > 120_000) throw new Error('the projections never started');
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
    service!.kill('SIGKILL');
    await new Promise((resolve) => service!.once('exit', resolve));
    expect(await lag()).toBeGreaterThan(0);

    await start();
    for (let waited = 0; (await lag()) > 0; waited += 200) {
      if (waited > 480_000) throw new Error('the projections did not catch up after the restart');
      await new Promise((resolve) => setTimeout(resolve, 200));
    }
    const afterCrash = await snapshot();

    const store = new PostgresEventStore(pool, { preparedStatements: true });
    await rebuildProjections(allProjections(), { store, log: new PostgresEventLog(pool), dataSource, pool });
    expect(await snapshot()).toEqual(afterCrash);
  }, 900_000);
});
