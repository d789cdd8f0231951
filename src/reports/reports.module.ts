import { Global, Module } from '@nestjs/common';
import type { AppConfig } from '../config/config.js';
import { DEADLINE_WATCH_INTERVAL, DeadlineWatcher } from '../deadlines/deadline-watcher.js';
import { APP_CONFIG } from '../shared.module.js';
import { ATTACHMENT_URL_SCHEMES } from './attachment-schemes.js';
import { DeadlineFieldsResolver } from './deadline-fields.resolver.js';
import { DEADLINE_POLICY, ExecuteReportCommandHandler } from './execute-report-command.js';
import { ReportFieldsResolver } from './report-fields.resolver.js';
import { ReportSearchResolver } from './report-search.resolver.js';
import { ReportStates } from './report-states.js';
import { ReportsResolver } from './reports.resolver.js';
import { ReportTrendResolver } from './report-trend.resolver.js';
import { StatisticsResolver } from './statistics.resolver.js';
import { SubmitNewReportHandler } from './submit-report.js';
import { TrackingIdRegistry } from './tracking-id-registry.js';

/** Reports: their commands and tracking ids, the queries over their read models, the deadline watcher. */
@Global()
@Module({
  providers: [
    TrackingIdRegistry,
    ReportStates,
    ExecuteReportCommandHandler,
    SubmitNewReportHandler,
    ReportsResolver,
    ReportFieldsResolver,
    DeadlineFieldsResolver,
    ReportSearchResolver,
    StatisticsResolver,
    ReportTrendResolver,
    DeadlineWatcher,
    { provide: DEADLINE_POLICY, useFactory: (config: AppConfig) => config.deadlines, inject: [APP_CONFIG] },
    {
      provide: ATTACHMENT_URL_SCHEMES,
      useFactory: (config: AppConfig) => config.attachmentUrlSchemes,
      inject: [APP_CONFIG],
    },
    {
      provide: DEADLINE_WATCH_INTERVAL,
      useFactory: (config: AppConfig) => config.deadlineWatchIntervalMs,
      inject: [APP_CONFIG],
    },
  ],
  exports: [TrackingIdRegistry, ReportStates, DEADLINE_POLICY],
})
export class ReportsModule {}
