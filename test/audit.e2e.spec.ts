import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { randomUUID } from 'node:crypto';
import { DataSource } from 'typeorm';
import { checkBundle } from '../src/audit/audit-bundle.js';
import { verifyAll } from '../src/audit/verify-all.js';
import { EVENT_LOG, type EventLog } from '../src/event-store/event-log.port.js';
import { STORED_EVENT_STORE, type EventStore } from '../src/event-store/event-store.port.js';
import { TrackingIdRegistry } from '../src/reports/tracking-id-registry.js';
import { M, newReport, REPORT_FIELDS, registryFixture } from './support/registry-fixture.js';
import { startTestService, type TestService } from './support/service.js';

const HISTORY = `query($t: String!) { reportHistory(trackingId: $t) { streamVersion globalPosition eventId type schemaVersion data metadata actorId actorRole correlationId occurredAt recordedAt hash } }`;
const AT_VERSION = `query($t: String!, $v: Int) { reportAt(trackingId: $t, version: $v) { ${REPORT_FIELDS} } }`;
const AT_TIME = `query($t: String!, $a: DateTime) { reportAt(trackingId: $t, asOf: $a) { ${REPORT_FIELDS} } }`;
const VERIFY = `query($t: String!) { verifyReport(trackingId: $t) { ok streamId version reason } }`;
const CASES = `query($g: String!, $a: DateTime!) { agencyCasesAt(agencyId: $g, asOf: $a) { trackingId status version } }`;

