import { Logger } from '@nestjs/common';
import type pg from 'pg';
import type { DataSource } from 'typeorm';
import type { EventStore, ReadAllPage, RecordedEvent } from '../event-store/event-store.port.js';
import type { Projection } from '../kernel/projection.js';

export interface RunnerOptions {
  batchSize: number;
  pollIntervalMs: number;
  /**
   * After a batch that was not full, how long the runner rests before it reads again, wake-ups or
   * not: under a stream of appends each batch then takes what arrived meanwhile, instead of a batch
   * (six round trips) for every append or two. 0: it reads again at once.
   */
  batchIntervalMs?: number;
  /** Called after a batch committed, with its events (for subscriptions). */
  onCommitted?: (projection: string, events: readonly RecordedEvent[]) => void;
}

/**
 * After an empty read that found events committed but not readable in order yet, how soon the runner
 * reads again (doubling while they stay so, up to the poll interval): the transaction holding them
 * back ends without a notification of its own.
 */
const FRONTIER_RETRY_MS = 10;

/** Takes, on `client`'s session, the advisory lock that says who runs the projection; false when another session holds it. */
export async function tryProjectionLock(client: pg.ClientBase, name: string): Promise<boolean> {
  const { rows } = await client.query<{ locked: boolean }>(
    `SELECT pg_try_advisory_lock(hashtext('aduan-projection'), hashtext($1)) AS locked`,
    [name],
  );
  return rows[0]!.locked;
}

/**
 * Runs one projection: follows the store's global order from its checkpoint in batches, writing
 * the batch's rows and the new checkpoint in one transaction, so a crash never applies an event
 * twice or skips one. Among several instances only the holder of the projection's advisory lock
 * runs it; the lock lives on a connection of its own, so when an instance dies the database
 * releases it and another instance takes over. A batch that fails is recorded on the checkpoint
 * row and retried with back-off: the projection stops at that event and never skips it.
 */
export class ProjectionRunner {
  private readonly logger: Logger;
  private lock: pg.PoolClient | null = null;
  private stopped = false;
  private loop: Promise<void> | undefined;
  /** Ends the current wait early because events were appended (not a rest: see RunnerOptions.batchIntervalMs). */
  private wake: (() => void) | undefined;
  /** Ends the current wait or rest early because the runner stops. */
  private interrupt: (() => void) | undefined;
  /** Empty reads in a row that found events committed but not yet readable in order (ReadAllPage.awaiting). */
  private frontierWaits = 0;
  /** Where this runner's last batch left the checkpoint, while it holds the lock (see applyBatch). */
  private position: bigint | undefined;
  /** A wake-up that came while the runner was busy: its next wait ends at once. */
  private woken = false;
  /** The page after the batch being applied, read while that batch is written (see read()). */
  private readAhead: { after: bigint; page: Promise<ReadAllPage> } | undefined;

  constructor(
    readonly projection: Projection,
    /** Where it reads the log: the store, or SharedPages to share the reads with the other runners. */
    private readonly store: Pick<EventStore, 'readAll'>,
    private readonly dataSource: DataSource,
    private readonly pool: pg.Pool,
    private readonly options: RunnerOptions,
  ) {
    this.logger = new Logger(`Projection ${projection.name}`);
  }

  get running(): boolean {
    return this.lock !== null;
  }

  start(): void {
    this.loop ??= this.run();
  }

  /** Ends the current wait, so the runner looks for events (or for its lock) now. */
  wakeUp(): void {
    this.woken = true;
    this.wake?.();
  }

  /** Stops after the batch in progress commits, and gives the lock back. */
  async stop(): Promise<void> {
    this.stopped = true;
    this.interrupt?.();
    await this.loop;
    await this.readAhead?.page.catch(() => undefined);
    this.readAhead = undefined;
    await this.release();
  }

  /** Applies every event after the checkpoint now (when this instance holds the lock); returns how many. */
  async catchUp(): Promise<number> {
    if (!(await this.acquire())) return 0;
    let applied = 0;
    for (let batch = await this.applyBatch(); batch > 0; batch = await this.applyBatch()) applied += batch;
    return applied;
  }

