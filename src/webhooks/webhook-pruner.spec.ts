import { randomUUID } from 'node:crypto';
import { setTimeout as sleep } from 'node:timers/promises';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from '@jest/globals';
import { projectionHarness, type ProjectionHarness } from '../../test/support/projection-harness.js';
import type { AppConfig } from '../config/config.js';
import { PRUNE_BATCH, WebhookPruner } from './webhook-pruner.js';

const NOW = new Date('2026-12-01T00:00:00Z');
const daysAgo = (days: number) => new Date(NOW.getTime() - days * 24 * 60 * 60 * 1000).toISOString();

describe('pruning settled webhook messages', () => {
  let h: ProjectionHarness;
  const pruner = (retentionDays: number, instanceRole: AppConfig['instanceRole'] = 'all', projectionPollMs = 100) =>
    new WebhookPruner(
      h.dataSource,
      {
        instanceRole,
        webhooks: { retentionDays, pollIntervalMs: 500 },
        projections: { pollIntervalMs: projectionPollMs },
      } as AppConfig,
      { now: () => NOW },
    );
  /**
   * A message of `state`, due (last tried, or cancelled) `dueDaysAgo`, delivered `deliveredDaysAgo`, with two
   * attempts (as the dispatcher and the outbox leave them: delivered_at is the delivery, next_attempt_at the
   * last attempt of a failed one and the deletion of its endpoint for a cancelled one).
   */
  const message = async (name: string, state: string, dueDaysAgo: number, deliveredDaysAgo: number | null = null) => {
    await h.dataSource.query(
      `INSERT INTO webhook_messages (message_id, endpoint_id, event_id, stream_id, stream_version, global_position, event_type, body,
                                     recorded_at, state, next_attempt_at, delivered_at)
       VALUES ($1, $2, $3, 'report-x', 1, 1, 'ReportSubmitted', '{}', $4, $5, $4, $6)`,
      [
        name,
        randomUUID(),
        randomUUID(),
        daysAgo(dueDaysAgo),
        state,
        deliveredDaysAgo === null ? null : daysAgo(deliveredDaysAgo),
      ],
    );
    await h.dataSource.query(
      `INSERT INTO webhook_attempts (message_id, endpoint_id, attempt, attempted_at, duration_ms)
       SELECT $1, endpoint_id, n, next_attempt_at, 10 FROM webhook_messages, generate_series(1, 2) n WHERE message_id = $1`,
      [name],
    );
  };
  const attempts = async () => (await h.dataSource.query(`SELECT count(*)::int AS n FROM webhook_attempts`))[0].n;
  const left = async () =>
    (
      await h.dataSource.query(
        `SELECT m.message_id, count(a.*)::int AS attempts FROM webhook_messages m LEFT JOIN webhook_attempts a USING (message_id)
          GROUP BY m.message_id ORDER BY m.message_id`,
      )
    ).map((row: { message_id: string; attempts: number }) => `${row.message_id}:${row.attempts}`);

  const KEPT = [
    'cancelled-lately-after-an-old-delivery:2',
    'delivered-again-lately:2',
    'delivered-lately:2',
    'pending-old:2',
  ];

  beforeAll(async () => {
    h = await projectionHarness();
  });
  afterAll(() => h.close());
  beforeEach(async () => {
    await h.dataSource.query(`TRUNCATE webhook_messages, webhook_attempts`);
    await message('delivered-old', 'DELIVERED', 45, 44);
    await message('delivered-again-lately', 'DELIVERED', 45, 10);
    await message('delivered-lately', 'DELIVERED', 29, 29);
    await message('failed-old', 'FAILED', 31);
    await message('cancelled-old', 'CANCELLED', 60);
    await message('cancelled-lately-after-an-old-delivery', 'CANCELLED', 5, 100);
    await message('pending-old', 'PENDING', 60);
  });

  it('deletes the messages settled before the retention and their attempts, and keeps the rest', async () => {
    expect(await pruner(30).prune()).toBe(3);
    expect(await left()).toEqual(KEPT);
    expect(await attempts()).toBe(2 * KEPT.length);
    expect(await pruner(30).prune()).toBe(0);
  });

  it('goes through more than one batch', async () => {
    await h.dataSource.query(
      `INSERT INTO webhook_messages (message_id, endpoint_id, event_id, stream_id, stream_version, global_position, event_type, body,
                                     recorded_at, state, next_attempt_at, delivered_at)
       SELECT 'bulk-' || n, gen_random_uuid(), gen_random_uuid(), 'report-y', n, n, 'ReportSubmitted', '{}', $1, 'DELIVERED', $1, $1
         FROM generate_series(1, $2::int) n`,
      [daysAgo(100), PRUNE_BATCH + 2],
    );
    expect(await pruner(30).prune()).toBe(PRUNE_BATCH + 5);
    expect(await left()).toEqual(KEPT);
  });

  it('prunes at start on an instance that sends webhooks, and never with a retention of 0, on an api instance or with projections off', async () => {
    for (const idle of [pruner(0), pruner(30, 'api'), pruner(30, 'all', 0)]) {
      idle.onApplicationBootstrap();
      await sleep(200);
      await idle.beforeApplicationShutdown();
    }
    expect(await left()).toHaveLength(7);
    const working = pruner(30);
    working.onApplicationBootstrap();
    const deadline = Date.now() + 10_000;
    while ((await left()).length > KEPT.length && Date.now() < deadline) await sleep(20);
    await working.beforeApplicationShutdown();
    expect(await left()).toEqual(KEPT);
  });

  it('keeps a message sent again while it prunes', async () => {
    // The embedded database runs one transaction at a time: a second one cannot hold a row while the pruner runs.
    if (h.database.kind !== 'external') return;
    const redelivery = await h.pool.connect();
    try {
      await redelivery.query('BEGIN');
      await redelivery.query(
        `UPDATE webhook_messages SET state = 'PENDING', next_attempt_at = now() WHERE message_id = 'delivered-old'`,
      );
      const pruning = pruner(30).prune();
      await sleep(300);
      await redelivery.query('COMMIT');
      expect(await pruning).toBe(2);
    } finally {
      redelivery.release();
    }
    expect(await left()).toEqual([...KEPT, 'delivered-old:2'].sort());
  });
});
