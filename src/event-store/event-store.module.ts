import { Inject, Logger, Module, type DynamicModule, type OnApplicationShutdown } from '@nestjs/common';
import pg from 'pg';
import { AppendNotifier } from './append-notifier.js';
import { EVENT_STORE, STORED_EVENT_STORE, type EventStore } from './event-store.port.js';
import type { Metrics } from '../observability/metrics.js';
import { InstrumentedEventStore } from './instrumented-event-store.js';
import { KurrentDbEventStore } from './kurrentdb-event-store.js';
import { PostgresEventStore } from './postgres-event-store.js';
import { UpcastingEventStore, type Upcaster } from './upcasting-event-store.js';

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
  constructor(
    @Inject(PG_POOL) private readonly pool: pg.Pool,
    @Inject(STORED_EVENT_STORE) private readonly stored: EventStore,
  ) {}
  async onApplicationShutdown(): Promise<void> {
    if (this.stored instanceof KurrentDbEventStore) await this.stored.close();
    await this.pool.end();
  }
}

@Module({})
export class EventStoreModule {
  /**
   * On a real server (`external`) hot statements are prepared and appends are announced
   * (append-notifier.ts). EVENT_STORE reads events upcast to their current schema versions;
   * STORED_EVENT_STORE reads them as stored (for exports whose hashes cover the stored form).
   */
  static forRoot(options: { url: string; poolSize: number; external: boolean; upcasters: readonly Upcaster[]; metrics: Metrics; kurrentDbUrl?: string | null }): DynamicModule {
    return {
      module: EventStoreModule,
      global: true,
      providers: [
        { provide: PG_POOL, useFactory: () => createPool(options.url, options.poolSize) },
        {
          provide: STORED_EVENT_STORE,
          // With KurrentDB the events live there; PostgreSQL keeps the read models and their checkpoints.
          useFactory: (pool: pg.Pool) =>
            options.kurrentDbUrl
              ? KurrentDbEventStore.connect(options.kurrentDbUrl)
              : new PostgresEventStore(pool, { preparedStatements: options.external, onAppended: options.external ? new AppendNotifier(pool).appended : undefined }),
          inject: [PG_POOL],
        },
        { provide: EVENT_STORE, useFactory: (stored: EventStore) => new UpcastingEventStore(new InstrumentedEventStore(stored, options.metrics), options.upcasters), inject: [STORED_EVENT_STORE] },
        PoolCloser,
      ],
      exports: [PG_POOL, EVENT_STORE, STORED_EVENT_STORE],
    };
  }
}
