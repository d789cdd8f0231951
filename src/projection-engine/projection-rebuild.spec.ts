import { setTimeout as sleep } from 'node:timers/promises';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import type { EntityManager } from 'typeorm';
import { projectionHarness, type ProjectionHarness } from '../../test/support/projection-harness.js';
import { PostgresEventLog } from '../event-store/postgres-event-log.js';
import type { RecordedEvent } from '../kernel/event.js';
import type { Projection } from '../kernel/projection.js';
import { rebuildProjections, REPLAY_LOOKAHEAD } from './projection-rebuild.js';

/** A read model with no tables that records what it was given, taking `delayMs` a page (and failing at page `failAt`). */
class Recording implements Projection {
  readonly tables = [] as const;
  readonly positions: bigint[] = [];
  pages = 0;
  /** The most pages it had applied beyond `behind` when it started one. */
  lead = 0;
  behind: Recording | null = null;

  constructor(
    readonly name: string,
    private readonly delayMs: number,
    private readonly failAt: number | null = null,
  ) {}

  async apply(events: readonly RecordedEvent[], tx: EntityManager): Promise<void> {
    if (this.behind) this.lead = Math.max(this.lead, this.pages - this.behind.pages);
    await tx.query('SELECT 1');
    await sleep(this.delayMs);
    if (this.pages === this.failAt) throw new Error(`${this.name} failed at page ${this.pages}`);
    this.positions.push(...events.map((event) => event.globalPosition));
    this.pages++;
  }
}

describe('the rebuild replay', () => {
  let h: ProjectionHarness;
  let all: bigint[];
  const PAGE = 4;
  const rebuild = (projections: Projection[], onProgress?: (progress: { done: number }) => void) =>
    rebuildProjections(
      projections,
      { store: h.store, log: new PostgresEventLog(h.pool), dataSource: h.dataSource, pool: h.pool, batchSize: PAGE },
      onProgress,
    );

  beforeAll(async () => {
    h = await projectionHarness();
    for (let stream = 0; stream < 12; stream++)
      await h.givenStream(
        `replay-${stream}`,
        Array.from({ length: 5 }, (_, n) => ({ type: 'Happened', data: { n } })),
      );
    all = (await h.store.readAll({ after: 0n, limit: 1000 })).events.map((event) => event.globalPosition);
    expect(all).toHaveLength(60);
  });
  afterAll(() => h.close());

  it('gives every read model every event once and in order, each at its own pace but never far ahead', async () => {
    const slow = new Recording('slow', 40);
    const middle = new Recording('middle', 10);
    const fast = new Recording('fast', 0);
    fast.behind = slow;
    middle.behind = slow;
    const progress: number[] = [];
    const { events } = await rebuild([slow, middle, fast], ({ done }) => progress.push(done));
    expect(events).toBe(60);
    for (const projection of [slow, middle, fast]) expect(projection.positions).toEqual(all);
    // The fast one ran ahead of the slow one, as far as it may and no farther (the embedded database runs one
    // transaction at a time, so there the slow one's transactions hold the others back and none runs ahead).
    expect(fast.lead).toBeLessThanOrEqual(REPLAY_LOOKAHEAD);
    if (h.database.kind === 'external') expect(fast.lead).toBe(REPLAY_LOOKAHEAD);
    expect(middle.lead).toBeLessThanOrEqual(REPLAY_LOOKAHEAD);
    if (h.database.kind === 'external') expect(middle.lead).toBeGreaterThan(0);
    // Progress is what every read model has applied: page by page, up to the whole log.
    expect(progress).toEqual(Array.from({ length: 15 }, (_, page) => (page + 1) * PAGE));
    const [{ position }] = await h.dataSource.query(`SELECT position FROM checkpoints WHERE name = 'slow'`);
    expect(BigInt(position)).toBe(all[all.length - 1]);
  });

  it('stops every read model when one fails, and fails with its error', async () => {
    const slow = new Recording('slow-2', 30);
    const fast = new Recording('fast-2', 0);
    const failing = new Recording('failing-2', 5, 3);
    await expect(rebuild([slow, fast, failing])).rejects.toThrow('failing-2 failed at page 3');
    const applied = [slow.pages, fast.pages];
    await sleep(300);
    // Nothing went on applying after the rebuild gave up, and neither got to the end.
    expect([slow.pages, fast.pages]).toEqual(applied);
    expect(slow.pages).toBeLessThan(15);
    expect(fast.pages).toBeLessThanOrEqual(3 + 1 + REPLAY_LOOKAHEAD);
    expect(await h.dataSource.query(`SELECT nspname FROM pg_namespace WHERE nspname LIKE 'rebuild\\_%'`)).toEqual([]);
    expect(
      await h.dataSource.query(`SELECT name FROM checkpoints WHERE name LIKE '%-2' AND paused_by IS NOT NULL`),
    ).toEqual([]);
  });
});
