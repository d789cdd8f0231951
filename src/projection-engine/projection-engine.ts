import { Inject, Injectable, type OnApplicationBootstrap, type OnApplicationShutdown } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type pg from 'pg';
import type { DataSource } from 'typeorm';
import { DomainError } from '../../contexts/domain-error.js';
import { EVENT_STORE, type EventStore, type RecordedEvent } from '../event-store/event-store.port.js';
import { APPENDED_CHANNEL } from '../event-store/append-notifier.js';
import { PG_POOL } from '../event-store/event-store.module.js';
import { PgListener } from '../database/pg-listener.js';
import { PROJECTIONS, type Projection } from './projection.js';
import { rebuildProjections, type RebuildProgress } from './projection-rebuild.js';
import { ProjectionRunner } from './projection-runner.js';

export const PROJECTION_OPTIONS = Symbol('ProjectionOptions');

export interface ProjectionOptions {
  batchSize: number;
  /** How often an idle runner looks for new events; 0: runners only run when catchUp() is called. */
  pollIntervalMs: number;
  /** How long a query with minPosition waits for the read models. */
  readYourWritesTimeoutMs: number;
  /** A real server's URL: runners then wake on its notifications of appends (append-notifier.ts), not only when they poll. */
  notificationsUrl?: string;
}

export interface ProjectionStatus {
  name: string;
  position: string;
  lagEvents: number;
  lagSeconds: number;
  lastError: string | null;
  failedPosition: string | null;
  runningHere: boolean;
}

