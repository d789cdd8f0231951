/**
 * Generates realistic report lifecycles (about ten events a report) into a fresh database, then
 * rebuilds every read model from position 0, all at once, and prints
 *   { "events", "eventsPerSec", "peakRssMb", "seconds", "plainReadEventsPerSec", "ratioToPlainRead" }
 * where eventsPerSec is events replayed per second of wall time for all read models together, and
 * plainReadEventsPerSec the rate of reading the same events, page by page as the rebuild does, and
 * applying nothing (measured first, in the same run): the ceiling a rebuild cannot pass.
 *
 *   npm run bench:rebuild -- --events 1000000 --json [--only report-timeline] [--keep | --store URL]
 * --only rebuilds one read model, to see what each costs. --keep leaves the generated database in place (its
 * URL on stderr); --store URL rebuilds such a kept store again, without the minutes of generating it.
 */
import { parseArgs } from 'node:util';
import { DataSource } from 'typeorm';
import { allProjections } from '../projections/index.js';
import { dataSourceOptions, migrate } from '../src/database/data-source.js';
import { createPool } from '../src/event-store/event-store.module.js';
import { PostgresEventLog } from '../src/event-store/postgres-event-log.js';
import { PostgresEventStore } from '../src/event-store/postgres-event-store.js';
import { UpcastingEventStore } from '../src/event-store/upcasting-event-store.js';
import { REPORT_UPCASTERS } from '../contexts/reports/report.upcasters.js';
import { REBUILD_BATCH, rebuildProjections } from '../src/projection-engine/projection-rebuild.js';
import type { EventStore } from '../src/event-store/event-store.port.js';
import { generateEvents } from './lifecycle-generator.js';
import { benchDatabase, leaveBenchDatabase } from './bench-database.js';

const { values: args } = parseArgs({
  options: {
    events: { type: 'string', default: '1000000' },
    json: { type: 'boolean', default: false },
    only: { type: 'string' },
    keep: { type: 'boolean', default: false },
    store: { type: 'string' },
  },
});
const target = Number(args.events);

async function main(): Promise<void> {
  if (!process.env.DATABASE_URL) console.error('DATABASE_URL is not set: measuring the embedded database instead');
  const database = await benchDatabase(args.store);
  const pool = createPool(database.url, 6);
  let dataSource: DataSource | undefined;
  try {
    await migrate(database.url);
    dataSource = await new DataSource(dataSourceOptions(database.url, 6)).initialize();
    const stored = args.store ? await countEvents(pool) : await generateEvents(pool, target);
    await dataSource.query('ANALYZE');

    const store = new UpcastingEventStore(
      new PostgresEventStore(pool, { preparedStatements: database.kind === 'external' }),
      REPORT_UPCASTERS,
    );
    const plainRead = await readEverything(store);
    let peakRss = process.memoryUsage().rss;
    const sampler = setInterval(() => (peakRss = Math.max(peakRss, process.memoryUsage().rss)), 50);
    const started = performance.now();
    const projections = allProjections().filter((p) => !args.only || p.name === args.only);
    if (projections.length === 0) throw new Error(`--only names no read model: ${args.only}`);
    await rebuildProjections(projections, { store, log: new PostgresEventLog(pool), dataSource, pool });
    const seconds = (performance.now() - started) / 1000;
    clearInterval(sampler);
    const result = {
      events: stored,
      eventsPerSec: Math.round(stored / seconds),
      peakRssMb: Math.round(peakRss / 1024 / 1024),
      seconds: Math.round(seconds * 10) / 10,
      plainReadEventsPerSec: plainRead,
      ratioToPlainRead: Math.round((stored / seconds / plainRead) * 100) / 100,
      readModels: projections.map((p) => p.name),
      database: database.kind,
    };
    if (args.json) console.log(JSON.stringify(result));
    else console.table(result);
  } finally {
    await pool.end();
    await dataSource?.destroy();
    await leaveBenchDatabase(database, 'rebuild', Boolean(args.keep || args.store));
  }
}

async function countEvents(pool: ReturnType<typeof createPool>): Promise<number> {
  const { rows } = await pool.query<{ n: number }>('SELECT count(*)::int AS n FROM events');
  return rows[0]!.n;
}

/** Events a second of reading the whole log in the rebuild's pages, applying nothing. */
async function readEverything(store: EventStore): Promise<number> {
  const started = performance.now();
  let after = 0n;
  let events = 0;
  for (;;) {
    const page = await store.readAll({ after, limit: REBUILD_BATCH });
    if (page.events.length === 0) break;
    events += page.events.length;
    after = page.position;
  }
  return Math.round(events / ((performance.now() - started) / 1000));
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
