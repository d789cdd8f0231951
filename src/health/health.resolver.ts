import { Inject } from '@nestjs/common';
import { Query, Resolver } from '@nestjs/graphql';
import { EVENT_LOG, type EventLog } from '../event-store/event-log.port.js';
import { APP_VERSION } from '../version.js';
import { DatabaseKind, Health } from './health.model.js';

export const DATABASE_KIND = Symbol('DatabaseKind');

@Resolver(() => Health)
export class HealthResolver {
  constructor(
    @Inject(EVENT_LOG) private readonly log: EventLog,
    @Inject(DATABASE_KIND) private readonly databaseKind: DatabaseKind,
  ) {}

  @Query(() => String, { description: 'The running service version' })
  version(): string {
    return APP_VERSION;
  }

  @Query(() => Health)
  async health(): Promise<Health> {
    const started = performance.now();
    try {
      const head = await this.log.newestCommitted();
      return {
        status: 'ok',
        version: APP_VERSION,
        database: this.databaseKind,
        databaseLatencyMs: Math.round((performance.now() - started) * 100) / 100,
        lastGlobalPosition: head?.toString() ?? null,
      };
    } catch {
      return {
        status: 'degraded',
        version: APP_VERSION,
        database: this.databaseKind,
        databaseLatencyMs: null,
        lastGlobalPosition: null,
      };
    }
  }
}
