import { ApolloDriver, type ApolloDriverConfig } from '@nestjs/apollo';
import { Module, type DynamicModule } from '@nestjs/common';
import { CqrsModule } from '@nestjs/cqrs';
import { GraphQLModule } from '@nestjs/graphql';
import { TypeOrmModule } from '@nestjs/typeorm';
import type { AppConfig } from './config/config.js';
import { dataSourceOptions } from './database/data-source.js';
import type { Database } from './database/database.js';
import { EventStoreModule } from './event-store/event-store.module.js';
import { DatabaseKind } from './health/health.model.js';
import { DATABASE_KIND, HealthResolver } from './health/health.resolver.js';

@Module({})
export class AppModule {
  static forRoot(config: AppConfig, database: Pick<Database, 'url' | 'kind'>): DynamicModule {
    return {
      module: AppModule,
      imports: [
        TypeOrmModule.forRoot({ ...dataSourceOptions(database.url, config.databasePoolSize), migrationsRun: true }),
        EventStoreModule.forRoot({ url: database.url, poolSize: config.databasePoolSize, preparedStatements: database.kind === 'external' }),
        CqrsModule.forRoot(),
        GraphQLModule.forRoot<ApolloDriverConfig>({
          driver: ApolloDriver,
          autoSchemaFile: true,
          sortSchema: true,
          path: '/graphql',
        }),
      ],
      providers: [
        HealthResolver,
        { provide: DATABASE_KIND, useValue: database.kind === 'embedded' ? DatabaseKind.EMBEDDED : DatabaseKind.EXTERNAL },
      ],
    };
  }
}
