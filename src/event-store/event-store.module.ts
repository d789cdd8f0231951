import { Inject, Logger, Module, type DynamicModule, type OnApplicationShutdown } from '@nestjs/common';
import pg from 'pg';
import { AppendNotifier } from './append-notifier.js';
import { EVENT_STORE } from './event-store.port.js';
import { PostgresEventStore } from './postgres-event-store.js';

export const PG_POOL = Symbol('pg.Pool');

/**
 * A pool that survives the loss of idle connections (a database restart, an administrator
 * terminating backends): pg reports those on the pool, and an unheard 'error' event would end
 * the process. The next query opens a new connection.
 */
export function createPool(url: string, max: number): pg.Pool {
  const pool = new pg.Pool({ connectionString: url, max });
  const logger = new Logger('Database');
  pool.on('error', (error) => logger.warn(`An idle database connection was lost: ${error.message}`));
  return pool;
}

class PoolCloser implements OnApplicationShutdown {
  constructor(@Inject(PG_POOL) private readonly pool: pg.Pool) {}
  async onApplicationShutdown(): Promise<void> {
    await this.pool.end();
  }
}

@Module({})
export class EventStoreModule {
  /** On a real server (`external`) hot statements are prepared and appends are announced (append-notifier.ts). */
  static forRoot(options: { url: string; poolSize: number; external: boolean }): DynamicModule {
    return {
      module: EventStoreModule,
      global: true,
      providers: [
        { provide: PG_POOL, useFactory: () => createPool(options.url, options.poolSize) },
        {
          provide: EVENT_STORE,
          useFactory: (pool: pg.Pool) =>
            new PostgresEventStore(pool, { preparedStatements: options.external, onAppended: options.external ? new AppendNotifier(pool).appended : undefined }),
          inject: [PG_POOL],
        },
        PoolCloser,
      ],
      exports: [PG_POOL, EVENT_STORE],
    };
  }
}
