import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import type { INestApplication } from '@nestjs/common';
import type { Client } from 'graphql-ws';
import { startApp } from '../src/bootstrap.js';
import { ProjectionEngine } from '../src/projection-engine/projection-engine.js';
import { M, newReport, registryFixture } from './support/registry-fixture.js';
import { startTestService, type TestService } from './support/service.js';
import { subscribe } from './support/subscribe.js';

const REPORT = `subscription($t: String!, $after: String) {
  reportUpdated(trackingId: $t, afterPosition: $after) { trackingId status followUps rating version position } }`;
const INBOX = `subscription($a: String!, $after: String) {
  agencyInboxChanged(agencyId: $a, afterPosition: $after) { trackingId status agencyId version position eventType } }`;
const pause = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * Issue 15, item 7: every change pushed, in order. Commands are sent back to back, so that the
 * report-status projection applies several of a report's events in one batch (which used to reach
 * subscribers as one message showing the newest state), and clients drop and resume with
 * afterPosition. With a server, a second instance runs: subscriptions are opened on the one that
 * does not run report-status (it hears changes only through NOTIFY) and resumed on the other.
 */
describe('subscriptions: every change pushed, in order', () => {
  let service: TestService;
  let second: INestApplication | undefined;
  let fixture: Awaited<ReturnType<typeof registryFixture>>;
  /** `listener` hears changes through NOTIFY (with a server), `runner` runs report-status; one URL without one. */
  const urls = { listener: '', runner: '' };
  const clients: Client[] = [];
  beforeAll(async () => {
    service = await startTestService();
    fixture = await registryFixture(service);
    urls.listener = urls.runner = service.url;
    if (!process.env.DATABASE_URL) return;
    second = await startApp(service.config, service.database);
    const runsStatus = async (app: INestApplication) =>
      (await app.get(ProjectionEngine).status()).find((s) => s.name === 'report-status')!.runningHere;
    while (!(await runsStatus(service.app)) && !(await runsStatus(second))) await pause(100);
    const secondUrl = (await second.getUrl()).replace('[::1]', '127.0.0.1');
    const runnerIsFirst = await runsStatus(service.app);
    urls.listener = runnerIsFirst ? secondUrl : service.url;
    urls.runner = runnerIsFirst ? service.url : secondUrl;
  });
  afterAll(async () => {
    for (const client of clients) await client.dispose();
    await second?.close();
    await service?.stop();
  });

  const open = (url: string, token: string, query: string, variables: Record<string, unknown>) => {
    const subscription = subscribe(url, token, query, variables);
    clients.push(subscription.client);
    return subscription;
  };
  /** Waits for `count` messages, then a while longer so that one too many would show. */
  const exactly = async (subscription: ReturnType<typeof subscribe>, count: number, field: string) => {
    await subscription.until((got) => got.length >= count);
    await pause(700);
    expect(subscription.errors).toEqual([]);
    return subscription.received.map((message) => message.data[field]);
  };
  const command = async (mutation: string, input: Record<string, unknown>, token: string) =>
    (await service.ok(mutation, { input }, token))[mutation.match(/\{ (\w+)\(/)![1]!] as {
      position: string;
      report: { trackingId: string };
    };
  const submit = async (input: Record<string, unknown> = {}) =>
    command(M.submit, { ...newReport, ...input }, fixture.tokens.reporter);

  it('sends one message per event, each showing the report as of it, for commands sent back to back', async () => {
    const { tokens, agencyA } = fixture;
    const trackingId = (await submit()).report.trackingId;
    const reporter = open(urls.listener, tokens.reporter, REPORT, { t: trackingId });
    await reporter.ready;
    await pause(300);

    const positions = [
      await command(M.verify, { trackingId, category: 'infrastruktur-jalan' }, tokens.admin),
      await command(M.disposition, { trackingId, agencyId: agencyA }, tokens.admin),
      await command(M.start, { trackingId }, tokens.officerA),
      await command(M.post, { trackingId, message: 'Tim sudah ke lokasi.' }, tokens.officerA),
      await command(M.post, { trackingId, message: 'Lubang sudah ditambal.' }, tokens.officerA),
    ].map((result) => result.position);

    expect(await exactly(reporter, 5, 'reportUpdated')).toEqual([
      { trackingId, status: 'VERIFIED', followUps: 0, rating: null, version: 2, position: positions[0] },
      { trackingId, status: 'DISPOSITIONED', followUps: 0, rating: null, version: 3, position: positions[1] },
      { trackingId, status: 'IN_PROGRESS', followUps: 0, rating: null, version: 4, position: positions[2] },
      { trackingId, status: 'IN_PROGRESS', followUps: 1, rating: null, version: 5, position: positions[3] },
      { trackingId, status: 'IN_PROGRESS', followUps: 2, rating: null, version: 6, position: positions[4] },
    ]);
    const numbers = positions.map(BigInt);
    expect(numbers.every((position, i) => i === 0 || position > numbers[i - 1]!)).toBe(true);
  });

  it('resumes reportUpdated after the last position received: the missed events, then live ones, once each', async () => {
    const { tokens, agencyA } = fixture;
    const submitted = await submit();
    const trackingId = submitted.report.trackingId;
    const first = open(urls.listener, tokens.reporter, REPORT, { t: trackingId, after: submitted.position });
    await command(M.verify, { trackingId, category: 'infrastruktur-jalan' }, tokens.admin);
    await command(M.disposition, { trackingId, agencyId: agencyA }, tokens.admin);
    const seen = await exactly(first, 2, 'reportUpdated');
    expect(seen.map((m) => m.version)).toEqual([2, 3]);
    await first.client.dispose();

    const missed = [
      await command(M.start, { trackingId }, tokens.officerA),
      await command(M.post, { trackingId, message: 'Tim sudah ke lokasi.' }, tokens.officerA),
      await command(M.post, { trackingId, message: 'Lubang sudah ditambal.' }, tokens.officerA),
    ];
    const resumed = open(urls.runner, tokens.reporter, REPORT, { t: trackingId, after: seen[1].position });
    // Sent while the subscription starts: committed before, during or after its replay, it arrives once.
    const resolved = await command(M.resolve, { trackingId, message: 'Selesai diperbaiki.' }, tokens.officerA);
    await resumed.until((got) => got.length >= 4);
    const accepted = await command(M.accept, { trackingId, rating: 5 }, tokens.reporter);

    const got = await exactly(resumed, 6, 'reportUpdated');
    expect(got.map(({ status, followUps, rating, version }) => ({ status, followUps, rating, version }))).toEqual([
      { status: 'IN_PROGRESS', followUps: 0, rating: null, version: 4 },
      { status: 'IN_PROGRESS', followUps: 1, rating: null, version: 5 },
      { status: 'IN_PROGRESS', followUps: 2, rating: null, version: 6 },
      { status: 'RESOLVED', followUps: 2, rating: null, version: 7 },
      // acceptResolution records two events: each has its message.
      { status: 'RESOLVED', followUps: 2, rating: 5, version: 8 },
      { status: 'CLOSED', followUps: 2, rating: 5, version: 9 },
    ]);
    expect(got.map((m) => m.position).filter((_, i) => i !== 4)).toEqual(
      [...missed, resolved, accepted].map((result) => result.position),
    );
  });

  it('shows an internal note to those who may read it and skips it for the others', async () => {
    const { tokens, agencyA } = fixture;
    const trackingId = (await submit()).report.trackingId;
    await command(M.verify, { trackingId, category: 'infrastruktur-jalan' }, tokens.admin);
    const routed = await command(M.disposition, { trackingId, agencyId: agencyA }, tokens.admin);
    const reporter = open(urls.listener, tokens.reporter, REPORT, { t: trackingId, after: routed.position });
    const officer = open(urls.listener, tokens.officerA, REPORT, { t: trackingId, after: routed.position });
    const note = await command(M.note, { trackingId, note: 'Pelapor kerabat kepala dinas.' }, tokens.officerA);
    const posted = await command(M.post, { trackingId, message: 'Sedang ditangani.' }, tokens.officerA);

    // postFollowUp on a DISPOSITIONED report starts the follow-up too: two events, two messages.
    expect((await exactly(officer, 3, 'reportUpdated')).map((m) => [m.version, m.followUps])).toEqual([
      [4, 0],
      [5, 0],
      [6, 1],
    ]);
    expect(officer.received[0].data.reportUpdated.position).toBe(note.position);
    const forReporter = await exactly(reporter, 2, 'reportUpdated');
    expect(forReporter.map((m) => [m.version, m.followUps])).toEqual([
      [5, 0],
      [6, 1],
    ]);
    expect(forReporter[1].position).toBe(posted.position);
  });

  it("resumes agencyInboxChanged: the agency's missed events across reports in order, then live ones", async () => {
    const { tokens, agencyA, agencyB } = fixture;
    const one = (await submit()).report.trackingId;
    const two = (await submit()).report.trackingId;
    await command(M.verify, { trackingId: one, category: 'infrastruktur-jalan' }, tokens.admin);
    const start = await command(M.verify, { trackingId: two, category: 'infrastruktur-jalan' }, tokens.admin);
    const first = open(urls.listener, tokens.officerA, INBOX, { a: agencyA, after: start.position });
    const heard = [
      await command(M.disposition, { trackingId: one, agencyId: agencyA }, tokens.admin),
      await command(M.disposition, { trackingId: two, agencyId: agencyA }, tokens.admin),
    ];
    const seen = await exactly(first, 2, 'agencyInboxChanged');
    expect(seen.map((m) => m.position)).toEqual(heard.map((result) => result.position));
    await first.client.dispose();

    const missed = [
      await command(M.start, { trackingId: one }, tokens.officerA),
      await command(M.forward, { trackingId: two, agencyId: agencyB }, tokens.officerA),
      await command(M.post, { trackingId: one, message: 'Tim sudah ke lokasi.' }, tokens.officerA),
    ];
    // Report two is agency B's now: its follow-up is none of agency A's business.
    await command(M.start, { trackingId: two }, tokens.officerB);
    const resumed = open(urls.runner, tokens.officerA, INBOX, { a: agencyA, after: seen[1].position });
    const resolved = await command(M.resolve, { trackingId: one, message: 'Selesai.' }, tokens.officerA);

    expect(await exactly(resumed, 4, 'agencyInboxChanged')).toEqual([
      {
        trackingId: one,
        status: 'IN_PROGRESS',
        agencyId: agencyA,
        version: 4,
        position: missed[0]!.position,
        eventType: 'FollowUpStarted',
      },
      {
        trackingId: two,
        status: 'DISPOSITIONED',
        agencyId: agencyB,
        version: 4,
        position: missed[1]!.position,
        eventType: 'ReportForwarded',
      },
      {
        trackingId: one,
        status: 'IN_PROGRESS',
        agencyId: agencyA,
        version: 5,
        position: missed[2]!.position,
        eventType: 'FollowUpPosted',
      },
      {
        trackingId: one,
        status: 'RESOLVED',
        agencyId: agencyA,
        version: 6,
        position: resolved.position,
        eventType: 'ReportResolved',
      },
    ]);
  });

  it('replays nothing to a caller who may not read the report, and refuses another agency as before', async () => {
    const { tokens, agencyA } = fixture;
    const confidential = await submit({ confidential: true });
    const refused = async (token: string, query: string, variables: Record<string, unknown>) => {
      const subscription = open(urls.listener, token, query, variables);
      await subscription.until((got) => got.length > 0, 3000);
      // As before: a graphql-ws error message, and no data.
      expect(subscription.received).toEqual([]);
      return JSON.stringify(subscription.errors);
    };
    expect(await refused(tokens.otherReporter, REPORT, { t: confidential.report.trackingId, after: '0' })).toContain(
      '"code":"NOT_FOUND"',
    );
    expect(await refused(tokens.officerB, INBOX, { a: agencyA, after: '0' })).toContain('"code":"FORBIDDEN"');
    for (const after of ['abc', '999999999999'])
      expect(await refused(tokens.reporter, REPORT, { t: confidential.report.trackingId, after })).toContain(
        '"code":"BAD_USER_INPUT"',
      );

    // Readable while not confidential; from the event that made it confidential on, another reporter hears nothing.
    const readable = await submit();
    const trackingId = readable.report.trackingId;
    const stranger = open(urls.listener, tokens.otherReporter, REPORT, { t: trackingId, after: readable.position });
    const owner = open(urls.listener, tokens.reporter, REPORT, { t: trackingId, after: readable.position });
    // The stranger must be subscribed before the report turns confidential (then subscribing is NOT_FOUND).
    await Promise.all([stranger.ready, owner.ready]);
    await pause(300);
    await command(M.verify, { trackingId, category: 'infrastruktur-jalan', confidential: true }, tokens.admin);
    await command(M.disposition, { trackingId, agencyId: agencyA }, tokens.admin);
    expect((await exactly(owner, 2, 'reportUpdated')).map((m) => m.status)).toEqual(['VERIFIED', 'DISPOSITIONED']);
    expect(stranger.received).toEqual([]);
    expect(stranger.errors).toEqual([]);
  });
});
