import { Inject, Module, type DynamicModule, type OnApplicationShutdown } from '@nestjs/common';
import pg from 'pg';
import { EVENT_STORE } from './event-store.port.js';
import { PostgresEventStore } from './postgres-event-store.js';

export const PG_POOL = Symbol('pg.Pool');

class PoolCloser implements OnApplicationShutdown {
  constructor(@Inject(PG_POOL) private readonly pool: pg.Pool) {}
  async onApplicationShutdown(): Promise<void> {
    await this.pool.end();
  }
}

@Module({})
export class EventStoreModule {
  static forRoot(options: { url: string; poolSize: number; preparedStatements: boolean }): DynamicModule {
    return {
      module: EventStoreModule,
      global: true,
      providers: [
        { provide: PG_POOL, useFactory: () => new pg.Pool({ connectionString: options.url, max: options.poolSize }) },
        { provide: EVENT_STORE, useFactory: (pool: pg.Pool) => new PostgresEventStore(pool, { preparedStatements: options.preparedStatements }), inject: [PG_POOL] },
        PoolCloser,
      ],
      exports: [PG_POOL, EVENT_STORE],
    };
  }
}
