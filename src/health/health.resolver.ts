import { Inject } from '@nestjs/common';
import { Query, Resolver } from '@nestjs/graphql';
import type pg from 'pg';
import { PG_POOL } from '../event-store/event-store.module.js';
import { APP_VERSION } from '../version.js';
import { DatabaseKind, Health } from './health.model.js';

export const DATABASE_KIND = Symbol('DatabaseKind');

@Resolver(() => Health)
export class HealthResolver {
  constructor(
    @Inject(PG_POOL) private readonly pool: pg.Pool,
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
      const { rows } = await this.pool.query<{ position: string | null }>('SELECT max(global_position)::text AS position FROM events');
      return {
        status: 'ok',
        version: APP_VERSION,
        database: this.databaseKind,
        databaseLatencyMs: Math.round((performance.now() - started) * 100) / 100,
        lastGlobalPosition: rows[0]?.position ?? null,
      };
    } catch {
      return { status: 'degraded', version: APP_VERSION, database: this.databaseKind, databaseLatencyMs: null, lastGlobalPosition: null };
    }
  }
}
