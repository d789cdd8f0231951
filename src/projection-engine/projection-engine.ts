import { Inject, Injectable, type OnApplicationBootstrap, type BeforeApplicationShutdown } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type pg from 'pg';
import type { DataSource } from 'typeorm';
import { DomainError } from '../../contexts/domain-error.js';
import { EVENT_STORE, type EventStore, type RecordedEvent } from '../event-store/event-store.port.js';
import { APPENDED_CHANNEL } from '../event-store/append-notifier.js';
import { EVENT_LOG, type EventLog } from '../event-store/event-log.port.js';
import { PG_POOL } from '../event-store/event-store.module.js';
import { PgListener } from '../database/pg-listener.js';
import type { AppConfig } from '../config/config.js';
import { runsBackgroundWork } from '../config/instance-role.js';
import { APP_CONFIG } from '../shared.module.js';
import { Metrics } from '../observability/metrics.js';
import type { Projection } from '../kernel/projection.js';
import { PROJECTIONS } from './projection.js';
import { rebuildProjections, type RebuildProgress } from './projection-rebuild.js';
import { ProjectionRunner } from './projection-runner.js';
import { ReadReplicas, type ReadModelDb, type Replica } from './read-replicas.js';
import { SharedPages } from './shared-pages.js';

/** The largest global position there can be (PostgreSQL's bigint). */
const MAX_POSITION = 9223372036854775807n;

export const PROJECTION_OPTIONS = Symbol('ProjectionOptions');

export interface ProjectionOptions {
  batchSize: number;
  /** How often an idle runner looks for new events; 0: runners only run when catchUp() is called. */
  pollIntervalMs: number;
  /** How long a runner rests after a batch that was not full (RunnerOptions.batchIntervalMs). */
  batchIntervalMs?: number;
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

/** Starts a runner per projection in every instance but an api one; the advisory locks decide which one works. */
@Injectable()
export class ProjectionEngine implements OnApplicationBootstrap, BeforeApplicationShutdown {
  private readonly runners: ProjectionRunner[];
  private listener: PgListener | undefined;
  /** Read models being rebuilt by this process (the advisory locks in projection-rebuild.ts guard across instances; on the embedded database every connection is one session, so they cannot guard within it). */
  private readonly rebuilding = new Set<string>();
  private readonly committed: ((projection: string, events: readonly RecordedEvent[]) => void)[] = [];

  constructor(
    @Inject(PROJECTIONS) private readonly projections: Projection[],
    @Inject(EVENT_STORE) private readonly store: EventStore,
    @Inject(EVENT_LOG) private readonly log: EventLog,
    @InjectDataSource() private readonly dataSource: DataSource,
    @Inject(PG_POOL) private readonly pool: pg.Pool,
    @Inject(PROJECTION_OPTIONS) private readonly options: ProjectionOptions,
    @Inject(APP_CONFIG) private readonly config: Pick<AppConfig, 'instanceRole'>,
    private readonly replicas: ReadReplicas,
    private readonly metrics: Metrics,
    pages: SharedPages,
  ) {
    const onCommitted = (projection: string, events: readonly RecordedEvent[]) => {
      for (const listener of this.committed) listener(projection, events);
    };
    this.runners = projections.map(
      (projection) => new ProjectionRunner(projection, pages, dataSource, pool, { ...options, onCommitted }),
    );
  }

  /** Calls `listener` after each batch a projection commits in this instance (subscriptions start from here). */
  onCommitted(listener: (projection: string, events: readonly RecordedEvent[]) => void): void {
    this.committed.push(listener);
  }

  async onApplicationBootstrap(): Promise<void> {
    // An api instance runs no projection: a worker does, and its commits reach the subscriptions here by NOTIFY (change-feed.ts).
    if (this.options.pollIntervalMs === 0 || !runsBackgroundWork(this.config)) return;
    for (const runner of this.runners) runner.start();
    if (this.options.notificationsUrl) {
      // Only the runners holding their lock have events to apply; the others keep polling for the lock.
      const wakeWorking = () => this.runners.filter((runner) => runner.running).forEach((runner) => runner.wakeUp());
      this.listener = new PgListener(this.options.notificationsUrl, { [APPENDED_CHANNEL]: wakeWorking }, wakeWorking);
      await this.listener.start();
    }
  }

  async beforeApplicationShutdown(): Promise<void> {
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
    const outcome = await this.until(position, names, { db: this.dataSource, log: this.log }, deadline);
    if (outcome === 'unknown') throw new DomainError('BAD_USER_INPUT', `No event has position ${position}`);
    if (outcome === 'late')
      throw new DomainError(
        'READ_MODEL_BEHIND',
        `The read models have not reached position ${position} after ${this.options.readYourWritesTimeoutMs} ms; try again shortly`,
      );
  }

