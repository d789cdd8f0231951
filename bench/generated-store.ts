import { DataSource } from 'typeorm';
import { REPORT_UPCASTERS } from '../contexts/reports/report.upcasters.js';
import { allProjections } from '../projections/index.js';
import { dataSourceOptions, migrate } from '../src/database/data-source.js';
import { createPool } from '../src/event-store/event-store.module.js';
import { PostgresEventLog } from '../src/event-store/postgres-event-log.js';
import { PostgresEventStore } from '../src/event-store/postgres-event-store.js';
import { UpcastingEventStore } from '../src/event-store/upcasting-event-store.js';
import { rebuildProjections } from '../src/projection-engine/projection-rebuild.js';
import { WebhookOutboxProjection } from '../projections/webhook-outbox/webhook-outbox.projection.js';
import { agencyEventRows, generateAgencies, type GeneratedAgency } from './agency-generator.js';
import { insertRows, reportLifecycles, type EventRow } from './lifecycle-generator.js';

export interface GeneratedStore {
  agencies: GeneratedAgency[];
  events: number;
  writeSeconds: number;
  rebuildSeconds: number;
  /** Rows of the read models, to show what was measured against. */
  counts: Record<string, number>;
}

/**
 * Fills an empty database on a PostgreSQL server as years of use would: `agencies` agencies (the
 * directory of agency-generator.ts) and `reports` report lifecycles dispositioned to them, written
 * straight into the events table with their hash chains; then every read model and the webhook
 * outbox are rebuilt from position 0 and the tables vacuumed, as autovacuum would have done by the time anyone asks.
 */
export async function generateStore(
  url: string,
  sizes: { agencies: number; reports: number },
  progress: (message: string) => void,
): Promise<GeneratedStore> {
  await migrate(url);
  const pool = createPool(url, 6);
  const dataSource = await new DataSource(dataSourceOptions(url, 6)).initialize();
  try {
    const agencies = generateAgencies(sizes.agencies);
    let started = performance.now();
    const events = await fill(pool, agencies, sizes.reports);
    const writeSeconds = Math.round((performance.now() - started) / 100) / 10;
    progress(`${events} events written in ${writeSeconds} s`);
    await dataSource.query('ANALYZE');
    const store = new UpcastingEventStore(new PostgresEventStore(pool, { preparedStatements: true }), REPORT_UPCASTERS);
    started = performance.now();
    // The webhook outbox too: a store in service has it at the head, and a service started on a store
    // without it folds every report for the outbox while the scenarios run (the 1,000,000 runs'
    // ceiling halved for it until 2026-12-04).
    await rebuildProjections([...allProjections(), new WebhookOutboxProjection()], {
      store,
      log: new PostgresEventLog(pool),
      dataSource,
      pool,
    });
    const rebuildSeconds = Math.round((performance.now() - started) / 100) / 10;
    progress(`read models rebuilt in ${rebuildSeconds} s`);
    // Measured as a store in service would be: vacuumed (index-only scans need the visibility map), its
    // gigabytes of new pages already on disk rather than written back by the checkpointer during the scenarios.
    await dataSource.query('VACUUM (ANALYZE)');
    await dataSource.query('CHECKPOINT').catch((error: Error) => progress(`no CHECKPOINT (${error.message})`));
    const [counts]: Record<string, number>[] = await dataSource.query(
      `SELECT (SELECT count(*)::int FROM agency_directory) AS agencies, (SELECT count(*)::int FROM report_status) AS reports,
              (SELECT count(*)::int FROM report_trend_daily) AS "trendRows", (SELECT count(*)::int FROM agency_daily_figures) AS "dailyFigureRows",
              (SELECT count(*)::int FROM agency_report_performance) AS "performanceRows"`,
    );
    return { agencies, events, writeSeconds, rebuildSeconds, counts: counts! };
  } finally {
    await pool.end();
    await dataSource.destroy();
  }
}

async function fill(pool: ReturnType<typeof createPool>, agencies: GeneratedAgency[], reports: number) {
  let events = 0;
  let batch: EventRow[] = [];
  const flush = async () => {
    await insertRows(pool, batch);
    events += batch.length;
    batch = [];
  };
  for (const row of agencyEventRows(agencies)) {
    batch.push(row);
    if (batch.length >= 2000) await flush();
  }
  await flush();
  // Reports go to connected agencies, governments and ministries more often than their offices.
  const receiving = agencies.filter((a) => a.connectedAt).flatMap((a) => Array<string>(a.weight).fill(a.agencyId));
  for (const rows of reportLifecycles(reports, receiving)) {
    batch.push(...rows);
    if (batch.length >= 2000) await flush();
  }
  await flush();
  return events;
}