/** Starts a runner per projection in every instance; the advisory locks decide which one works. */
@Injectable()
export class ProjectionEngine implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly runners: ProjectionRunner[];
  private listener: PgListener | undefined;
  /** Read models being rebuilt by this process (the advisory locks in projection-rebuild.ts guard across instances; on the embedded database every connection is one session, so they cannot guard within it). */
  private readonly rebuilding = new Set<string>();
  private readonly committed: ((projection: string, events: readonly RecordedEvent[]) => void)[] = [];

  constructor(
    @Inject(PROJECTIONS) private readonly projections: Projection[],
    @Inject(EVENT_STORE) private readonly store: EventStore,
    @InjectDataSource() private readonly dataSource: DataSource,
    @Inject(PG_POOL) private readonly pool: pg.Pool,
    @Inject(PROJECTION_OPTIONS) private readonly options: ProjectionOptions,
  ) {
    const onCommitted = (projection: string, events: readonly RecordedEvent[]) => {
      for (const listener of this.committed) listener(projection, events);
    };
    this.runners = projections.map((projection) => new ProjectionRunner(projection, store, dataSource, pool, { ...options, onCommitted }));
  }

  /** Calls `listener` after each batch a projection commits in this instance (subscriptions start from here). */
  onCommitted(listener: (projection: string, events: readonly RecordedEvent[]) => void): void {
    this.committed.push(listener);
  }

  async onApplicationBootstrap(): Promise<void> {
    if (this.options.pollIntervalMs === 0) return;
    for (const runner of this.runners) runner.start();
    if (this.options.notificationsUrl) {
      // Only the runners holding their lock have events to apply; the others keep polling for the lock.
      const wakeWorking = () => this.runners.filter((runner) => runner.running).forEach((runner) => runner.wakeUp());
      this.listener = new PgListener(this.options.notificationsUrl, { [APPENDED_CHANNEL]: wakeWorking }, wakeWorking);
      await this.listener.start();
    }
  }

  async onApplicationShutdown(): Promise<void> {
    await this.listener?.close();
    await Promise.all(this.runners.map((runner) => runner.stop()));
  }

  /** A rebuild ended: the runners take their locks back now instead of at their next poll. */
  private wakeRunners(): void {
    for (const runner of this.runners) runner.wakeUp();
  }

  /** Runs every projection this instance can lock up to the end of the log now. */
  async catchUp(): Promise<void> {
    for (const runner of this.runners) await runner.catchUp();
  }

  /**
   * Resolves when the named read models have applied the event at `position` (compared in the
   * store's commit-safe order, not as numbers); BAD_USER_INPUT for a position no event has, and
   * READ_MODEL_BEHIND when they have not got there within the timeout.
   */
  async waitFor(position: bigint, names: readonly string[]): Promise<void> {
    const deadline = Date.now() + this.options.readYourWritesTimeoutMs;
    for (;;) {
      const rows: { known: boolean; reached: number }[] = await this.dataSource.query(
        `SELECT EXISTS (SELECT 1 FROM events WHERE global_position = $1) AS known,
                (SELECT count(*)::int FROM checkpoints c
                   JOIN events ce ON ce.global_position = c.position
                   JOIN events pe ON pe.global_position = $1
                  WHERE c.name = ANY($2) AND (ce.transaction_id, ce.global_position) >= (pe.transaction_id, pe.global_position)) AS reached`,
        [position.toString(), names],
      );
      if (!rows[0]!.known) throw new DomainError('BAD_USER_INPUT', `No event has position ${position}`);
      if (rows[0]!.reached === names.length) return;
      if (Date.now() >= deadline) {
        throw new DomainError('READ_MODEL_BEHIND', `The read models have not reached position ${position} after ${this.options.readYourWritesTimeoutMs} ms; try again shortly`);
      }
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
  }

  /** Rebuilds one read model (or, without a name, all of them) from position 0 and swaps it in (projection-rebuild.ts). */
  async rebuild(name: string | undefined, onProgress?: (progress: RebuildProgress) => void): Promise<{ events: number }> {
    const chosen = name === undefined ? this.projections : this.projections.filter((p) => p.name === name);
    if (chosen.length === 0) throw new DomainError('NOT_FOUND', `No projection ${name}; there are ${this.projections.map((p) => p.name).join(', ')}`);
    const busy = chosen.filter((p) => this.rebuilding.has(p.name)).map((p) => p.name);
    if (busy.length > 0) throw new DomainError('CONFLICT', `A rebuild of ${busy.join(', ')} is already running; wait for it to finish`);
    for (const p of chosen) this.rebuilding.add(p.name);
    try {
      return await rebuildProjections(chosen, { store: this.store, dataSource: this.dataSource, pool: this.pool, wakeRunners: () => this.wakeRunners() }, onProgress);
    } finally {
      for (const p of chosen) this.rebuilding.delete(p.name);
      this.wakeRunners();
    }
  }

  /** A query's `minPosition` argument: when given, wait for the read model it reads (see waitFor). */
  async readYourWrites(minPosition: string | null | undefined, readModel: string): Promise<void> {
    if (minPosition == null) return;
    if (!/^\d{1,19}$/.test(minPosition)) throw new DomainError('BAD_USER_INPUT', 'minPosition is a position a mutation returned (digits)');
    await this.waitFor(BigInt(minPosition), [readModel]);
  }

  /** Waits until the named read models have applied every event committed before this call. */
  async waitForHead(names: readonly string[]): Promise<void> {
    const [head]: { position: string }[] = await this.dataSource.query(
      `SELECT global_position::text AS position FROM events WHERE transaction_id < pg_snapshot_xmin(pg_current_snapshot())
        ORDER BY transaction_id DESC, global_position DESC LIMIT 1`,
    );
    if (head) await this.waitFor(BigInt(head.position), names);
  }

  async status(): Promise<ProjectionStatus[]> {
    return Promise.all(
      this.runners.map(async (runner) => {
        const [row]: { position: string; last_error: string | null; failed_position: string | null; lag_events: number; lag_seconds: number }[] = await this.dataSource.query(
          `SELECT coalesce(c.position, 0)::text AS position, c.last_error, c.failed_position::text AS failed_position,
                  (SELECT count(*)::int FROM events e WHERE ce.global_position IS NULL OR (e.transaction_id, e.global_position) > (ce.transaction_id, ce.global_position)) AS lag_events,
                  coalesce((SELECT extract(epoch FROM now() - min(e.recorded_at))::float FROM events e
                     WHERE ce.global_position IS NULL OR (e.transaction_id, e.global_position) > (ce.transaction_id, ce.global_position)), 0) AS lag_seconds
             FROM (SELECT $1::text AS name) n
             LEFT JOIN checkpoints c ON c.name = n.name
             LEFT JOIN events ce ON ce.global_position = c.position`,
          [runner.projection.name],
        );
        return {
          name: runner.projection.name,
          position: row!.position,
          lagEvents: row!.lag_events,
          lagSeconds: Math.max(0, Math.round(row!.lag_seconds * 10) / 10),
          lastError: row!.last_error,
          failedPosition: row!.failed_position,
          runningHere: runner.running,
        };
      }),
    );
  }
}
