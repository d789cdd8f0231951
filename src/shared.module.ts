import { Global, Module, type DynamicModule } from '@nestjs/common';
import { CLOCK, systemClock, type Clock } from './clock.js';
import { KeyedLock } from './commands/keyed-lock.js';
import type { AppConfig } from './config/config.js';
import type { Database } from './database/database.js';
import { Metrics } from './observability/metrics.js';

/** The validated configuration, for the feature modules' factories. */
export const APP_CONFIG = Symbol('AppConfig');
/** The database the service runs on: its URL and whether it is a server or the embedded one. */
export const DATABASE = Symbol('Database');

/** What every feature uses: the configuration, the database it runs on, the clock, metrics, the per-stream lock. */
@Global()
@Module({})
export class SharedModule {
  static forRoot(
    config: AppConfig,
    database: Pick<Database, 'url' | 'kind'>,
    clock: Clock | undefined,
    metrics: Metrics,
  ): DynamicModule {
    const providers = [
      { provide: APP_CONFIG, useValue: config },
      { provide: DATABASE, useValue: database },
      { provide: CLOCK, useValue: clock ?? systemClock },
      { provide: Metrics, useValue: metrics },
      KeyedLock,
    ];
    return { module: SharedModule, providers, exports: providers.map((p) => ('provide' in p ? p.provide : p)) };
  }
}
