import { Module, ValidationPipe, type DynamicModule } from '@nestjs/common';
import { APP_FILTER, APP_GUARD, APP_PIPE } from '@nestjs/core';
import { CqrsModule } from '@nestjs/cqrs';
import { GraphQLModule } from '@nestjs/graphql';
import { TypeOrmModule } from '@nestjs/typeorm';
import type { DestinationStream } from 'pino';
import { REPORT_UPCASTERS } from '../contexts/reports/report.upcasters.js';
import { AgenciesModule } from './agencies/agencies.module.js';
import { AuditModule } from './audit/audit.module.js';
import { AccessGuard } from './auth/access.guard.js';
import { AuthModule } from './auth/auth.module.js';
import { DevelopmentTokenResolver } from './auth/development-token.resolver.js';
import { TokenVerifier } from './auth/token-verifier.js';
import type { Clock } from './clock.js';
import type { AppConfig } from './config/config.js';
import { dataSourceOptions } from './database/data-source.js';
import type { Database } from './database/database.js';
import { EventStoreModule } from './event-store/event-store.module.js';
import { graphqlOptions } from './graphql/graphql-options.js';
import { PassThroughFilter } from './graphql/pass-through.filter.js';
import { ImportModule } from './import/import.module.js';
import { IntegratorsModule } from './integrators/integrators.module.js';
import { Metrics } from './observability/metrics.js';
import { Open311Module } from './open311/open311.module.js';
import { OperationsModule } from './observability/operations.module.js';
import { PrivacyModule } from './privacy/privacy.module.js';
import { ReadModelsModule } from './projection-engine/read-models.module.js';
import { ReportsModule } from './reports/reports.module.js';
import { SharedModule } from './shared.module.js';
import { WebhooksModule } from './webhooks/webhooks.module.js';
import { VALIDATION } from './graphql/filter-arg.js';

/** What tests may replace; production uses the defaults. */
export interface AppOverrides {
  clock?: Clock;
  /** Where the JSON log lines go (stdout by default). */
  logDestination?: DestinationStream;
}

/**
 * The feature modules: what the API is made of. The service imports them; `npx aduan schema` reads
 * their resolvers to print the schema without a database (src/graphql/print-schema.ts).
 */
export const FEATURE_MODULES = [
  ReportsModule,
  AgenciesModule,
  ReadModelsModule,
  AuditModule,
  PrivacyModule,
  IntegratorsModule,
  OperationsModule,
  AuthModule,
  ImportModule,
  WebhooksModule,
  Open311Module,
];

/** Resolvers that exist only while the development token secret is in use (config.auth.development). */
export const DEVELOPMENT_RESOLVERS = [DevelopmentTokenResolver];

/** Composes the infrastructure and the feature modules; every guard, pipe and filter applies to all. */
@Module({})
export class AppModule {
  static forRoot(
    config: AppConfig,
    database: Pick<Database, 'url' | 'kind'>,
    overrides: AppOverrides = {},
  ): DynamicModule {
    const metrics = new Metrics();
    return {
      module: AppModule,
      imports: [
        SharedModule.forRoot(config, database, overrides.clock, metrics),
        TypeOrmModule.forRoot({ ...dataSourceOptions(database.url, config.databasePoolSize), migrationsRun: true }),
        EventStoreModule.forRoot({
          url: database.url,
          poolSize: config.databasePoolSize,
          external: database.kind === 'external',
          upcasters: REPORT_UPCASTERS,
          metrics,
          kurrentDbUrl: config.eventStore === 'kurrentdb' ? config.eventStoreUrl : null,
        }),
        CqrsModule.forRoot(),
        GraphQLModule.forRoot(graphqlOptions(config, metrics, new TokenVerifier(config.auth))),
        ...FEATURE_MODULES,
      ],
      providers: [
        { provide: APP_FILTER, useClass: PassThroughFilter },
        { provide: APP_GUARD, useClass: AccessGuard },
        { provide: APP_PIPE, useValue: new ValidationPipe(VALIDATION) },
        // Absent from the schema altogether in production, not merely refused.
        ...(config.auth.development ? DEVELOPMENT_RESOLVERS : []),
      ],
    };
  }
}
