import { randomUUID } from 'node:crypto';
import { ApolloDriver, type ApolloDriverConfig } from '@nestjs/apollo';
import { Module, ValidationPipe, type DynamicModule } from '@nestjs/common';
import { APP_FILTER, APP_GUARD, APP_PIPE } from '@nestjs/core';
import { CqrsModule } from '@nestjs/cqrs';
import { GraphQLModule } from '@nestjs/graphql';
import { getDataSourceToken, TypeOrmModule } from '@nestjs/typeorm';
import type { DataSource } from 'typeorm';
import type { Request } from 'express';
import type { DestinationStream } from 'pino';
import type { ExecutionResult, GraphQLError } from 'graphql';
import {
  AgencyRegistry,
  ChangeCategoriesHandler,
  ChangeHolidaysHandler,
  ExecuteAgencyCommandHandler,
} from './agencies/agency-commands.js';
import { RegistryResolver } from './agencies/registry.resolver.js';
import { ConnectivityResolver } from './agencies/connectivity.resolver.js';
import { AgencyPerformanceResolver } from './agencies/agency-performance.resolver.js';
import { AccessGuard } from './auth/access.guard.js';
import type { RequestContext } from './auth/current-actor.js';
import { TokenVerifier, UnauthenticatedError } from './auth/token-verifier.js';
import { HolidayCalendarService } from './calendar/holiday-calendar.service.js';
import { CLOCK, systemClock, type Clock } from './clock.js';
import { KeyedLock } from './commands/keyed-lock.js';
import { DEADLINE_WATCH_INTERVAL, DeadlineWatcher } from './deadlines/deadline-watcher.js';
import type { AppConfig } from './config/config.js';
import { dataSourceOptions } from './database/data-source.js';
import type { Database } from './database/database.js';
import { EventStoreModule } from './event-store/event-store.module.js';
import { formatError } from './graphql/format-error.js';
import { PassThroughFilter } from './graphql/pass-through.filter.js';
import { DatabaseKind } from './health/health.model.js';
import { DATABASE_KIND, HealthResolver } from './health/health.resolver.js';
import { CheckNewReportHandler, ExecuteReportCommandHandler } from './reports/execute-report-command.js';
import { DEADLINE_POLICY } from './reports/report-decider.js';
import { ReportsResolver } from './reports/reports.resolver.js';
import { ReporterDataResolver } from './privacy/reporter-data.resolver.js';
import { ReporterVault } from './privacy/reporter-vault.js';
import { ApiKeyRegistry } from './integrators/api-key-registry.js';
import { ApiKeysResolver } from './integrators/api-keys.resolver.js';
import { ATTACHMENT_URL_SCHEMES } from './reports/attachment-schemes.js';
import { ANCHOR_INTERVAL, AnchorWriter } from './audit/anchor-writer.js';
import { AuditResolver } from './audit/audit.resolver.js';
import { maxCostRule } from './graphql/max-cost.rule.js';
import { storableTextPlugin } from './graphql/storable-text.plugin.js';
import { HealthController, READINESS } from './observability/health.controller.js';
import { HttpDrain } from './observability/http-drain.js';
import { correlationScope } from './observability/log.js';
import { Metrics } from './observability/metrics.js';
import { requestMetricsPlugin } from './observability/request-metrics.plugin.js';
import { rateLimitPlugin } from './graphql/rate-limiter.js';
import { maxDepthRule } from './graphql/max-depth.rule.js';
import { REPORT_UPCASTERS } from '../contexts/reports/report.upcasters.js';
import { ReportFieldsResolver } from './reports/report-fields.resolver.js';
import { ReportSearchResolver } from './reports/report-search.resolver.js';
import { ChangeFeed, DATABASE_CONNECTION } from './subscriptions/change-feed.js';
import { SubscriptionsResolver } from './subscriptions/subscriptions.resolver.js';
import { StatisticsResolver } from './reports/statistics.resolver.js';
import { PROJECTIONS } from './projection-engine/projection.js';
import { allProjections } from '../projections/index.js';
import { PROJECTION_OPTIONS, ProjectionEngine } from './projection-engine/projection-engine.js';
import { SubmitNewReportHandler } from './reports/submit-report.js';
import { TrackingIdRegistry } from './reports/tracking-id-registry.js';

/** What tests may replace; production uses the defaults. */
export interface AppOverrides {
  clock?: Clock;
  /** Where the JSON log lines go (stdout by default). */
  logDestination?: DestinationStream;
}

