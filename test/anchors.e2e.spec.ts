import { afterEach, describe, expect, it } from '@jest/globals';
import type pg from 'pg';
import { DataSource } from 'typeorm';
import { AnchorWriter } from '../src/audit/anchor-writer.js';
import { checkBundle } from '../src/audit/audit-bundle.js';
import { verifyAll } from '../src/audit/verify-all.js';
import { EVENT_LOG, type EventLog } from '../src/event-store/event-log.port.js';
import { PG_POOL } from '../src/event-store/event-store.module.js';
import { STORED_EVENT_STORE, type EventStore } from '../src/event-store/event-store.port.js';
import { M, newReport, registryFixture } from './support/registry-fixture.js';
import { startTestService, type TestService } from './support/service.js';

describe('anchors over every stream head', () => {
  let service: TestService | undefined;
  afterEach(async () => {
    await service?.stop();
    service = undefined;
  });

  /** A service with three reports in several states and an anchor over them. */
  async function anchored() {
    service = await startTestService();
    const { tokens, agencyA } = await registryFixture(service);
    const reports: string[] = [];
    const trackingIds: string[] = [];
    for (let i = 0; i < 3; i++) {
      const { trackingId, id } = (
        await service.ok(M.submit, { input: { ...newReport, title: `Jangkar ${i}` } }, tokens.reporter)
      ).submitReport.report;
      await service.ok(M.verify, { input: { trackingId, category: 'infrastruktur-jalan' } }, tokens.admin);
      await service.ok(M.disposition, { input: { trackingId, agencyId: agencyA } }, tokens.admin);
      reports.push(`report-${id}`);
      trackingIds.push(trackingId);
    }
    const pool = service.app.get<pg.Pool>(PG_POOL);
    const audited = {
      stored: service.app.get<EventStore>(STORED_EVENT_STORE),
      log: service.app.get<EventLog>(EVENT_LOG),
    };
    const writer = service.app.get(AnchorWriter);
    // An anchor covers the events below the commit-order frontier, which any transaction open elsewhere
    // on the server (other suites run beside this one) holds back: record it once every event is below.
    const record = async () => {
      const deadline = Date.now() + 10_000;
      for (;;) {
        const { rows } = await pool.query(
          `SELECT pg_snapshot_xmin(pg_current_snapshot()) > (SELECT max(transaction_id) FROM events) AS settled`,
        );
        if (rows[0].settled || Date.now() > deadline) return writer.recordAnchor();
        await new Promise((resolve) => setTimeout(resolve, 20));
      }
    };
    const anchor = await record();
    /** Deletes rows behind the store, as someone with the database's superuser rights could. */
    const deleteBehind = async (where: string, values: unknown[]) => {
      const dataSource = service!.app.get(DataSource);
      await dataSource.query(`ALTER TABLE events DISABLE TRIGGER USER`);
      try {
        await dataSource.query(`DELETE FROM events WHERE ${where}`, values);
      } finally {
        await dataSource.query(`ALTER TABLE events ENABLE TRIGGER USER`);
      }
    };
    return { tokens, reports, trackingIds, record, anchor, audited, deleteBehind };
  }

  it('records one when something was appended since the last, and the untouched store matches it, new events or not', async () => {
    const { tokens, record, anchor, audited } = await anchored();
    expect(anchor).toMatchObject({ streams: expect.any(Number), root: expect.stringMatching(/^[0-9a-f]{64}$/) });
    expect(anchor!.streams).toBeGreaterThanOrEqual(3 + 3 + 2);
    expect(await record()).toBeNull();
    await service!.ok(M.submit, { input: { ...newReport, title: 'Sesudah jangkar' } }, tokens.reporter);
    expect(await verifyAll(audited)).toMatchObject({ broken: [], anchors: 1, brokenAnchors: [] });
    const second = await record();
    expect(second!.streams).toBe(anchor!.streams + 2);
    expect(await verifyAll(audited)).toMatchObject({ broken: [], anchors: 2, brokenAnchors: [] });
  });

  it('finds a whole stream deleted, which no chain can show', async () => {
    const { reports, audited, deleteBehind } = await anchored();
    await deleteBehind(`stream_id = $1`, [reports[1]]);
    const summary = await verifyAll(audited);
    expect(summary.broken).toEqual([]);
    expect(summary.brokenAnchors).toEqual([
      { anchor: 1, reason: expect.stringMatching(/covered \d+ streams, \d+ are there now/) },
    ]);
  });

  it('finds the newest events of a stream removed, which leave a valid chain behind', async () => {
    const { reports, audited, deleteBehind } = await anchored();
    await deleteBehind(`stream_id = $1 AND stream_version = 3`, [reports[2]]);
    const summary = await verifyAll(audited);
    expect(summary.broken).toEqual([]);
    expect(summary.brokenAnchors).toEqual([{ anchor: 1, reason: expect.stringContaining('heads digest differently') }]);
  });

  it('puts the anchor and the inclusion proof of the report in its audit bundle, which checks offline', async () => {
    const { tokens, trackingIds, anchor } = await anchored();
    const BUNDLE = `query($t: String!) { auditBundle(trackingId: $t) }`;
    const bundle: string = (await service!.ok(BUNDLE, { t: trackingIds[1] }, tokens.ombudsman)).auditBundle;
    expect(JSON.parse(bundle).anchor).toMatchObject({
      anchorVersion: 1,
      root: anchor!.root,
      streams: anchor!.streams,
      headVersion: 3,
      proof: expect.any(Array),
    });
    expect(JSON.parse(bundle).anchor.proof.length).toBeGreaterThan(1);
    expect(checkBundle(bundle)).toMatchObject({ ok: true, events: 3, anchor: { version: 1, root: anchor!.root } });
    const forged = JSON.parse(bundle);
    forged.anchor.proof[0].hash =
      (forged.anchor.proof[0].hash[0] === 'a' ? 'b' : 'a') + forged.anchor.proof[0].hash.slice(1);
    expect(checkBundle(JSON.stringify(forged))).toMatchObject({
      ok: false,
      version: 3,
      reason: expect.stringContaining('inclusion proof'),
    });
    const { trackingId } = (
      await service!.ok(M.submit, { input: { ...newReport, title: 'Belum berjangkar' } }, tokens.reporter)
    ).submitReport.report;
    const unanchored = (await service!.ok(BUNDLE, { t: trackingId }, tokens.ombudsman)).auditBundle;
    expect(checkBundle(unanchored)).toMatchObject({ ok: true, anchor: null });
  });
});