  private async run(): Promise<void> {
    let failures = 0;
    while (!this.stopped) {
      try {
        if (!(await this.acquire())) {
          await this.sleep(this.options.pollIntervalMs * 10);
          continue;
        }
        const applied = await this.applyBatch();
        failures = 0;
        if (applied === 0)
          await this.sleep(
            this.frontierWaits > 0
              ? Math.min(this.options.pollIntervalMs, FRONTIER_RETRY_MS * 2 ** Math.min(this.frontierWaits - 1, 12))
              : this.options.pollIntervalMs,
          );
        else if (applied < this.options.batchSize && this.options.batchIntervalMs)
          await this.sleep(this.options.batchIntervalMs, { wakeable: false });
      } catch (error) {
        failures++;
        this.logger.error({
          msg: `could not read or apply the next events (attempt ${failures}): ${(error as Error).message}`,
          correlationIds: (error as { correlationIds?: string[] }).correlationIds,
        });
        await this.sleep(Math.min(30_000, 250 * 2 ** Math.min(failures, 7)));
      }
    }
  }

  /**
   * Applies the events after the checkpoint, in one transaction with the checkpoint's move. The
   * transaction locks the checkpoint row and finds it where this runner left it (not moved by a
   * rebuild, not paused), so a runner holding its lock keeps its position in memory rather than
   * reading it before every batch; and it takes three round trips besides the projection's own:
   * the page, the opening (with the row lock), the move with the commit.
   */
  private async applyBatch(): Promise<number> {
    let from = this.position;
    if (from === undefined) {
      const checkpoint = await this.checkpoint();
      if (checkpoint.pausedBy !== null) {
        // A rebuild is swapping this projection's rows in: step aside until it is done.
        await this.release();
        return 0;
      }
      from = checkpoint.position;
    }
    const page = await this.read(from);
    this.frontierWaits = page.awaiting ? this.frontierWaits + 1 : 0;
    if (page.events.length === 0) {
      if (this.position === undefined) return 0;
      // Idle: look at the checkpoint, as a rebuild wakes the runners to pause them.
      const checkpoint = await this.checkpoint();
      if (checkpoint.pausedBy === null && checkpoint.position === from) return 0;
      this.position = undefined;
      return this.applyBatch();
    }
    if (page.events.length === this.options.batchSize) this.readAheadFrom(page.position);
    const runner = this.dataSource.createQueryRunner();
    try {
      const client = (await runner.connect()) as pg.PoolClient;
      const name = client.escapeLiteral(this.projection.name);
      // The rows and the checkpoint commit together, so a crash of the database can only lose the last
      // batches whole, which the runner then applies again from the durable checkpoint: no wait for the disk.
      const opened = (await client.query(
        `START TRANSACTION; SET LOCAL synchronous_commit = off;
         SELECT position::text AS position, paused_by FROM checkpoints WHERE name = ${name} FOR UPDATE`,
      )) as unknown as pg.QueryResult<{ position: string; paused_by: string | null }>[];
      const checkpoint = opened[2]!.rows[0];
      if (checkpoint?.position !== from.toString() || checkpoint.paused_by !== null) {
        await client.query('ROLLBACK');
        this.position = undefined;
        return this.applyBatch();
      }
      await this.projection.apply(page.events, runner.manager);
      await client.query(
        `UPDATE checkpoints SET position = ${page.position}, updated_at = now(), last_error = NULL, failed_position = NULL, failed_at = NULL
          WHERE name = ${name}; COMMIT`,
      );
      this.position = page.position;
    } catch (error) {
      this.position = undefined;
      await runner.query('ROLLBACK').catch(() => undefined);
      await this.recordFailure(error, page.events[0]!.globalPosition).catch(() => undefined);
      throw Object.assign(error as Error, { correlationIds: correlationIdsOf(page.events) });
    } finally {
      await runner.release();
    }
    this.logger.debug({
      msg: `applied ${page.events.length} events up to position ${page.position}`,
      correlationIds: correlationIdsOf(page.events),
    });
    this.options.onCommitted?.(this.projection.name, page.events);
    return page.events.length;
  }

