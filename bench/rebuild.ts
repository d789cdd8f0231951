/**
 * Generates realistic report lifecycles (about ten events a report) into a fresh database, then
 * rebuilds every read model from position 0, all at once, and prints
 *   { "events", "eventsPerSec", "peakRssMb", "seconds" }
 * where eventsPerSec is events replayed per second of wall time for all read models together.
 *
 *   npm run bench:rebuild -- --events 1000000 --json
 */
import { parseArgs } from 'node:util';
import { DataSource } from 'typeorm';
import { allProjections } from '../projections/index.js';
import { dataSourceOptions, migrate } from '../src/database/data-source.js';
import { createScratchDatabase } from '../src/database/scratch-database.js';
import { createPool } from '../src/event-store/event-store.module.js';
import { PostgresEventLog } from '../src/event-store/postgres-event-log.js';
import { PostgresEventStore } from '../src/event-store/postgres-event-store.js';
import { UpcastingEventStore } from '../src/event-store/upcasting-event-store.js';
import { REPORT_UPCASTERS } from '../contexts/reports/report.upcasters.js';
import { rebuildProjections } from '../src/projection-engine/projection-rebuild.js';
import { generateEvents } from './lifecycle-generator.js';

const { values: args } = parseArgs({
  options: { events: { type: 'string', default: '1000000' }, json: { type: 'boolean', default: false } },
});
const target = Number(args.events);

async function main(): Promise<void> {
  if (!process.env.DATABASE_URL) console.error('DATABASE_URL is not set: measuring the embedded database instead');
  const database = await createScratchDatabase('aduan_bench', process.env.DATABASE_URL);
  const pool = createPool(database.url, 6);
  let dataSource: DataSource | undefined;
  try {
    await migrate(database.url);
    dataSource = await new DataSource(dataSourceOptions(database.url, 6)).initialize();
    const stored = await generateEvents(pool, target);
    await dataSource.query('ANALYZE');

    let peakRss = process.memoryUsage().rss;
    const sampler = setInterval(() => (peakRss = Math.max(peakRss, process.memoryUsage().rss)), 50);
    const store = new UpcastingEventStore(
      new PostgresEventStore(pool, { preparedStatements: database.kind === 'external' }),
      REPORT_UPCASTERS,
    );
    const started = performance.now();
    const projections = allProjections();
    await rebuildProjections(projections, { store, log: new PostgresEventLog(pool), dataSource, pool });
    const seconds = (performance.now() - started) / 1000;
    clearInterval(sampler);
    const result = {
      events: stored,
      eventsPerSec: Math.round(stored / seconds),
      peakRssMb: Math.round(peakRss / 1024 / 1024),
      seconds: Math.round(seconds * 10) / 10,
      readModels: projections.length,
      database: database.kind,
    };
    if (args.json) console.log(JSON.stringify(result));
    else console.table(result);
  } finally {
    await pool.end();
    await dataSource?.destroy();
    await database.drop();
  }
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
