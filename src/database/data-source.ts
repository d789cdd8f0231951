import { DataSource, type DataSourceOptions } from 'typeorm';
import { EventStore1763856000000 } from './migrations/1763856000000-event-store.js';
import { DeadlineSchedule1763856100000 } from './migrations/1763856100000-deadline-schedule.js';
import { Projections1763856200000 } from './migrations/1763856200000-projections.js';
import { ReportTimeline1763856300000 } from './migrations/1763856300000-report-timeline.js';
import { Connectivity1763856400000 } from './migrations/1763856400000-connectivity.js';
import { AgencyPerformance1763856500000 } from './migrations/1763856500000-agency-performance.js';
import { AssignedAgencyIndex1763856700000 } from './migrations/1763856700000-assigned-agency-index.js';
import { ProjectionPause1763856600000 } from './migrations/1763856600000-projection-pause.js';
import { ReporterKeys1763856800000 } from './migrations/1763856800000-reporter-keys.js';
import { ApiKeyUsage1763856900000 } from './migrations/1763856900000-api-key-usage.js';
import { ReportOwnerPrincipals1763857000000 } from './migrations/1763857000000-report-owner-principals.js';
import { AgencyDirectory1763857100000 } from './migrations/1763857100000-agency-directory.js';
import { ReportSearch1763857200000 } from './migrations/1763857200000-report-search.js';
import { TrendsAndRankings1763857300000 } from './migrations/1763857300000-trends-and-rankings.js';
import { ReportDeadlineOrder1763857400000 } from './migrations/1763857400000-report-deadline-order.js';
import { ImportedReports1763857500000 } from './migrations/1763857500000-imported-reports.js';
import { Webhooks1763857600000 } from './migrations/1763857600000-webhooks.js';
import { TimelineByTime1763857700000 } from './migrations/1763857700000-timeline-by-time.js';
import { ReportCountIndexes1763857800000 } from './migrations/1763857800000-report-count-indexes.js';
import { ReportCounts1763857900000 } from './migrations/1763857900000-report-counts.js';
import { ResponseTimeIndex1763858000000 } from './migrations/1763858000000-response-time-index.js';
import { AgencyYearlyFigures1763858100000 } from './migrations/1763858100000-agency-yearly-figures.js';
import { NoParallelWorkers1763858200000 } from './migrations/1763858200000-no-parallel-workers.js';
import { SettledDeliveriesIndex1763858300000 } from './migrations/1763858300000-settled-deliveries-index.js';
import { AgencyTypeCounts1763858400000 } from './migrations/1763858400000-agency-type-counts.js';
import { MonthCounts1763858500000 } from './migrations/1763858500000-month-counts.js';
import { HourCounts1763858550000 } from './migrations/1763858550000-hour-counts.js';
import { NewestByStatusIndexes1763858600000 } from './migrations/1763858600000-newest-by-status-indexes.js';
import { ReportStatusAnalyze1763858700000 } from './migrations/1763858700000-report-status-analyze.js';
import { StreamIdByteOrder1763858800000 } from './migrations/1763858800000-stream-id-byte-order.js';
import { NoJit1763858900000 } from './migrations/1763858900000-no-jit.js';

/** Every schema change, in order. Schema is only ever changed by these, never by `synchronize`. */
export const MIGRATIONS = [
  EventStore1763856000000,
  DeadlineSchedule1763856100000,
  Projections1763856200000,
  ReportTimeline1763856300000,
  Connectivity1763856400000,
  AgencyPerformance1763856500000,
  ProjectionPause1763856600000,
  AssignedAgencyIndex1763856700000,
  ReporterKeys1763856800000,
  ApiKeyUsage1763856900000,
  ReportOwnerPrincipals1763857000000,
  AgencyDirectory1763857100000,
  ReportSearch1763857200000,
  TrendsAndRankings1763857300000,
  ReportDeadlineOrder1763857400000,
  ImportedReports1763857500000,
  Webhooks1763857600000,
  TimelineByTime1763857700000,
  ReportCountIndexes1763857800000,
  ReportCounts1763857900000,
  ResponseTimeIndex1763858000000,
  AgencyYearlyFigures1763858100000,
  NoParallelWorkers1763858200000,
  SettledDeliveriesIndex1763858300000,
  AgencyTypeCounts1763858400000,
  MonthCounts1763858500000,
  HourCounts1763858550000,
  NewestByStatusIndexes1763858600000,
  ReportStatusAnalyze1763858700000,
  StreamIdByteOrder1763858800000,
  NoJit1763858900000,
];

export function dataSourceOptions(url: string, poolSize = 10): DataSourceOptions {
  return {
    type: 'postgres',
    url,
    migrations: MIGRATIONS,
    migrationsTableName: 'migrations',
    migrationsTransactionMode: 'each',
    synchronize: false,
    entities: [],
    extra: { max: poolSize },
  };
}

/** Brings the database at `url` up to the newest schema. */
export async function migrate(url: string): Promise<void> {
  const dataSource = new DataSource(dataSourceOptions(url, 1));
  await dataSource.initialize();
  try {
    await dataSource.runMigrations();
  } finally {
    await dataSource.destroy();
  }
}
