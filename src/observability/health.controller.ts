import { Controller, Get, Header, Inject, Res } from '@nestjs/common';
import type { FastifyReply } from 'fastify';
import type pg from 'pg';
import { MIGRATIONS } from '../database/data-source.js';
import { EVENT_LOG, type EventLog } from '../event-store/event-log.port.js';
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
 * database and the event store, PostgreSQL or KurrentDB, each answer within a second, every
 * migration is applied, no read model is stuck or further behind than HEALTH_MAX_PROJECTION_LAG)
 * with 503 and the failed checks otherwise, and /metrics.
 */
@Controller()
export class HealthController {
  constructor(
    @Inject(PG_POOL) private readonly pool: pg.Pool,
    @Inject(EVENT_LOG) private readonly log: EventLog,
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
  async ready(
    @Res({ passthrough: true }) response: FastifyReply,
  ): Promise<{ status: 'ok' | 'unavailable'; checks: Record<string, string> }> {
    const checks: Record<string, string> = {};
    if (this.drain.draining) checks.shutdown = 'shutting down: send no more requests here';
    checks.database = await check(async () => {
      const { rows } = await this.pool.query<{ applied: number }>('SELECT count(*)::int AS applied FROM migrations');
      checks.migrations =
        rows[0]!.applied >= MIGRATIONS.length ? 'ok' : `${rows[0]!.applied} of ${MIGRATIONS.length} applied`;
    });
    checks.eventStore = await check(() => this.log.head());
    if (checks.database === 'ok' && checks.eventStore === 'ok') {
      checks.projections = await check(async () => {
        const behind = (await this.engine.status()).filter(
          (p) => p.lastError || p.lagEvents > this.readiness.maxProjectionLagEvents,
        );
        if (behind.length > 0)
          throw new Error(
            behind
              .map((p) => (p.lastError ? `${p.name} stuck: ${p.lastError}` : `${p.name} ${p.lagEvents} events behind`))
              .join('; '),
          );
      }, '');
    }
    const ok = Object.values(checks).every((check) => check === 'ok');
    if (!ok) void response.status(503);
    return { status: ok ? 'ok' : 'unavailable', checks };
  }

  @Get('metrics')
  @Header('content-type', 'text/plain; version=0.0.4; charset=utf-8')
  metricsText(): Promise<string> {
    return this.metrics.registry.metrics();
  }
}

/** 'ok' when `work` ends within a second, else why not (after `prefix`). */
async function check(work: () => Promise<unknown>, prefix = 'unreachable: '): Promise<string> {
  try {
    await withTimeout(work(), 1_000);
    return 'ok';
  } catch (error) {
    return `${prefix}${(error as Error).message}`;
  }
}

function withTimeout<T>(work: Promise<T>, ms: number): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>(
    (_, reject) => (timer = setTimeout(() => reject(new Error(`no answer within ${ms} ms`)), ms)),
  );
  return Promise.race([work, timeout]).finally(() => clearTimeout(timer));
}
