import { Global, Module } from '@nestjs/common';
import type pg from 'pg';
import { allProjections } from '../../projections/index.js';
import type { AppConfig } from '../config/config.js';
import { servesApi } from '../config/instance-role.js';
import type { Database } from '../database/database.js';
import { PG_POOL } from '../event-store/event-store.module.js';
import { Metrics } from '../observability/metrics.js';
import { APP_CONFIG, DATABASE } from '../shared.module.js';
import { ChangeFeed } from '../subscriptions/change-feed.js';
import { SubscriptionsResolver } from '../subscriptions/subscriptions.resolver.js';
import { PROJECTION_OPTIONS, ProjectionEngine } from './projection-engine.js';
import { PROJECTIONS } from './projection.js';
import { ProjectionsResolver } from './projections.resolver.js';
import { ReadReplicas } from './read-replicas.js';
import { SharedPages } from './shared-pages.js';

/** The read models of projections/, the engine that keeps them, and the subscriptions fed by their commits. */
@Global()
@Module({
  providers: [
    { provide: PROJECTIONS, useFactory: allProjections },
    {
      provide: PROJECTION_OPTIONS,
      useFactory: (config: AppConfig, database: Pick<Database, 'url' | 'kind'>) => ({
        ...config.projections,
        notificationsUrl: database.kind === 'external' ? database.url : undefined,
      }),
      inject: [APP_CONFIG, DATABASE],
    },
    {
      provide: ReadReplicas,
      useFactory: (config: AppConfig, primary: pg.Pool, metrics: Metrics) =>
        new ReadReplicas(
          // A worker serves no read-model query: it watches no replica.
          servesApi(config) ? config.databaseReplicaUrls : [],
          primary,
          config.databaseReplicaMaxLagMs,
          config.databasePoolSize,
          metrics,
        ),
      inject: [APP_CONFIG, PG_POOL, Metrics],
    },
    SharedPages,
    ProjectionEngine,
    ChangeFeed,
    SubscriptionsResolver,
    ProjectionsResolver,
  ],
  exports: [ProjectionEngine, ChangeFeed, SharedPages, PROJECTION_OPTIONS],
})
export class ReadModelsModule {}
