import { randomUUID } from 'node:crypto';
import type pg from 'pg';
import type { ScratchDatabase } from '../src/database/scratch-database.js';
import { AppendNotifier } from '../src/event-store/append-notifier.js';
import type { EventStore } from '../src/event-store/event-store.port.js';
import { PostgresEventStore } from '../src/event-store/postgres-event-store.js';
import type { Sample } from './stats.js';

/**
 * The append bench/append.ts measures, shared with bench/webhooks.ts's baseline so both measure the
 * same thing: one ReportSubmitted event to a new stream, from concurrent writers.
 */
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

/** The store as the service opens it on that database: prepared statements and append notifications on a real server only. */
export function benchEventStore(database: Pick<ScratchDatabase, 'kind'>, pool: pg.Pool): PostgresEventStore {
  const external = database.kind === 'external';
  return new PostgresEventStore(pool, {
    preparedStatements: external,
    onAppended: external ? new AppendNotifier(pool).appended : undefined,
  });
}

/** The event as stored, for a plain INSERT of the same shape. */
export const SUBMITTED_TEXT = { data: JSON.stringify(data), metadata: JSON.stringify(metadata) };

export async function appendOneSubmission(store: EventStore): Promise<void> {
  await store.appendToStream(`report-${randomUUID()}`, 'no_stream', [
    { eventId: randomUUID(), type: 'ReportSubmitted', schemaVersion: 1, data, metadata },
  ]);
}

/** Calls `operation` back to back from `writers` loops for `durationMs`, adding each call's latency to `into`. */
export async function drive(
  writers: number,
  durationMs: number,
  operation: () => Promise<void>,
  into: Sample,
): Promise<void> {
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
