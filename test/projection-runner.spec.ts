import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import type { RecordedEvent } from '../src/event-store/event-store.port.js';
import type { Projection } from '../src/kernel/projection.js';
import { ProjectionRunner } from '../src/projection-engine/projection-runner.js';
import { SharedPages } from '../src/projection-engine/shared-pages.js';
import { projectionHarness, type ProjectionHarness } from './support/projection-harness.js';

/** Records the batches it is given and when; it owns no table. */
class BatchLog implements Projection {
  readonly tables = [];
  readonly batches: { at: number; streams: string[] }[] = [];
  constructor(readonly name = 'batch-log') {}

  async apply(events: readonly RecordedEvent[]): Promise<void> {
    this.batches.push({ at: Date.now(), streams: events.map((event) => event.streamId) });
  }
}

describe('a projection runner', () => {
  let harness: ProjectionHarness;
  beforeAll(async () => {
    harness = await projectionHarness();
  });
  afterAll(async () => {
    await harness.close();
  });

  /** Waits for `condition`, doing `step` (when given) between looks. */
  const until = async (condition: () => boolean, step: () => Promise<unknown> = async () => undefined) => {
    const deadline = Date.now() + 10_000;
    while (!condition() && Date.now() < deadline) {
      await step();
      await new Promise((resolve) => setTimeout(resolve, 5));
    }
    expect(condition()).toBe(true);
  };

  const applied = (log: BatchLog) => log.batches.flatMap((batch) => batch.streams);
  const positionOf = async (streamId: string): Promise<string> => {
    const [row] = await harness.dataSource.query(
      `SELECT global_position::text AS position FROM events WHERE stream_id = $1`,
      [streamId],
    );
    return row.position;
  };
  /** A runner of `log` from the log's end, holding its lock; it reads only when woken (its poll is a minute away) or asked to catch up. */
  const runnerFromHere = async (log: BatchLog, batchIntervalMs = 0) => {
    await harness.dataSource.query(
      `INSERT INTO checkpoints (name, position) SELECT $1, coalesce(max(global_position), 0) FROM events`,
      [log.name],
    );
    const runner = new ProjectionRunner(log, harness.store, harness.dataSource, harness.pool, {
      batchSize: 100,
      pollIntervalMs: 60_000,
      batchIntervalMs,
    });
    expect(await runner.acquire()).toBe(true);
    return runner;
  };
  /** Catches up until `stream` is applied (readers see a commit once every older transaction on the server has ended). */
  const catchUpTo = async (runner: ProjectionRunner, log: BatchLog, stream: string) => {
    await until(
      () => applied(log).includes(stream),
      () => runner.catchUp(),
    );
  };

  it('finds its checkpoint moved by another (a rebuild swapping its rows in) at the next batch, and applies no event twice', async () => {
    const log = new BatchLog('moved-log');
    const runner = await runnerFromHere(log);
    await harness.givenStream('moved-1', [{ type: 'Noted', data: {} }]);
    await catchUpTo(runner, log, 'moved-1');
    // It keeps its position while it holds the lock; meanwhile another writer moves the checkpoint past moved-2.
    await harness.givenStream('moved-2', [{ type: 'Noted', data: {} }]);
    await harness.givenStream('moved-3', [{ type: 'Noted', data: {} }]);
    await harness.dataSource.query(`UPDATE checkpoints SET position = $2 WHERE name = $1`, [
      log.name,
      await positionOf('moved-2'),
    ]);
    await catchUpTo(runner, log, 'moved-3');
    expect(applied(log)).toEqual(['moved-1', 'moved-3']);
    await runner.stop();
  });

  it('steps aside when a rebuild pauses it, idle or with events to apply, and takes them on when the pause ends', async () => {
    const idle = new BatchLog('paused-idle');
    const busy = new BatchLog('paused-busy');
    const runners = [await runnerFromHere(idle), await runnerFromHere(busy)] as const;
    await harness.givenStream('paused-1', [{ type: 'Noted', data: {} }]);
    await catchUpTo(runners[0], idle, 'paused-1');
    await catchUpTo(runners[1], busy, 'paused-1');
    await harness.dataSource.query(`UPDATE checkpoints SET paused_by = 'a rebuild' WHERE name = ANY($1)`, [
      [idle.name, busy.name],
    ]);
    // The idle one has nothing to read; the busy one finds an event to apply and must not apply it.
    expect(await runners[0].catchUp()).toBe(0);
    expect(runners[0].running).toBe(false);
    await harness.givenStream('paused-2', [{ type: 'Noted', data: {} }]);
    await until(
      () => !runners[1].running,
      () => runners[1].catchUp(),
    );
    expect(applied(busy)).toEqual(['paused-1']);

    await harness.dataSource.query(`UPDATE checkpoints SET paused_by = NULL WHERE name = ANY($1)`, [
      [idle.name, busy.name],
    ]);
    for (const [i, log] of [idle, busy].entries()) {
      await catchUpTo(runners[i]!, log, 'paused-2');
      expect(applied(log)).toEqual(['paused-1', 'paused-2']);
      await runners[i]!.stop();
    }
  });

  // The embedded database runs one transaction at a time: nothing there can hold an event back.
  (process.env.DATABASE_URL ? it : it.skip)(
    'applies an event an older open transaction held back soon after that transaction ends, with no wake-up nor poll',
    async () => {
      const log = new BatchLog('held-log');
      const runner = await runnerFromHere(log);
      runner.start();
      const older = await harness.pool.connect();
      try {
        await older.query('BEGIN');
        await older.query('SELECT pg_current_xact_id()');
        await harness.givenStream('held-1', [{ type: 'Noted', data: {} }]);
        runner.wakeUp();
        await new Promise((resolve) => setTimeout(resolve, 200));
        expect(applied(log)).toEqual([]);
        await older.query('COMMIT');
      } finally {
        older.release();
      }
      const ended = Date.now();
      await until(() => applied(log).includes('held-1'));
      // Its poll is a minute away and nothing woke it: it kept looking because the read said events were waiting.
      expect(Date.now() - ended).toBeLessThan(5_000);
      await runner.stop();
    },
  );

  it('reads a page once for the runners asking for it at the same time or within a second, but never hands on an empty one', async () => {
    await harness.givenStream('shared-1', [{ type: 'Noted', data: {} }]);
    const asked: (bigint | undefined)[] = [];
    const pages = new SharedPages({
      readAll: (options) => (asked.push(options?.after), harness.store.readAll(options)),
    });
    const [first, second] = await Promise.all([
      pages.readAll({ after: 0n, limit: 5 }),
      pages.readAll({ after: 0n, limit: 5 }),
    ]);
    const third = await pages.readAll({ after: 0n, limit: 5 });
    expect(first.events.length).toBeGreaterThan(0);
    expect(second).toBe(first);
    expect(third).toBe(first);
    expect(asked).toEqual([0n]);

    const end = (await harness.store.readAll({ after: 0n, limit: 10_000 })).position;
    const atEnd = await Promise.all([pages.readAll({ after: end, limit: 5 }), pages.readAll({ after: end, limit: 5 })]);
    expect(atEnd.map((page) => page.events.length)).toEqual([0, 0]);
    expect(asked).toEqual([0n, end, end]);

    // A filtered read is the caller's own.
    await pages.readAll({ after: 0n, limit: 5, types: ['Noted'] });
    await pages.readAll({ after: 0n, limit: 5, types: ['Noted'] });
    expect(asked).toEqual([0n, end, end, 0n, 0n]);
  });

  it('rests after a batch that was not full, wake-ups or not, then takes what arrived meanwhile in one batch; stop ends a rest', async () => {
    const log = new BatchLog('rest-log');
    // Every batch here comes from a wake-up or the end of a rest.
    const runner = await runnerFromHere(log, 400);
    runner.start();
    await harness.givenStream('rest-first', [{ type: 'Noted', data: {} }]);
    const appended = Date.now();
    runner.wakeUp();
    await until(() => log.batches.length === 1);
    expect(log.batches[0]!.at - appended).toBeLessThan(400);
    expect(log.batches[0]!.streams).toEqual(['rest-first']);

    for (const stream of ['rest-a', 'rest-b', 'rest-c']) {
      await harness.givenStream(stream, [{ type: 'Noted', data: {} }]);
      runner.wakeUp();
    }
    await until(() => log.batches.length === 2);
    expect(log.batches[1]!.at - log.batches[0]!.at).toBeGreaterThanOrEqual(390);
    expect(log.batches[1]!.streams).toEqual(['rest-a', 'rest-b', 'rest-c']);

    // Now resting again after the second batch: stop() does not wait for the rest to end.
    const stopping = Date.now();
    await runner.stop();
    expect(Date.now() - stopping).toBeLessThan(300);
  });
});