@Module({})
export class AppModule {
  static forRoot(
    config: AppConfig,
    database: Pick<Database, 'url' | 'kind'>,
    overrides: AppOverrides = {},
  ): DynamicModule {
    const verifier = new TokenVerifier(config.auth);
    const metrics = new Metrics();
    return {
      module: AppModule,
      imports: [
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
        GraphQLModule.forRoot<ApolloDriverConfig>({
          driver: ApolloDriver,
          autoSchemaFile: true,
          sortSchema: true,
          path: '/graphql',
          includeStacktraceInErrorResponses: false,
          validationRules: [maxDepthRule(config.graphqlMaxDepth), maxCostRule(config.graphqlMaxCost)],
          introspection: config.graphqlIntrospection,
          graphiql: config.graphqlIde,
          formatError,
          plugins: [rateLimitPlugin(config.rateLimits), storableTextPlugin(), requestMetricsPlugin(metrics)],
          subscriptions: {
            'graphql-ws': {
              path: '/graphql',
              // Subscription errors get the same codes and messages as queries and mutations.
              onError: (_ctx: unknown, _id: string, _payload: unknown, errors: readonly GraphQLError[]) =>
                errors.map((error) => formatError(error.toJSON(), error)),
              onNext: (_ctx: unknown, _id: string, _payload: unknown, _args: unknown, result: ExecutionResult) =>
                result.errors
                  ? { ...result, errors: result.errors.map((error) => formatError(error.toJSON(), error)) }
                  : undefined,
            } as ApolloDriverConfig['subscriptions'] extends infer S
              ? S extends { 'graphql-ws'?: infer W }
                ? W
                : never
              : never,
          },
          // Called with { req } for HTTP requests and with graphql-ws's context (connectionParams) for subscriptions.
          context: async (source: {
            req?: Request;
            connectionParams?: Record<string, unknown>;
          }): Promise<RequestContext> => {
            // HTTP requests got theirs from the correlation middleware (bootstrap.ts); a subscription's socket gets one of its own.
            const correlationId = correlationScope.getStore()?.correlationId ?? randomUUID();
            const authorization = source.req
              ? source.req.headers.authorization
              : source.connectionParams?.authorization;
            const apiKey = source.req ? source.req.headers['x-api-key'] : source.connectionParams?.['x-api-key'];
            const ip = source.req?.ip ?? 'websocket';
            if (typeof apiKey === 'string') {
              // The key is checked by the access guard, which can reach the key registry.
              const authError = authorization ? 'Send either Authorization or X-Api-Key, not both' : null;
              return {
                actor: null,
                authError,
                apiKey: authError ? null : apiKey,
                ip,
                correlationId,
                channel: 'INTEGRATION',
              };
            }
            try {
              const actor = await verifier.actorFrom(typeof authorization === 'string' ? authorization : undefined);
              return {
                actor,
                authError: null,
                apiKey: null,
                ip,
                correlationId,
                channel: actor.role === 'INTEGRATOR' ? 'INTEGRATION' : 'WEB',
              };
            } catch (error) {
              if (!(error instanceof UnauthenticatedError)) throw error;
              return { actor: null, authError: error.message, apiKey: null, ip, correlationId, channel: 'WEB' };
            }
          },
        }),
      ],
      controllers: [HealthController],
      providers: [
        { provide: Metrics, useValue: metrics },
        HttpDrain,
        { provide: READINESS, useValue: { maxProjectionLagEvents: config.healthMaxProjectionLag } },
        { provide: APP_FILTER, useClass: PassThroughFilter },
        { provide: APP_GUARD, useClass: AccessGuard },
        { provide: APP_PIPE, useValue: new ValidationPipe({ transform: true, forbidUnknownValues: true }) },
        { provide: CLOCK, useValue: overrides.clock ?? systemClock },
        { provide: DEADLINE_POLICY, useValue: config.deadlines },
        {
          provide: DATABASE_KIND,
          useValue: database.kind === 'embedded' ? DatabaseKind.EMBEDDED : DatabaseKind.EXTERNAL,
        },
        HealthResolver,
        { provide: PROJECTIONS, useFactory: allProjections },
        {
          provide: PROJECTION_OPTIONS,
          useValue: {
            ...config.projections,
            notificationsUrl: database.kind === 'external' ? database.url : undefined,
          },
        },
        ProjectionEngine,
        ReportSearchResolver,
        ReportFieldsResolver,
        AuditResolver,
        AnchorWriter,
        { provide: ANCHOR_INTERVAL, useValue: config.anchorIntervalMs },
        ConnectivityResolver,
        ChangeFeed,
        SubscriptionsResolver,
        { provide: DATABASE_CONNECTION, useValue: database },
        StatisticsResolver,
        AgencyPerformanceResolver,
        DeadlineWatcher,
        { provide: DEADLINE_WATCH_INTERVAL, useValue: config.deadlineWatchIntervalMs },
        KeyedLock,
        HolidayCalendarService,
        TrackingIdRegistry,
        AgencyRegistry,
        ExecuteReportCommandHandler,
        CheckNewReportHandler,
        SubmitNewReportHandler,
        ExecuteAgencyCommandHandler,
        ChangeCategoriesHandler,
        ChangeHolidaysHandler,
        ReportsResolver,
        ReporterDataResolver,
        ApiKeyRegistry,
        ApiKeysResolver,
        {
          provide: ReporterVault,
          useFactory: (dataSource: DataSource) => new ReporterVault(dataSource, config.reporterDataKeys),
          inject: [getDataSourceToken()],
        },
        { provide: ATTACHMENT_URL_SCHEMES, useValue: config.attachmentUrlSchemes },
        RegistryResolver,
      ],
    };
  }
}
