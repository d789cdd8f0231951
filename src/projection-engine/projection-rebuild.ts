import { randomUUID } from 'node:crypto';
import type pg from 'pg';
import type { DataSource, EntityManager } from 'typeorm';
import { DomainError } from '../../contexts/domain-error.js';
import { APPENDED_CHANNEL } from '../event-store/append-notifier.js';
import type { EventLog } from '../event-store/event-log.port.js';
import type { EventStore, RecordedEvent } from '../event-store/event-store.port.js';
import type { Projection } from '../kernel/projection.js';
import { tryProjectionLock } from './projection-runner.js';
import { createShadowTable, finishShadowTable, swapShadowTable } from './shadow-tables.js';

export interface RebuildProgress {
  done: number;
  total: number;
}

const LOCK_WAIT_MS = 30_000;
/** Events per rebuild batch: large batches keep per-transaction costs small next to the rows written. */
export const REBUILD_BATCH = 5000;

interface Deps {
  store: EventStore;
  log: EventLog;
  dataSource: DataSource;
  pool: pg.Pool;
  /** Wakes this process's runners, so the paused ones step aside now rather than at their next poll. */
  wakeRunners?: () => void;
  /** Events per page (REBUILD_BATCH unless a spec needs many pages of a few events). */
  batchSize?: number;
}

/**
 * Rebuilds read models from position 0 without serving half-built rows. Each projection's rows
 * are built in a schema of its own (shadow tables like the live ones, shadow-tables.ts; the
 * projection's transactions put that schema first on the search_path, so it needs no change)
 * while the live projections keep running. All the projections being rebuilt share one reader:
 * each batch of events is read once and applied to every one of them. When the replay has caught
 * up, the shadow tables are finished (logged, indexed), the instances running the projections are
 * asked to step aside (checkpoints.paused_by), the rebuild takes their locks, applies the last few
 * events, and swaps the tables in with one transaction: readers see the old rows until it commits
 * and the new ones after. The live checkpoints take the rebuilt position, so the running
 * instances resume where the rebuild ended.
 */
export async function rebuildProjections(
  projections: readonly Projection[],
  deps: Deps,
  onProgress: (progress: RebuildProgress) => void = () => undefined,
): Promise<{ events: number }> {
  const { store, dataSource, pool } = deps;
  const guard = await lockForRebuild(projections, pool);
  const schemas = new Map(projections.map((p) => [p, `rebuild_${p.name.replace(/[^a-z0-9]/g, '_')}`]));
  const names = projections.map((p) => p.name);
  const pauseToken = randomUUID();
  try {
    const { events: total } = await deps.log.backlog(0n);
    for (const [projection, schema] of schemas) {
      await dataSource.query(`DROP SCHEMA IF EXISTS ${schema} CASCADE`);
      await dataSource.query(`CREATE SCHEMA ${schema}`);
      for (const table of projection.tables) await createShadowTable(dataSource, schema, table);
    }
    const replay = new SharedReplay(store, deps.batchSize ?? REBUILD_BATCH, schemas, dataSource, (done) =>
      onProgress({ done, total: Math.max(total, done) }),
    );
    await replay.toEnd();
    const tables = [...schemas].flatMap(([projection, schema]) =>
      projection.tables.map((table) => ({ schema, table })),
    );
    await finishAll(tables, (schema, table) => finishShadowTable(dataSource, schema, table));
    // The events appended while the tables were finished, so that the runners pause only for the last few.
    await replay.toEnd();
    await dataSource.query(`UPDATE checkpoints SET paused_by = $2 WHERE name = ANY($1)`, [names, pauseToken]);
    // Runners notice the pause when they next look for events: wake them here and in other instances.
    deps.wakeRunners?.();
    await dataSource.query(`SELECT pg_notify($1, '')`, [APPENDED_CHANNEL]);
    await guard.takeOverLiveRunners();
    await replay.toEnd();
    await swapWhenLocked(dataSource, async (tx) => {
      if (tables.length > 0)
        await tx.query(
          `LOCK TABLE ${tables.map(({ table }) => `public.${table}`).join(', ')} IN ACCESS EXCLUSIVE MODE`,
        );
      for (const { schema, table } of tables) await swapShadowTable(tx, schema, table);
      await tx.query(
        `INSERT INTO checkpoints (name, position) SELECT n, $2 FROM unnest($1::text[]) n
         ON CONFLICT (name) DO UPDATE SET position = EXCLUDED.position, updated_at = now(), last_error = NULL, failed_position = NULL, failed_at = NULL, paused_by = NULL`,
        [names, replay.position.toString()],
      );
    });
    return { events: replay.done };
  } finally {
    await dataSource.query(`UPDATE checkpoints SET paused_by = NULL WHERE name = ANY($1) AND paused_by = $2`, [
      names,
      pauseToken,
    ]);
    for (const schema of schemas.values()) await dataSource.query(`DROP SCHEMA IF EXISTS ${schema} CASCADE`);
    await guard.release();
  }
}