describe('the Ombudsman audit, from the events', () => {
  let service: TestService;
  let fixture: Awaited<ReturnType<typeof registryFixture>>;
  beforeAll(async () => {
    service = await startTestService();
    fixture = await registryFixture(service);
  });
  afterAll(async () => service?.stop());

  /** A long lifecycle through two agencies; the report each mutation answered with, and when, in version order. */
  async function longReport() {
    const { tokens, agencyA, agencyB } = fixture;
    const states: { report: any; at: string }[] = [];
    const step = async (query: string, input: object, token: string) => {
      const result = Object.values(await service.ok(query, { input }, token))[0] as { report: any };
      states.push({ report: result.report, at: new Date().toISOString() });
      await new Promise((resolve) => setTimeout(resolve, 5));
      return result.report;
    };
    const { trackingId } = await step(M.submit, { ...newReport, title: 'Audit panjang' }, tokens.reporter);
    const ref = { trackingId };
    await step(M.verify, { ...ref, category: 'infrastruktur-jalan' }, tokens.admin);
    await step(M.disposition, { ...ref, agencyId: agencyB }, tokens.admin);
    await step(M.decline, { ...ref, reason: 'Bukan wewenang kami' }, tokens.officerB);
    await step(M.disposition, { ...ref, agencyId: agencyA }, tokens.admin);
    await step(M.start, ref, tokens.officerA);
    await step(M.post, { ...ref, message: 'Tim sudah meninjau lokasi' }, tokens.officerA);
    await step(M.resolve, { ...ref, message: 'Jalan sudah ditambal' }, tokens.officerA);
    await step(M.dispute, { ...ref, reason: 'Tambalan rusak lagi' }, tokens.reporter);
    await step(M.reopen, { ...ref, reason: 'Sengketa pelapor' }, tokens.admin);
    await step(M.resolve, { ...ref, message: 'Jalan diaspal ulang' }, tokens.officerA);
    await step(M.accept, { ...ref, rating: 4 }, tokens.reporter);
    return { trackingId, states };
  }

  it('replays every event in order, and reportAt at every version equals what the live fold answered then', async () => {
    const { tokens } = fixture;
    const { trackingId, states } = await longReport();
    const { reportHistory } = await service.ok(HISTORY, { t: trackingId }, tokens.ombudsman);
    expect(reportHistory.map((e: any) => e.streamVersion)).toEqual(reportHistory.map((_: unknown, i: number) => i + 1));
    expect(reportHistory[0]).toMatchObject({
      type: 'ReportSubmitted',
      schemaVersion: 4,
      actorRole: 'REPORTER',
      hash: expect.stringMatching(/^[0-9a-f]{64}$/),
    });
    expect(JSON.parse(reportHistory[0].data)).toMatchObject({ title: 'Audit panjang' });
    expect(reportHistory.slice(-2).map((e: any) => e.type)).toEqual(['ResolutionAccepted', 'ReportClosed']);
    for (const { report } of states) {
      const { reportAt } = await service.ok(AT_VERSION, { t: trackingId, v: report.version }, tokens.ombudsman);
      expect(reportAt).toEqual(report);
    }
    for (const { report, at } of states) {
      const { reportAt } = await service.ok(AT_TIME, { t: trackingId, a: at }, tokens.admin);
      expect(reportAt).toEqual(report);
    }
    expect(
      (await service.error(AT_TIME, { t: trackingId, a: '2000-01-01T00:00:00Z' }, tokens.admin)).extensions,
    ).toMatchObject({ code: 'NOT_FOUND' });
    expect((await service.error(AT_VERSION, { t: trackingId, v: 999 }, tokens.admin)).extensions).toMatchObject({
      code: 'BAD_USER_INPUT',
    });
    expect((await service.error(AT_TIME, { t: trackingId, a: 'kemarin' }, tokens.admin)).extensions).toMatchObject({
      code: 'BAD_USER_INPUT',
    });
    for (const token of [tokens.reporter, tokens.officerA]) {
      expect((await service.error(HISTORY, { t: trackingId }, token)).extensions).toMatchObject({ code: 'FORBIDDEN' });
    }
    expect((await service.error(HISTORY, { t: trackingId })).extensions).toMatchObject({ code: 'UNAUTHENTICATED' });
  });

  it('names the agency that held a report at each moment, in the status it had then', async () => {
    const { tokens, agencyA, agencyB } = fixture;
    const { trackingId, states } = await longReport();
    const at = (i: number) => states[i]!.at;
    const cases = async (agencyId: string, asOf: string) =>
      (await service.ok(CASES, { g: agencyId, a: asOf }, tokens.ombudsman)).agencyCasesAt.filter(
        (c: any) => c.trackingId === trackingId,
      );
    expect(await cases(agencyB, at(1))).toEqual([]);
    expect(await cases(agencyB, at(2))).toEqual([{ trackingId, status: 'DISPOSITIONED', version: 3 }]);
    expect(await cases(agencyB, at(3))).toEqual([]);
    expect(await cases(agencyA, at(5))).toEqual([{ trackingId, status: 'IN_PROGRESS', version: 6 }]);
    expect(await cases(agencyA, at(8))).toEqual([{ trackingId, status: 'RESOLVED', version: 9 }]);
    expect((await service.error(CASES, { g: agencyA, a: at(5) }, tokens.adminA)).extensions).toMatchObject({
      code: 'FORBIDDEN',
    });
  });

  it('finds an event changed behind the store', async () => {
    const { tokens } = fixture;
    const { trackingId } = await longReport();
    expect((await service.ok(VERIFY, { t: trackingId }, tokens.ombudsman)).verifyReport).toMatchObject({
      ok: true,
      version: 13,
      reason: null,
    });
    const { reportHistory } = await service.ok(HISTORY, { t: trackingId }, tokens.ombudsman);
    const dataSource = service.app.get(DataSource);
    // Someone with the database's superuser rights switches the immutability triggers off and edits history.
    await dataSource.query(`ALTER TABLE events DISABLE TRIGGER USER`);
    try {
      await dataSource.query(
        `UPDATE events SET data = jsonb_set(data, '{message}', '"Jalan sudah diperbaiki sempurna"') WHERE event_id = $1`,
        [reportHistory[7].eventId],
      );
    } finally {
      await dataSource.query(`ALTER TABLE events ENABLE TRIGGER USER`);
    }
    expect((await service.ok(VERIFY, { t: trackingId }, tokens.ombudsman)).verifyReport).toMatchObject({
      ok: false,
      version: 8,
      reason: 'the event content does not match its content hash',
    });
    const summary = await verifyAll({
      stored: service.app.get<EventStore>(STORED_EVENT_STORE),
      log: service.app.get<EventLog>(EVENT_LOG),
    });
    expect(summary.broken).toEqual([
      {
        ok: false,
        streamId: expect.stringMatching(/^report-/),
        version: 8,
        reason: 'the event content does not match its content hash',
      },
    ]);
    expect(summary.events).toBeGreaterThan(13);
    const bundle = (
      await service.ok(`query($t: String!) { auditBundle(trackingId: $t) }`, { t: trackingId }, tokens.ombudsman)
    ).auditBundle;
    expect(checkBundle(bundle)).toMatchObject({ ok: false, version: 8, eventId: reportHistory[7].eventId });
  });

  it('exports a bundle that checks offline, and names the event when one byte of it changes', async () => {
    const { tokens } = fixture;
    const { trackingId } = await longReport();
    const bundle: string = (
      await service.ok(`query($t: String!) { auditBundle(trackingId: $t) }`, { t: trackingId }, tokens.ombudsman)
    ).auditBundle;
    expect(checkBundle(bundle)).toEqual({
      ok: true,
      events: 13,
      headHash: JSON.parse(bundle).events[12].hash,
      anchor: null,
    });
    expect(JSON.parse(bundle).hashRules.length).toBeGreaterThan(0);
    const changed = (needle: string, replacement: string) => {
      const at = bundle.indexOf(needle);
      expect(at).toBeGreaterThan(0);
      return bundle.slice(0, at) + replacement + bundle.slice(at + needle.length);
    };
    const events = JSON.parse(bundle).events;
    // One byte in the data of version 7, then one hex digit of version 3's hash, then a back-dated recordedAt.
    expect(checkBundle(changed('Tim sudah meninjau', 'Tim sudah meninjaU'))).toMatchObject({
      ok: false,
      version: 7,
      eventId: events[6].eventId,
      reason: expect.stringContaining('content hash'),
    });
    const hash3 = events[2].hash as string;
    expect(checkBundle(changed(hash3, (hash3[0] === 'a' ? 'b' : 'a') + hash3.slice(1)))).toMatchObject({
      ok: false,
      version: 3,
      reason: expect.stringContaining('does not chain'),
    });
    expect(checkBundle(changed(events[4].recordedAt, '2020-01-01T00:00:00.000Z'))).toMatchObject({
      ok: false,
      version: 5,
    });
    expect(checkBundle('{"format":')).toMatchObject({
      ok: false,
      version: null,
      reason: expect.stringContaining('not valid JSON'),
    });
    expect(
      (await service.error(`query($t: String!) { auditBundle(trackingId: $t) }`, { t: trackingId }, tokens.officerA))
        .extensions,
    ).toMatchObject({ code: 'FORBIDDEN' });
  });

  it('reads an event stored in an older schema version in the current shape everywhere, while its hashes still verify', async () => {
    const { tokens } = fixture;
    const reportId = randomUUID();
    const metadata = {
      correlationId: randomUUID(),
      actor: { id: 'reporter-1', role: 'REPORTER' },
      occurredAt: new Date().toISOString(),
      channel: 'SMS',
    };
    const { trackingId } = await service.app.get(TrackingIdRegistry).assign(reportId, metadata);
    // ReportSubmitted as schema version 1 had it, written as it was: a flat regionCode, no location.
    const old = {
      reportId,
      trackingId,
      kind: 'COMPLAINT',
      title: 'Laporan lama lewat SMS 1708',
      description: 'Air PDAM tidak mengalir sejak seminggu di Kelurahan Ibuh.',
      category: null,
      channel: 'SMS',
      regionCode: '13.76',
      attachments: [],
      anonymous: false,
      confidential: false,
      reporterId: 'reporter-1',
      submittedBy: 'reporter-1',
      verificationDueAt: '2026-12-01T16:59:59.999Z',
    };
    const stored = service.app.get<EventStore>(STORED_EVENT_STORE);
    const { lastGlobalPosition } = await stored.appendToStream(
      `report-${reportId}`,
      'no_stream',
      [{ eventId: randomUUID(), type: 'ReportSubmitted', schemaVersion: 1, data: old }],
      { metadata },
    );
    const [raw] = await stored.readStream(`report-${reportId}`);
    expect(raw).toMatchObject({ schemaVersion: 1, data: { regionCode: '13.76' } });

    const location = { regionCode: '13.76', address: null, lat: null, lon: null };
    expect(
      (
        await service.ok(
          `query($t: String!) { report(trackingId: $t) { title location { regionCode address } } }`,
          { t: trackingId },
          tokens.admin,
        )
      ).report,
    ).toEqual({
      title: 'Laporan lama lewat SMS 1708',
      location: { regionCode: '13.76', address: null },
    });
    const [submitted] = (await service.ok(HISTORY, { t: trackingId }, tokens.ombudsman)).reportHistory;
    expect(submitted.schemaVersion).toBe(4);
    expect(JSON.parse(submitted.data)).toMatchObject({
      location,
      reporterId: 'reporter:reporter-1',
      submittedBy: 'reporter:reporter-1',
    });
    expect(JSON.parse(submitted.data)).not.toHaveProperty('regionCode');
    const listed = await service.ok(
      `query($m: String) { reports(first: 5, minPosition: $m, filter: { regionCode: "13.76", search: "SMS 1708" }) { edges { node { trackingId } } } }`,
      { m: lastGlobalPosition.toString() },
      tokens.admin,
    );
    expect(listed.reports.edges).toEqual([{ node: { trackingId } }]);
    expect((await service.ok(VERIFY, { t: trackingId }, tokens.ombudsman)).verifyReport).toMatchObject({
      ok: true,
      version: 1,
    });
    const bundle = (
      await service.ok(`query($t: String!) { auditBundle(trackingId: $t) }`, { t: trackingId }, tokens.ombudsman)
    ).auditBundle;
    expect(JSON.parse(bundle).events[0]).toMatchObject({ schemaVersion: 1, data: { regionCode: '13.76' } });
    expect(checkBundle(bundle)).toMatchObject({ ok: true, events: 1 });
  });
});
