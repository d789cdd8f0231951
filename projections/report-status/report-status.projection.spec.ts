import { afterAll, beforeAll, beforeEach, describe, expect, it } from '@jest/globals';
import type { EntityManager } from 'typeorm';
import type { ReportEvent } from '../../contexts/reports/report.events.js';
import { history } from '../../contexts/reports/report.given.js';
import type { RecordedEvent } from '../../src/kernel/event.js';
import type { Projection } from '../../src/kernel/projection.js';
import { ProjectionRunner } from '../../src/projection-engine/projection-runner.js';
import { projectionHarness, type ProjectionHarness } from '../../test/support/projection-harness.js';
import { ReportStatusProjection } from './report-status.projection.js';

describe('report-status projection', () => {
  let h: ProjectionHarness;
  const given = (events: ReportEvent[]) => h.given(events);
  const catchUp = (projection: Projection = new ReportStatusProjection()) => h.catchUp(projection);
  const rows = () => h.dataSource.query(`SELECT * FROM report_status ORDER BY report_id`);

  beforeAll(async () => {
    h = await projectionHarness();
  });
  beforeEach(async () => {
    await h.dataSource.query(`DELETE FROM report_status; DELETE FROM checkpoints`);
  });
  afterAll(async () => h?.close());

  it('keeps one row per report with the columns queries filter on', async () => {
    const resolved = await given(history.RESOLVED);
    const escalated = await given(history.ESCALATED);
    await catchUp();
    const byId = new Map<string, any>((await rows()).map((row: { report_id: string }) => [row.report_id, row]));
    expect(byId.get(resolved)).toMatchObject({
      status: 'RESOLVED',
      agency_id: 'agency-a',
      category: 'infrastruktur-jalan',
      overdue: false,
      version: 5,
      confidential: false,
    });
    expect(byId.get(resolved).next_due_at.toISOString()).toBe('2026-12-07T16:59:59.999Z');
    expect(byId.get(escalated)).toMatchObject({ status: 'ESCALATED', next_due_at: null, version: 5 });
    expect(byId.get(escalated).state).toMatchObject({
      status: 'ESCALATED',
      escalation: { reason: 'MALADMINISTRATION', by: 'ADMIN' },
    });
  });

  it('marks a report overdue once a deadline is missed, and keeps that deadline first in the worklist order', async () => {
    const late = await given([
      ...history.DISPOSITIONED,
      { type: 'DeadlineMissed', data: { deadline: 'FIRST_FOLLOW_UP', dueAt: '2026-11-30T16:59:59.999Z' } },
    ]);
    await catchUp();
    const row = (await rows()).find((candidate: { report_id: string }) => candidate.report_id === late);
    expect(row).toMatchObject({ overdue: true, status: 'DISPOSITIONED' });
    // The watcher's next_due_at skips the missed deadline; the worklists' due_at leads with it.
    expect(row.next_due_at?.toISOString() ?? null).not.toBe('2026-11-30T16:59:59.999Z');
    expect(row.due_at.toISOString()).toBe('2026-11-30T16:59:59.999Z');
  });

  it('gives the same rows when rebuilt from position 0 as when run live, batch by batch', async () => {
    for (const status of ['SUBMITTED', 'VERIFIED', 'CLOSED', 'REJECTED'] as const) {
      await given(history[status]);
      await catchUp();
    }
    const liveRows = await rows();
    await h.dataSource.query(`DELETE FROM report_status; UPDATE checkpoints SET position = 0`);
    await catchUp();
    expect(await rows()).toEqual(liveRows);
  });

  it('applies nothing twice when a batch is replayed over rows that saw it', async () => {
    await given(history.CLOSED);
    await catchUp();
    const once = await rows();
    await h.dataSource.query(`UPDATE checkpoints SET position = 0`);
    await catchUp();
    expect(await rows()).toEqual(once);
  });

  it('stops at an event it cannot apply, says so, and resumes there once fixed', async () => {
    await given(history.VERIFIED);
    let broken = true;
    const flaky: Projection = {
      name: 'report-status',
      tables: ['report_status'],
      apply: async (events: readonly RecordedEvent[], tx: EntityManager) => {
        if (broken && events.some((e) => e.type === 'ReportVerified')) throw new Error('cannot apply ReportVerified');
        return new ReportStatusProjection().apply(events, tx);
      },
    };
    const stuckAt = (await h.store.readAll({ limit: 10_000 })).events.find(
      (e) => e.type === 'ReportVerified',
    )!.globalPosition;
    const failing = new ProjectionRunner(flaky, h.store, h.dataSource, h.pool, { batchSize: 1, pollIntervalMs: 0 });
    try {
      await expect(failing.catchUp()).rejects.toThrow('cannot apply ReportVerified');
      const [checkpoint] = await h.dataSource.query(
        `SELECT position::text AS position, last_error, failed_position::text AS failed FROM checkpoints WHERE name = 'report-status'`,
      );
      expect(checkpoint).toMatchObject({ last_error: 'cannot apply ReportVerified', failed: stuckAt.toString() });
      const [stuck] = await h.store
        .readAll({ after: BigInt(checkpoint.position), limit: 1 })
        .then((page) => page.events);
      expect(stuck!.globalPosition).toBe(stuckAt);
      broken = false;
      await failing.catchUp();
      const [resumed] = await h.dataSource.query(
        `SELECT last_error, failed_position FROM checkpoints WHERE name = 'report-status'`,
      );
      expect(resumed).toEqual({ last_error: null, failed_position: null });
    } finally {
      await failing.stop();
    }
  });
});