/** Shadow tables finished at once: two, so that a rebuild inside the service leaves it most of its connections. */
const FINISHING = 2;

/** Finishes every table, FINISHING at a time; when it fails (with the first failure), all have stopped. */
async function finishAll(
  tables: readonly { schema: string; table: string }[],
  finish: (schema: string, table: string) => Promise<void>,
): Promise<void> {
  const waiting = [...tables];
  let failure: unknown = null;
  const outcomes = await Promise.allSettled(
    Array.from({ length: FINISHING }, async () => {
      for (let next = waiting.shift(); next && failure === null; next = waiting.shift())
        await finish(next.schema, next.table).catch((error: unknown) => Promise.reject((failure ??= error)));
    }),
  );
  if (outcomes.some((outcome) => outcome.status === 'rejected')) throw failure;
}

/** How long the swap waits for the live tables' readers, and how often it tries again, before the rebuild fails. */
const SWAP_LOCK_TIMEOUT = '3s';
const SWAP_ATTEMPTS = 20;

/**
 * Runs the swap transaction, which locks every live table before dropping any. A reader that holds a
 * table for long (a dump, a long search) would otherwise keep the swap waiting with the tables it has
 * locked already, and every other reader of those waiting behind it: each attempt waits at most
 * SWAP_LOCK_TIMEOUT and rolls back, letting the readers through, and the next tries again (after a
 * deadlock too). The shadow tables stay as they are in between.
 */
async function swapWhenLocked(dataSource: DataSource, swap: (tx: EntityManager) => Promise<void>): Promise<void> {
  for (let attempt = 1; ; attempt++) {
    try {
      return await dataSource.transaction(async (tx) => {
        await tx.query(`SET LOCAL lock_timeout = '${SWAP_LOCK_TIMEOUT}'`);
        await swap(tx);
      });
    } catch (error) {
      const code = (error as { driverError?: { code?: string } }).driverError?.code;
      if (attempt === SWAP_ATTEMPTS || (code !== '55P03' && code !== '40P01')) throw error;
      await new Promise((resolve) => setTimeout(resolve, 100 * attempt));
    }
  }
}

/** Pages a read model may run ahead of the slowest one (the pages in between stay in memory). */
export const REPLAY_LOOKAHEAD = 3;

/**
 * Replays the log into the shadow schemas. Each page of events is read once (the next page is read
 * while this one is written) and applied by every projection in a transaction of its own, so the
 * database works on all of them in parallel. Each projection goes through the pages at its own pace,
 * up to REPLAY_LOOKAHEAD pages ahead of the slowest: none waits at the end of every page for the others. The
 * shadow rows need no checkpoint and no durability of their own: a rebuild that fails or dies is
 * started again from position 0 (its tables are UNLOGGED and its commits do not wait for the disk).
 */
class SharedReplay {
  /** Where every projection has applied up to. */
  position = 0n;
  done = 0;

  constructor(
    private readonly store: EventStore,
    private readonly batchSize: number,
    private readonly schemas: ReadonlyMap<Projection, string>,
    private readonly dataSource: DataSource,
    private readonly onProgress: (done: number) => void,
  ) {}

  async toEnd(): Promise<void> {
    const pass = new ReplayPass(this.store, this.batchSize, this.position, [...this.schemas.keys()]);
    pass.onApplied = (page) => {
      this.position = page.position;
      this.done += page.events.length;
      this.onProgress(this.done);
    };
    const outcomes = await Promise.allSettled(
      [...this.schemas].map(([projection, schema]) =>
        pass.run(projection, (events) => this.apply(projection, schema, events)),
      ),
    );
    const failed = outcomes.find((outcome) => outcome.status === 'rejected');
    if (failed) throw failed.reason;
  }

  private apply(projection: Projection, schema: string, events: readonly RecordedEvent[]): Promise<void> {
    return this.dataSource.transaction(async (tx) => {
      await tx.query(`SET LOCAL synchronous_commit = off`);
      await tx.query(`SET LOCAL search_path TO ${schema}, public`);
      await projection.apply(events, tx);
    });
  }
}