  /**
   * The events after `from`: the page read ahead when it starts there and found events, else a
   * fresh read. Reading the next page while a full batch is written keeps the database and this
   * process busy at once; a page read ahead is only a read, so when the batch fails or the
   * checkpoint moves it is simply not used.
   */
  private async read(from: bigint): Promise<ReadAllPage> {
    const ahead = this.readAhead;
    this.readAhead = undefined;
    if (ahead?.after === from) {
      const page = await ahead.page;
      if (page.events.length > 0) return page;
    }
    return this.store.readAll({ after: from, limit: this.options.batchSize });
  }

  private readAheadFrom(after: bigint): void {
    const page = this.store.readAll({ after, limit: this.options.batchSize });
    page.catch(() => undefined);
    this.readAhead = { after, page };
  }

  /** The checkpoint row, made the first time (a read, not a write, every batch after that). */
  private async checkpoint(): Promise<{ position: bigint; pausedBy: string | null }> {
    const read = (): Promise<{ position: string; paused_by: string | null }[]> =>
      this.dataSource.query(`SELECT position::text AS position, paused_by FROM checkpoints WHERE name = $1`, [
        this.projection.name,
      ]);
    let [row] = await read();
    if (!row) {
      await this.dataSource.query(`INSERT INTO checkpoints (name) VALUES ($1) ON CONFLICT (name) DO NOTHING`, [
        this.projection.name,
      ]);
      [row] = await read();
    }
    return { position: BigInt(row!.position), pausedBy: row!.paused_by };
  }

  /** Says on the checkpoint row where the projection is stuck and why. */
  private async recordFailure(error: unknown, position: bigint): Promise<void> {
    await this.dataSource.query(
      `UPDATE checkpoints SET last_error = $2, failed_position = $3, failed_at = now() WHERE name = $1`,
      [this.projection.name, error instanceof Error ? error.message : String(error), position.toString()],
    );
  }

  /** Takes the projection's advisory lock if no instance holds it; true when this runner holds it. */
  async acquire(): Promise<boolean> {
    if (this.lock) return true;
    const client = await this.pool.connect();
    try {
      if (!(await tryProjectionLock(client, this.projection.name))) {
        client.release();
        return false;
      }
    } catch (error) {
      client.release(error as Error);
      throw error;
    }
    client.on('error', this.lockLost);
    this.lock = client;
    this.logger.log('running here');
    return true;
  }

  /** The lock's connection died: the database released the lock, so this instance no longer runs the projection. */
  private readonly lockLost = (error: Error) => {
    const client = this.lock;
    this.lock = null;
    this.position = undefined;
    client?.off('error', this.lockLost);
    client?.release(error);
    this.logger.warn(`lost its lock (${error.message}); another instance may take over`);
  };

  async release(): Promise<void> {
    const client = this.lock;
    this.lock = null;
    this.position = undefined;
    if (!client) return;
    client.off('error', this.lockLost);
    try {
      await client.query(`SELECT pg_advisory_unlock(hashtext('aduan-projection'), hashtext($1))`, [
        this.projection.name,
      ]);
      client.release();
    } catch (error) {
      client.release(error as Error);
    }
  }

  /** Waits `ms`; a wake-up ends the wait early unless it is a rest (`wakeable: false`), and stop() ends either. */
  private sleep(ms: number, { wakeable = true } = {}): Promise<void> {
    if (this.stopped) return Promise.resolve();
    if (wakeable && this.woken) {
      this.woken = false;
      return Promise.resolve();
    }
    return new Promise((resolve) => {
      const end = () => {
        clearTimeout(timer);
        this.wake = undefined;
        this.interrupt = undefined;
        resolve();
      };
      const timer = setTimeout(end, ms);
      this.interrupt = end;
      if (wakeable)
        this.wake = () => {
          this.woken = false;
          end();
        };
    });
  }
}

/** The requests a batch of events came from (at most 20), so a projection's log lines lead back to them. */
function correlationIdsOf(events: readonly RecordedEvent[]): string[] {
  return [...new Set(events.map((event) => event.metadata.correlationId))].slice(0, 20);
}
