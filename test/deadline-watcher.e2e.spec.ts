import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import type { INestApplication } from '@nestjs/common';
import { reportStream } from '../contexts/reports/report.events.js';
import { startApp } from '../src/bootstrap.js';
import { DeadlineWatcher } from '../src/deadlines/deadline-watcher.js';
import { EVENT_STORE, type EventStore } from '../src/event-store/event-store.port.js';
import { M, newReport, registryFixture } from './support/registry-fixture.js';
import { startTestService, type TestService } from './support/service.js';

/** A clock the test moves by hand, shared by every instance. */
const clock = {
  at: new Date('2026-11-23T03:00:00.000Z'),
  now() {
    return this.at;
  },
};

describe('the deadline watcher', () => {
  let service: TestService;
  let second: INestApplication;
  let store: EventStore;
  let fixture: Awaited<ReturnType<typeof registryFixture>>;
  const reports: Record<string, { id: string; trackingId: string }> = {};

  const submit = async (token = fixture.tokens.reporter) =>
    (await service.ok(M.submit, { input: newReport }, token)).submitReport.report as { id: string; trackingId: string };
  const events = async (name: string) =>
    (await store.readStream(reportStream(reports[name]!.id))).map((e) =>
      e.type === 'DeadlineMissed' ? `DeadlineMissed:${(e.data as { deadline: string }).deadline}` : e.type,
    );
  const bothWatchers = () => Promise.all([service.app.get(DeadlineWatcher).tick(), second.get(DeadlineWatcher).tick()]);

  beforeAll(async () => {
    service = await startTestService({}, { clock });
    second = await startApp(service.config, service.database, { clock });
    store = service.app.get<EventStore>(EVENT_STORE);
    fixture = await registryFixture(service);
    const { tokens, agencyA } = fixture;
    await service.ok(
      `mutation($input: HolidayInput!) { declareHoliday(input: $input) { date } }`,
      { input: { date: '2026-11-26', name: 'Hari libur uji' } },
      tokens.admin,
    );

    reports.unverified = await submit();
    reports.paused = await submit();
    await service.ok(
      M.requestClarification,
      { input: { trackingId: reports.paused.trackingId, question: 'Di mana?' } },
      tokens.admin,
    );
    reports.routed = await submit();
    await service.ok(
      M.verify,
      { input: { trackingId: reports.routed.trackingId, category: 'infrastruktur-jalan' } },
      tokens.admin,
    );
    await service.ok(
      M.disposition,
      { input: { trackingId: reports.routed.trackingId, agencyId: agencyA } },
      tokens.admin,
    );
    reports.resolved = await submit();
    const ref = { trackingId: reports.resolved.trackingId };
    await service.ok(M.verify, { input: { ...ref, category: 'infrastruktur-jalan' } }, tokens.admin);
    await service.ok(M.disposition, { input: { ...ref, agencyId: agencyA } }, tokens.admin);
    await service.ok(M.post, { input: { ...ref, message: 'Dicek' } }, tokens.officerA);
    await service.ok(M.resolve, { input: { ...ref, message: 'Sudah ditambal' } }, tokens.officerA);
  });
  afterAll(async () => {
    await second?.close();
    await service?.stop();
  });

  it('counts working days around the holidays admins declared', async () => {
    const routed = await service.ok(`query($t: String!) { report(trackingId: $t) { deadlines { kind dueAt } } }`, {
      t: reports.routed!.trackingId,
    });
    // Disposition on Monday 23 November: five working days, skipping the holiday on Thursday 26th and the weekend.
    expect(routed.report.deadlines).toContainEqual({ kind: 'FIRST_FOLLOW_UP', dueAt: '2026-12-01T16:59:59.999Z' });
    const unverified = await service.ok(`query($t: String!) { report(trackingId: $t) { deadlines { kind dueAt } } }`, {
      t: reports.unverified!.trackingId,
    });
    expect(unverified.report.deadlines).toEqual([{ kind: 'VERIFICATION', dueAt: '2026-11-27T16:59:59.999Z' }]);
  });

  it('records nothing before a deadline passes', async () => {
    expect(await bothWatchers()).toEqual([0, 0]);
  });

  it('records each missed deadline once with two watchers running at once', async () => {
    clock.at = new Date('2026-11-28T03:00:00.000Z');
    await bothWatchers();
    expect(await events('unverified')).toEqual(['ReportSubmitted', 'DeadlineMissed:VERIFICATION']);
    expect(await events('routed')).not.toContain('DeadlineMissed:FIRST_FOLLOW_UP');

    clock.at = new Date('2026-12-31T03:00:00.000Z');
    await Promise.all([bothWatchers(), bothWatchers()]);
    await bothWatchers();
    expect(await events('unverified')).toEqual(['ReportSubmitted', 'DeadlineMissed:VERIFICATION']);
    expect(await events('paused')).toEqual(['ReportSubmitted', 'ClarificationRequested']);
    expect((await events('routed')).filter((e) => e.startsWith('DeadlineMissed'))).toEqual([
      'DeadlineMissed:FIRST_FOLLOW_UP',
    ]);
    expect((await events('resolved')).slice(-2)).toEqual(['DeadlineMissed:AUTO_CLOSE', 'ReportClosed']);
    const closed = await store.readStream(reportStream(reports.resolved!.id));
    expect(closed.at(-1)!.data).toEqual({ reason: 'AUTO_CLOSE' });
    expect(closed.at(-1)!.metadata.actor).toEqual({ id: 'deadline-watcher', role: 'SYSTEM' });
  });

  it('records nothing twice after a restart', async () => {
    const before = await Promise.all(Object.keys(reports).map(events));
    const restarted = await startApp(service.config, service.database, { clock });
    try {
      expect(await restarted.get(DeadlineWatcher).tick()).toBe(0);
    } finally {
      await restarted.close();
    }
    expect(await Promise.all(Object.keys(reports).map(events))).toEqual(before);
  });
});
