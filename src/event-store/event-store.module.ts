import { Inject, Logger, Module, type DynamicModule, type OnApplicationShutdown } from '@nestjs/common';
import pg from 'pg';
import { EVENT_LOG } from './event-log.port.js';
import { EVENT_STORE, STORED_EVENT_STORE, type EventStore } from './event-store.port.js';
import type { Metrics } from '../observability/metrics.js';
import { InstrumentedEventStore } from './instrumented-event-store.js';
import { openEventStore, type OpenedEventStore } from './open-event-store.js';
import type { Upcaster } from '../../contexts/upcaster.js';
import { UpcastingEventStore } from './upcasting-event-store.js';

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

const OPENED = Symbol('OpenedEventStore');

class StoreCloser implements OnApplicationShutdown {
  constructor(
    @Inject(PG_POOL) private readonly pool: pg.Pool,
    @Inject(OPENED) private readonly opened: OpenedEventStore,
  ) {}
  async onApplicationShutdown(): Promise<void> {
    await this.opened.close();
    await this.pool.end();
  }
}

@Module({})
export class EventStoreModule {
  /**
   * The store EVENT_STORE names (open-event-store.ts). EVENT_STORE reads events upcast to their
   * current schema versions; STORED_EVENT_STORE reads them as stored (for exports whose hashes
   * cover the stored form); EVENT_LOG answers for the whole log (event-log.port.ts).
   */
  static forRoot(options: {
    url: string;
    poolSize: number;
    external: boolean;
    upcasters: readonly Upcaster[];
    metrics: Metrics;
    kurrentDbUrl?: string | null;
  }): DynamicModule {
    return {
      module: EventStoreModule,
      global: true,
      providers: [
        { provide: PG_POOL, useFactory: () => createPool(options.url, options.poolSize) },
        { provide: OPENED, useFactory: (pool: pg.Pool) => openEventStore(pool, options), inject: [PG_POOL] },
        { provide: STORED_EVENT_STORE, useFactory: (opened: OpenedEventStore) => opened.stored, inject: [OPENED] },
        { provide: EVENT_LOG, useFactory: (opened: OpenedEventStore) => opened.log, inject: [OPENED] },
        {
          provide: EVENT_STORE,
          useFactory: (stored: EventStore) =>
            new UpcastingEventStore(new InstrumentedEventStore(stored, options.metrics), options.upcasters),
          inject: [STORED_EVENT_STORE],
        },
        StoreCloser,
      ],
      exports: [PG_POOL, EVENT_STORE, STORED_EVENT_STORE, EVENT_LOG],
    };
  }
}