type Page = Awaited<ReturnType<EventStore['readAll']>>;

/** One pass over the log from `after` to its end: the pages, read once, and how far each projection is. */
class ReplayPass {
  onApplied: (page: Page) => void = () => undefined;
  private readonly pages = new Map<number, Promise<Page>>();
  private readonly read = new Map<number, Page>();
  private readonly applied: Map<Projection, number>;
  private waiting: (() => void)[] = [];
  private failure: unknown = null;

  constructor(
    private readonly store: EventStore,
    private readonly batchSize: number,
    private readonly after: bigint,
    projections: Projection[],
  ) {
    this.applied = new Map(projections.map((p) => [p, 0]));
  }

  /** Applies every page to one projection, in order; the first failure of any projection stops them all. */
  async run(projection: Projection, apply: (events: readonly RecordedEvent[]) => Promise<void>): Promise<void> {
    try {
      for (let index = 0; ; index++) {
        while (this.failure === null && index - this.slowest() > REPLAY_LOOKAHEAD)
          await new Promise<void>((resolve) => this.waiting.push(resolve));
        if (this.failure !== null) return;
        const page = await this.page(index);
        if (page.events.length === 0) return;
        this.page(index + 1).catch(() => undefined);
        await apply(page.events);
        this.advance(projection, index + 1);
      }
    } catch (error) {
      this.failure ??= error;
      this.wake();
      throw error;
    }
  }

  private page(index: number): Promise<Page> {
    let page = this.pages.get(index);
    if (!page) {
      const after = index === 0 ? Promise.resolve(this.after) : this.page(index - 1).then((p) => p.position);
      page = after
        .then((position) => this.store.readAll({ after: position, limit: this.batchSize }))
        .then((read) => (this.read.set(index, read), read));
      this.pages.set(index, page);
    }
    return page;
  }

  private slowest(): number {
    return Math.min(...this.applied.values());
  }

  /** Records a projection's progress; pages every projection has applied are reported and let go. */
  private advance(projection: Projection, pages: number): void {
    const before = this.slowest();
    this.applied.set(projection, pages);
    for (let index = before; index < this.slowest(); index++) {
      this.onApplied(this.read.get(index)!);
      this.pages.delete(index);
      this.read.delete(index);
    }
    this.wake();
  }

  private wake(): void {
    const waiting = this.waiting;
    this.waiting = [];
    for (const resolve of waiting) resolve();
  }
}

/**
 * One connection holds the rebuild's locks: one per read model being rebuilt, so that only one
 * rebuild of it runs at a time across every instance (CONFLICT otherwise), and later the live
 * runners' locks, taken when those runners have stepped aside. Closing it gives all of them back.
 */
async function lockForRebuild(projections: readonly Projection[], pool: pg.Pool) {
  const names = projections.map((p) => p.name);
  const client = await pool.connect();
  const rows = await client
    .query<{ name: string; locked: boolean }>(
      `SELECT n AS name, pg_try_advisory_lock(hashtext('aduan-rebuild'), hashtext(n)) AS locked FROM unnest($1::text[]) n`,
      [names],
    )
    .then(
      (result) => result.rows,
      (error: Error) => (client.release(error), Promise.reject(error)),
    );
  const busy = rows.filter((row) => !row.locked).map((row) => row.name);
  const release = async () => {
    await client.query(`SELECT pg_advisory_unlock_all()`).then(
      () => client.release(),
      (error: Error) => client.release(error),
    );
  };
  if (busy.length > 0) {
    await release();
    throw new DomainError('CONFLICT', `A rebuild of ${busy.join(', ')} is already running; wait for it to finish`);
  }
  return {
    release,
    /** Waits until this connection holds every live runner's lock (their instances step aside when paused). */
    async takeOverLiveRunners(): Promise<void> {
      const deadline = Date.now() + LOCK_WAIT_MS;
      const waiting = new Set(names);
      while (waiting.size > 0) {
        for (const name of [...waiting]) {
          if (await tryProjectionLock(client, name)) waiting.delete(name);
        }
        if (waiting.size === 0) return;
        if (Date.now() > deadline)
          throw new Error(
            `The instances running ${[...waiting].join(', ')} did not step aside within ${LOCK_WAIT_MS / 1000} s`,
          );
        await new Promise((resolve) => setTimeout(resolve, 50));
      }
    },
  };
}