  /**
   * Polls one database's checkpoints until the named read models have applied `position` there, or
   * `deadline` passes. The primary knows every event, so one it does not know is `unknown` at once; a
   * replica may not have replayed it yet, so there it is waited for like a checkpoint.
   */
  private async until(
    position: bigint,
    names: readonly string[],
    on: { db: ReadModelDb; log: EventLog; replica?: true },
    deadline: number,
  ): Promise<'reached' | 'unknown' | 'late'> {
    for (;;) {
      const checkpoints = await this.checkpoints(names, on.db);
      const { known, reached } = await on.log.reached(
        position,
        names.map((name) => checkpoints.get(name)?.position ?? 0n),
      );
      if (known && reached.every(Boolean)) return 'reached';
      if (!known && !on.replica) return 'unknown';
      if (Date.now() >= deadline) return 'late';
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
  }

  /** Rebuilds one read model (or, without a name, all of them) from position 0 and swaps it in (projection-rebuild.ts). */
  async rebuild(
    name: string | undefined,
    onProgress?: (progress: RebuildProgress) => void,
  ): Promise<{ events: number }> {
    const chosen = name === undefined ? this.projections : this.projections.filter((p) => p.name === name);
    if (chosen.length === 0)
      throw new DomainError(
        'NOT_FOUND',
        `No projection ${name}; there are ${this.projections.map((p) => p.name).join(', ')}`,
      );
    const busy = chosen.filter((p) => this.rebuilding.has(p.name)).map((p) => p.name);
    if (busy.length > 0)
      throw new DomainError('CONFLICT', `A rebuild of ${busy.join(', ')} is already running; wait for it to finish`);
    for (const p of chosen) this.rebuilding.add(p.name);
    try {
      return await rebuildProjections(
        chosen,
        {
          store: this.store,
          log: this.log,
          dataSource: this.dataSource,
          pool: this.pool,
          wakeRunners: () => this.wakeRunners(),
        },
        onProgress,
      );
    } finally {
      for (const p of chosen) this.rebuilding.delete(p.name);
      this.wakeRunners();
    }
  }

  /**
   * Where a query on `readModel` runs: a replica within the lag bound (read-replicas.ts) or the
   * primary. With `minPosition` (a position a mutation returned) it waits until that database's
   * copy of the read model has applied the event: a replica is waited on for at most its lag bound,
   * then the primary answers (see waitFor). A query that fails on a replica is run on the primary.
   */
  async readModel(minPosition: string | null | undefined, readModel: string): Promise<ReadModelDb> {
    let position: bigint | null = null;
    if (minPosition != null) {
      // A position is a PostgreSQL bigint: 19 digits may still be beyond it.
      if (!/^\d{1,19}$/.test(minPosition) || BigInt(minPosition) > MAX_POSITION)
        throw new DomainError('BAD_USER_INPUT', 'minPosition is a position a mutation returned (digits)');
      position = BigInt(minPosition);
    }
    const replica = this.replicas.choose();
    if (replica && (await this.replicaReached(replica, position, readModel))) {
      this.metrics.readModelQueries.inc({ target: 'replica' });
      return this.onReplica(replica);
    }
    if (position !== null) await this.waitFor(position, [readModel]);
    this.metrics.readModelQueries.inc({ target: 'primary' });
    return this.dataSource;
  }

  /** Whether the replica's own checkpoint of `readModel` reaches `position`, waiting up to the lag bound. */
  private async replicaReached(replica: Replica, position: bigint | null, readModel: string): Promise<boolean> {
    if (position === null) return true;
    const deadline = Date.now() + Math.min(this.replicas.maxLagMs, this.options.readYourWritesTimeoutMs);
    try {
      return (await this.until(position, [readModel], { ...replica, replica: true }, deadline)) === 'reached';
    } catch (error) {
      this.replicas.markDown(replica, error);
      return false;
    }
  }

  /** The replica's database, but a query that fails there runs again on the primary. */
  private onReplica(replica: Replica): ReadModelDb {
    return {
      query: async (sql: string, parameters?: unknown[]) => {
        try {
          return await replica.db.query(sql, parameters);
        } catch (error) {
          // The server refused the statement (a recovery conflict, say): the replica stays in use. A lost
          // connection, or a server shutting down (SQLSTATE 08xxx, 57Pxx), takes it out until its next good check.
          const code = (error as { code?: unknown }).code;
          if (typeof code !== 'string' || /^(08|57P)/.test(code)) this.replicas.markDown(replica, error);
          this.metrics.replicaFallbacks.inc();
          return this.dataSource.query(sql, parameters);
        }
      },
    } as ReadModelDb;
  }

  /** Waits until the named read models have applied every event committed before this call. */
  async waitForHead(names: readonly string[]): Promise<void> {
    const head = await this.log.head();
    if (head !== null) await this.waitFor(head, names);
  }

  async status(): Promise<ProjectionStatus[]> {
    const checkpoints = await this.checkpoints(this.runners.map((runner) => runner.projection.name));
    const now = Date.now();
    return Promise.all(
      this.runners.map(async (runner) => {
        const checkpoint = checkpoints.get(runner.projection.name);
        const position = checkpoint?.position ?? 0n;
        const backlog = await this.log.backlog(position);
        return {
          name: runner.projection.name,
          position: position.toString(),
          lagEvents: backlog.events,
          lagSeconds: backlog.oldestRecordedAt
            ? Math.max(0, Math.round((now - backlog.oldestRecordedAt.getTime()) / 100) / 10)
            : 0,
          lastError: checkpoint?.lastError ?? null,
          failedPosition: checkpoint?.failedPosition ?? null,
          runningHere: runner.running,
        };
      }),
    );
  }

  private async checkpoints(
    names: readonly string[],
    db: ReadModelDb = this.dataSource,
  ): Promise<Map<string, { position: bigint; lastError: string | null; failedPosition: string | null }>> {
    const rows: { name: string; position: string; last_error: string | null; failed_position: string | null }[] =
      await db.query(
        `SELECT name, position::text AS position, last_error, failed_position::text AS failed_position FROM checkpoints WHERE name = ANY($1)`,
        [names],
      );
    return new Map(
      rows.map((row) => [
        row.name,
        { position: BigInt(row.position), lastError: row.last_error, failedPosition: row.failed_position },
      ]),
    );
  }
}
