import { randomUUID } from 'node:crypto';
import { Logger } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { REPORT_EVENT_SCHEMA_VERSIONS, type ReportEvent } from '../../contexts/reports/report.events.js';
import { dataSourceOptions } from '../../src/database/data-source.js';
import { createPool } from '../../src/event-store/event-store.module.js';
import { PostgresEventStore } from '../../src/event-store/postgres-event-store.js';
import type { Projection } from '../../src/kernel/projection.js';
import { ProjectionRunner } from '../../src/projection-engine/projection-runner.js';
import { createTestDatabase, type TestDatabase } from './test-database.js';

// Runners log each batch at debug level; the specs read their rows, not their logs.
Logger.overrideLogger(['error', 'warn']);

const metadata = {
  correlationId: 'c',
  actor: { id: 'admin-1', role: 'ADMIN' },
  occurredAt: '2026-11-23T03:00:00.000Z',
};

/** A fresh database with the store and a way to run one projection over it, as an instance would. */
export interface ProjectionHarness {
  database: TestDatabase;
  dataSource: DataSource;
  pool: ReturnType<typeof createPool>;
  store: PostgresEventStore;
  /** Stores a report's events (the submission gets a fresh id), as recorded at `occurredAt`; returns the report id. */
  given(events: ReportEvent[], occurredAt?: string): Promise<string>;
  /** Stores events of any stream, which must not exist yet (schema version 1 unless given), as recorded at `occurredAt`. */
  givenStream(
    streamId: string,
    events: { type: string; data: object; schemaVersion?: number }[],
    occurredAt?: string,
  ): Promise<void>;
  /** Catches the projection up, then gives its lock back. */
  catchUp(projection: Projection, batchSize?: number): Promise<number>;
  close(): Promise<void>;
}

export async function projectionHarness(): Promise<ProjectionHarness> {
  const database = await createTestDatabase();
  const dataSource = await new DataSource(dataSourceOptions(database.url, 4)).initialize();
  const pool = createPool(database.url, 4);
  const store = new PostgresEventStore(pool);
  const harness: ProjectionHarness = {
    database,
    dataSource,
    pool,
    store,
    async given(events, occurredAt) {
      const reportId = randomUUID();
      const withId = events.map((e) =>
        e.type === 'ReportSubmitted'
          ? { ...e, data: { ...e.data, reportId, trackingId: `T${reportId.slice(0, 7)}` } }
          : e,
      );
      await harness.givenStream(
        `report-${reportId}`,
        withId.map((e) => ({ ...e, schemaVersion: REPORT_EVENT_SCHEMA_VERSIONS[e.type] })),
        occurredAt,
      );
      return reportId;
    },
    async givenStream(streamId, events, occurredAt = metadata.occurredAt) {
      await store.appendToStream(
        streamId,
        'no_stream',
        events.map((e) => ({ eventId: randomUUID(), type: e.type, schemaVersion: e.schemaVersion ?? 1, data: e.data })),
        { metadata: { ...metadata, occurredAt } },
      );
    },
    async catchUp(projection, batchSize = 7) {
      // Readers see only events of transactions older than every transaction still open anywhere on the
      // server (the commit-order frontier), so with other suites writing beside this one a pass can stop
      // short of the newest events for a moment: go on until the checkpoint reaches the last event.
      const runner = new ProjectionRunner(projection, store, dataSource, pool, { batchSize, pollIntervalMs: 0 });
      const deadline = Date.now() + 10_000;
      try {
        let applied = await runner.catchUp();
        for (;;) {
          const [{ behind }] = await dataSource.query(
            `SELECT coalesce((SELECT max(global_position) FROM events), 0) <> coalesce((SELECT position FROM checkpoints WHERE name = $1), 0) AS behind`,
            [projection.name],
          );
          if (!behind || Date.now() > deadline) return applied;
          await new Promise((resolve) => setTimeout(resolve, 10));
          applied += await runner.catchUp();
        }
      } finally {
        await runner.stop();
      }
    },
    async close() {
      await pool.end();
      await dataSource.destroy();
      await database.drop();
    },
  };
  return harness;
}
