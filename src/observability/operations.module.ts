import { Module } from '@nestjs/common';
import type { AppConfig } from '../config/config.js';
import type { Database } from '../database/database.js';
import { DatabaseKind } from '../health/health.model.js';
import { DATABASE_KIND, HealthResolver } from '../health/health.resolver.js';
import { APP_CONFIG, DATABASE } from '../shared.module.js';
import { HealthController, READINESS } from './health.controller.js';
import { HttpDrain } from './http-drain.js';

/** What operators see: health (HTTP and GraphQL), metrics, and the drain on SIGTERM. */
@Module({
  controllers: [HealthController],
  providers: [
    HttpDrain,
    HealthResolver,
    {
      provide: READINESS,
      useFactory: (config: AppConfig) => ({ maxProjectionLagEvents: config.healthMaxProjectionLag }),
      inject: [APP_CONFIG],
    },
    {
      provide: DATABASE_KIND,
      useFactory: (database: Pick<Database, 'kind'>) =>
        database.kind === 'embedded' ? DatabaseKind.EMBEDDED : DatabaseKind.EXTERNAL,
      inject: [DATABASE],
    },
  ],
})
export class OperationsModule {}
