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
import { AppendNotifier } from '../src/event-store/append-notifier.js';
import { createPool } from '../src/event-store/event-store.module.js';
import { PostgresEventStore } from '../src/event-store/postgres-event-store.js';
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

const data = {
  kind: 'COMPLAINT',
  title: 'Jalan berlubang di depan SD Negeri 3 belum diperbaiki',
  description:
    'Sudah tiga bulan jalan di Jl. Sudirman berlubang besar dan membahayakan pengendara motor, terutama saat hujan.',
  category: 'infrastruktur/jalan',
  channel: 'WEB',
  location: { regionCode: '13.76', address: 'Jl. Sudirman No. 12, Payakumbuh', lat: -0.2245, lon: 100.6318 },
  anonymous: false,
  confidential: false,
};
const metadata = {
  correlationId: randomUUID(),
  actor: { id: 'reporter-1', role: 'REPORTER' },
  occurredAt: new Date().toISOString(),
  channel: 'WEB',
};

async function drive(durationMs: number, operation: () => Promise<void>, into: Sample): Promise<void> {
  const until = performance.now() + durationMs;
  await Promise.all(
    Array.from({ length: writers }, async () => {
      while (performance.now() < until) {
        const started = performance.now();
        await operation();
        into.latencies.push(performance.now() - started);
      }
    }),
  );
  into.ms += durationMs;
}

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
    const store = new PostgresEventStore(storePool, {
      preparedStatements: database.kind === 'external',
      onAppended: database.kind === 'external' ? new AppendNotifier(storePool).appended : undefined,
    });
    const dataText = JSON.stringify(data);
    const metadataText = JSON.stringify(metadata);
    const raw = async () => {
      await rawPool.query(
        `INSERT INTO raw_events (stream_id, stream_version, event_id, type, schema_version, data, metadata, recorded_at, content_hash, hash)
         VALUES ($1, 1, $2, 'ReportSubmitted', 1, $3, $4, now(), $5, $6)`,
        [`report-${randomUUID()}`, randomUUID(), dataText, metadataText, randomBytes(32), randomBytes(32)],
      );
    };
    const append = async () => {
      await store.appendToStream(`report-${randomUUID()}`, 'no_stream', [
        { eventId: randomUUID(), type: 'ReportSubmitted', schemaVersion: 1, data, metadata },
      ]);
    };

    const warmUp: Sample = { latencies: [], ms: 0 };
    await drive(1000, raw, warmUp);
    await drive(1000, append, warmUp);
    const rawSample: Sample = { latencies: [], ms: 0 };
    const storeSample: Sample = { latencies: [], ms: 0 };
    for (let slice = 0; slice < SLICES; slice++) {
      await drive((seconds * 1000) / SLICES, raw, rawSample);
      await drive((seconds * 1000) / SLICES, append, storeSample);
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
