import { Controller, Get, Header, Inject, Res } from '@nestjs/common';
import type { Response } from 'express';
import type pg from 'pg';
import { MIGRATIONS } from '../database/data-source.js';
import { PG_POOL } from '../event-store/event-store.module.js';
import { ProjectionEngine } from '../projection-engine/projection-engine.js';
import { HttpDrain } from './http-drain.js';
import { Metrics } from './metrics.js';

export const READINESS = Symbol('READINESS');
export interface Readiness {
  /** The most events a read model may be behind while the instance calls itself ready. */
  maxProjectionLagEvents: number;
}

/**
 * For orchestrators and Prometheus: /health/live (the process answers), /health/ready (the
 * database answers within a second, every migration is applied, no read model is stuck or further
 * behind than HEALTH_MAX_PROJECTION_LAG) with 503 and the failed checks otherwise, and /metrics.
 */
@Controller()
export class HealthController {
  constructor(
    @Inject(PG_POOL) private readonly pool: pg.Pool,
    private readonly engine: ProjectionEngine,
    private readonly metrics: Metrics,
    @Inject(READINESS) private readonly readiness: Readiness,
    private readonly drain: HttpDrain,
  ) {
    metrics.watchProjections(() => engine.status());
  }

  @Get('health/live')
  live(): { status: 'ok' } {
    return { status: 'ok' };
  }

  @Get('health/ready')
  async ready(@Res({ passthrough: true }) response: Response): Promise<{ status: 'ok' | 'unavailable'; checks: Record<string, string> }> {
    const checks: Record<string, string> = {};
    if (this.drain.draining) checks.shutdown = 'shutting down: send no more requests here';
    try {
      const { rows } = await withTimeout(this.pool.query<{ applied: number }>('SELECT count(*)::int AS applied FROM migrations'), 1_000);
      checks.database = 'ok';
      checks.migrations = rows[0]!.applied >= MIGRATIONS.length ? 'ok' : `${rows[0]!.applied} of ${MIGRATIONS.length} applied`;
      const behind = (await withTimeout(this.engine.status(), 1_000)).filter((p) => p.lastError || p.lagEvents > this.readiness.maxProjectionLagEvents);
      checks.projections = behind.length === 0 ? 'ok' : behind.map((p) => (p.lastError ? `${p.name} stuck: ${p.lastError}` : `${p.name} ${p.lagEvents} events behind`)).join('; ');
    } catch (error) {
      checks.database = `unreachable: ${(error as Error).message}`;
    }
    const ok = Object.values(checks).every((check) => check === 'ok');
    if (!ok) response.status(503);
    return { status: ok ? 'ok' : 'unavailable', checks };
  }

  @Get('metrics')
  @Header('content-type', 'text/plain; version=0.0.4; charset=utf-8')
  metricsText(): Promise<string> {
    return this.metrics.registry.metrics();
  }
}

function withTimeout<T>(work: Promise<T>, ms: number): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => (timer = setTimeout(() => reject(new Error(`no answer within ${ms} ms`)), ms)));
  return Promise.race([work, timeout]).finally(() => clearTimeout(timer));
}
