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
import { PostgresEventStore } from '../src/event-store/postgres-event-store.js';
import { rebuildProjection } from '../src/projection-engine/projection-rebuild.js';
import { chain, reportLifecycles, type EventRow } from './lifecycle-generator.js';

const { values: args } = parseArgs({ options: { events: { type: 'string', default: '1000000' }, json: { type: 'boolean', default: false } } });
const target = Number(args.events);

async function main(): Promise<void> {
  if (!process.env.DATABASE_URL) console.error('DATABASE_URL is not set: measuring the embedded database instead');
  const database = await createScratchDatabase('aduan_bench', process.env.DATABASE_URL);
  const pool = createPool(database.url, 6);
  let dataSource: DataSource | undefined;
  try {
    await migrate(database.url);
    dataSource = await new DataSource(dataSourceOptions(database.url, 6)).initialize();
    let batch: EventRow[] = [];
    let stored = 0;
    const flush = async () => {
      if (batch.length === 0) return;
      const column = <K extends keyof EventRow>(key: K) => batch.map((row) => row[key]);
      await pool.query(
        `INSERT INTO events (stream_id, stream_version, event_id, type, schema_version, data, metadata, recorded_at, content_hash, hash)
         SELECT * FROM unnest($1::text[], $2::bigint[], $3::uuid[], $4::text[], $5::int[], $6::jsonb[], $7::jsonb[], $8::timestamptz[], $9::bytea[], $10::bytea[])`,
        [column('stream_id'), column('stream_version'), column('event_id'), column('type'), column('schema_version'), column('data'), column('metadata'), column('recorded_at'), column('content_hash'), column('hash')],
      );
      stored += batch.length;
      batch = [];
    };
    const agencies = Array.from({ length: 60 }, (_, i) => `00000000-0000-4000-8000-${String(i).padStart(12, '0')}`);
    for (const [i, agencyId] of agencies.entries()) {
      const data = { agencyId, name: `Instansi ${i}`, agencyType: i < 34 ? 'MINISTRY' : 'CITY', parentId: null, regionCode: null };
      batch.push(...chain(`agency-${agencyId}`, [{ type: 'AgencyRegistered', data }, { type: 'AgencyConnected', data: { connectedAt: '2019-01-02T00:00:00.000Z', decree: null } }], () => '2019-01-02T00:00:00.000Z'));
    }
    for (const rows of reportLifecycles(target, agencies)) {
      batch.push(...rows);
      if (batch.length >= 2000) await flush();
      if (stored + batch.length >= target) break;
    }
    await flush();
    await dataSource.query('ANALYZE');

    let peakRss = process.memoryUsage().rss;
    const sampler = setInterval(() => (peakRss = Math.max(peakRss, process.memoryUsage().rss)), 50);
    const store = new PostgresEventStore(pool, { preparedStatements: database.kind === 'external' });
    const started = performance.now();
    const replayed = await Promise.all(allProjections().map((projection) => rebuildProjection(projection, { store, dataSource: dataSource!, pool })));
    const seconds = (performance.now() - started) / 1000;
    clearInterval(sampler);
    const result = {
      events: stored,
      eventsPerSec: Math.round(stored / seconds),
      peakRssMb: Math.round(peakRss / 1024 / 1024),
      seconds: Math.round(seconds * 10) / 10,
      readModels: replayed.length,
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
