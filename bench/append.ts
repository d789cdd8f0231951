/**
 * Appends of one event to new streams from N concurrent writers, against plain single-row
 * INSERTs into a table of the same shape, measured in the same run in alternating slices so
 * both see the same machine. Prints one JSON line with --json.
 *
 *   npm run bench:append -- --json [--seconds 15] [--writers 8]
 */
import { randomBytes, randomUUID } from 'node:crypto';
import { parseArgs } from 'node:util';
import pg from 'pg';
import { migrate } from '../src/database/data-source.js';
import { createScratchDatabase } from '../src/database/scratch-database.js';
import { createPool } from '../src/event-store/event-store.module.js';
import { appendOneSubmission, benchEventStore, drive, SUBMITTED_TEXT } from './append-workload.js';
import { percentile, type Sample } from './stats.js';

const { values: args } = parseArgs({
  options: {
    json: { type: 'boolean', default: false },
    seconds: { type: 'string', default: '15' },
    writers: { type: 'string', default: '8' },
  },
});
const seconds = Number(args.seconds);
const writers = Number(args.writers);
const SLICES = 3;

async function main(): Promise<void> {
  if (!process.env.DATABASE_URL) console.error('DATABASE_URL is not set: measuring the embedded database instead');
  const database = await createScratchDatabase('aduan_bench', process.env.DATABASE_URL);
  try {
    await migrate(database.url);
    const admin = new pg.Client({ connectionString: database.url });
    await admin.connect();
    await admin.query('CREATE TABLE raw_events (LIKE events INCLUDING ALL)');
    await admin.end();

    const rawPool = createPool(database.url, writers);
    const storePool = createPool(database.url, writers);
    const store = benchEventStore(database, storePool);
    const raw = async () => {
      await rawPool.query(
        `INSERT INTO raw_events (stream_id, stream_version, event_id, type, schema_version, data, metadata, recorded_at, content_hash, hash)
         VALUES ($1, 1, $2, 'ReportSubmitted', 1, $3, $4, now(), $5, $6)`,
        [
          `report-${randomUUID()}`,
          randomUUID(),
          SUBMITTED_TEXT.data,
          SUBMITTED_TEXT.metadata,
          randomBytes(32),
          randomBytes(32),
        ],
      );
    };
    const append = () => appendOneSubmission(store);

    const warmUp: Sample = { latencies: [], ms: 0 };
    await drive(writers, 1000, raw, warmUp);
    await drive(writers, 1000, append, warmUp);
    const rawSample: Sample = { latencies: [], ms: 0 };
    const storeSample: Sample = { latencies: [], ms: 0 };
    for (let slice = 0; slice < SLICES; slice++) {
      await drive(writers, (seconds * 1000) / SLICES, raw, rawSample);
      await drive(writers, (seconds * 1000) / SLICES, append, storeSample);
    }
    await rawPool.end();
    await storePool.end();

    const rate = (sample: Sample) => Math.round((sample.latencies.length / sample.ms) * 1000);
    const result = {
      eventsPerSec: rate(storeSample),
      p50Ms: percentile(storeSample.latencies, 50),
      p99Ms: percentile(storeSample.latencies, 99),
      rawEventsPerSec: rate(rawSample),
      rawP50Ms: percentile(rawSample.latencies, 50),
      rawP99Ms: percentile(rawSample.latencies, 99),
      ratio: Math.round((rate(storeSample) / rate(rawSample)) * 1000) / 1000,
      writers,
      seconds,
      database: database.kind,
    };
    if (args.json) console.log(JSON.stringify(result));
    else console.table(result);
  } finally {
    await database.drop();
  }
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
