import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { reportStream } from '../contexts/reports/report.events.js';
import { signToken } from '../src/auth/token-verifier.js';
import { startApp } from '../src/bootstrap.js';
import { EVENT_STORE, type EventStore } from '../src/event-store/event-store.port.js';
import { graphql } from './support/graphql.js';
import { M, newReport, registryFixture, REPORT_FIELDS } from './support/registry-fixture.js';
import { startTestService, type TestService } from './support/service.js';

describe('the report lifecycle over GraphQL', () => {
  let service: TestService;
  let tokens: Awaited<ReturnType<typeof registryFixture>>['tokens'];
  let agencyA: string;
  let agencyB: string;
  let unitA: string;

  beforeAll(async () => {
    service = await startTestService();
    ({ tokens, agencyA, agencyB, unitA } = await registryFixture(service));
  });
  afterAll(async () => service?.stop());

  it("takes a report from submission to the Ombudsman's closing, each step by the right role only", async () => {
    const step = async (name: keyof typeof M, input: Record<string, unknown>, token: string) => {
      const data = await service.ok(M[name], { input }, token);
      return Object.values(data)[0] as { position: string; report: Record<string, any> };
    };
    const refused = async (
      name: keyof typeof M,
      input: Record<string, unknown>,
      token: string | undefined,
      code: string,
      reason?: string,
    ) => {
      const error = await service.error(M[name], { input }, token);
      expect(error.extensions).toMatchObject({ code, ...(reason ? { reason } : {}) });
    };

    const submitted = await step('submit', newReport, tokens.reporter);
    const trackingId = submitted.report.trackingId as string;
    expect(trackingId).toMatch(/^[0-9A-Z]{4}-[0-9A-Z]{4}$/);
    expect(submitted.report).toMatchObject({
      status: 'SUBMITTED',
      version: 1,
      deadlines: [{ kind: 'VERIFICATION', missed: false }],
    });
    const ref = { trackingId: trackingId.toLowerCase().replace('-', ' ') };

    await refused('requestClarification', { ...ref, question: 'Di mana?' }, tokens.officerA, 'FORBIDDEN');
    expect(
      (await step('requestClarification', { ...ref, question: 'Di depan SD berapa?' }, tokens.admin)).report,
    ).toMatchObject({ status: 'AWAITING_CLARIFICATION', deadlines: [] });
    await refused('provideClarification', { ...ref, answer: 'SD 3' }, tokens.otherReporter, 'FORBIDDEN');
    expect((await step('provideClarification', { ...ref, answer: 'SD Negeri 3' }, tokens.reporter)).report.status).toBe(
      'SUBMITTED',
    );

    await refused('verify', { ...ref, category: 'infrastruktur-jalan' }, tokens.reporter, 'FORBIDDEN');
    await refused('verify', { ...ref, category: 'tidak-ada' }, tokens.admin, 'BAD_USER_INPUT');
    expect((await step('verify', { ...ref, category: 'infrastruktur-jalan' }, tokens.admin)).report).toMatchObject({
      status: 'VERIFIED',
      category: 'infrastruktur-jalan',
    });

    await refused(
      'disposition',
      { ...ref, agencyId: agencyB, unitId: unitA },
      tokens.admin,
      'BAD_USER_INPUT',
      'UNIT_NOT_IN_AGENCY',
    );
    expect((await step('disposition', { ...ref, agencyId: agencyB }, tokens.admin)).report).toMatchObject({
      status: 'DISPOSITIONED',
      agencyId: agencyB,
    });
    await refused('decline', { ...ref, reason: 'Bukan wewenang' }, tokens.officerA, 'FORBIDDEN', 'NOT_ASSIGNED_AGENCY');
    expect(
      (await step('decline', { ...ref, reason: 'Jalan kota Payakumbuh, bukan wewenang kami' }, tokens.officerB)).report,
    ).toMatchObject({ status: 'VERIFIED', agencyId: null });

    const routed = await step(
      'disposition',
      { ...ref, agencyId: agencyA, unitId: unitA, note: 'Mohon segera' },
      tokens.admin,
    );
    expect(routed.report).toMatchObject({ status: 'DISPOSITIONED', agencyId: agencyA, unitId: unitA });
    expect(routed.report.deadlines.map((d: { kind: string }) => d.kind).sort()).toEqual([
      'COMPLETION',
      'FIRST_FOLLOW_UP',
    ]);
    await refused('start', ref, tokens.officerB, 'FORBIDDEN', 'NOT_ASSIGNED_AGENCY');
    expect((await step('start', ref, tokens.officerA)).report.status).toBe('IN_PROGRESS');
    expect(
      (await step('post', { ...ref, message: 'Tim PUPR sudah meninjau lokasi.' }, tokens.officerA)).report.followUps,
    ).toBe(1);
    await step('note', { ...ref, note: 'Anggaran dari pos pemeliharaan' }, tokens.adminA);
    await refused('resolve', { ...ref, message: 'Selesai' }, tokens.officerB, 'FORBIDDEN', 'NOT_ASSIGNED_AGENCY');
    await refused('accept', { ...ref, rating: 5 }, tokens.reporter, 'ILLEGAL_TRANSITION');
    expect((await step('resolve', { ...ref, message: 'Jalan sudah ditambal.' }, tokens.officerA)).report).toMatchObject(
      { status: 'RESOLVED', deadlines: [{ kind: 'AUTO_CLOSE' }] },
    );

    await refused('dispute', { ...ref, reason: 'Belum' }, tokens.otherReporter, 'FORBIDDEN');
    expect(
      (await step('dispute', { ...ref, reason: 'Tambalan sudah rusak lagi' }, tokens.reporter)).report,
    ).toMatchObject({ status: 'RESOLVED', disputed: true, deadlines: [] });
    await refused('reopen', { ...ref }, tokens.reporter, 'FORBIDDEN');
    expect((await step('reopen', { ...ref, reason: 'Sengketa pelapor' }, tokens.admin)).report.status).toBe(
      'IN_PROGRESS',
    );
    expect(
      (await step('resolve', { ...ref, message: 'Jalan sudah diaspal ulang.' }, tokens.officerA)).report.status,
    ).toBe('RESOLVED');

    await refused('escalate', { ...ref, reason: 'REPORTER_DISPUTE' }, tokens.officerA, 'FORBIDDEN');
    expect(
      (await step('escalate', { ...ref, reason: 'REPORTER_DISPUTE', note: 'Masih berlubang' }, tokens.reporter)).report
        .status,
    ).toBe('ESCALATED');
    await refused('finding', { ...ref, finding: 'x', outcome: 'CLOSE' }, tokens.admin, 'FORBIDDEN');
    const closed = await step(
      'finding',
      {
        ...ref,
        finding: 'Perbaikan terverifikasi di lapangan',
        recommendation: 'Pemeliharaan berkala',
        outcome: 'CLOSE',
      },
      tokens.ombudsman,
    );
    expect(closed.report).toMatchObject({ status: 'CLOSED', closedReason: 'OMBUDSMAN' });
    await refused('reopen', { ...ref }, tokens.admin, 'ILLEGAL_TRANSITION');

    const store = service.app.get<EventStore>(EVENT_STORE);
    const history = await store.readStream(reportStream(submitted.report.id));
    expect(history.map((e) => e.type)).toEqual([
      'ReportSubmitted',
      'ClarificationRequested',
      'ClarificationProvided',
      'ReportVerified',
      'ReportDispositioned',
      'DispositionDeclined',
      'ReportDispositioned',
      'FollowUpStarted',
      'FollowUpPosted',
      'InternalNoteAdded',
      'ReportResolved',
      'ResolutionDisputed',
      'ReportReopened',
      'ReportResolved',
      'EscalatedToOmbudsman',
      'OmbudsmanFindingRecorded',
      'ReportClosed',
    ]);
    expect(history[0]!.metadata).toMatchObject({
      actor: { id: 'reporter-1', role: 'REPORTER' },
      channel: 'WEB',
      command: 'SubmitReport',
      correlationId: expect.any(String),
    });
    expect(history[5]!.metadata.actor).toEqual({ id: 'officer-b', role: 'LIAISON_OFFICER', agencyId: agencyB });
    expect(closed.position).toBe(history.at(-1)!.globalPosition.toString());
    expect(await store.verifyStream(reportStream(submitted.report.id))).toMatchObject({ ok: true, version: 17 });

    const read = await service.ok(
      `query($t: String!) { report(trackingId: $t) { ${REPORT_FIELDS} } }`,
      { t: trackingId },
      undefined,
    );
    expect(read.report).toEqual(closed.report);
  });

  it('returns the same report for the same idempotency key', async () => {
    const input = { ...newReport, idempotencyKey: 'app-7f3a-0001' };
    const [first, second] = await Promise.all([
      service.ok(M.submit, { input }, tokens.reporter),
      service.ok(M.submit, { input }, tokens.reporter),
    ]);
    const third = await service.ok(M.submit, { input }, tokens.reporter);
    expect(second.submitReport.report.id).toBe(first.submitReport.report.id);
    expect(third.submitReport.report).toEqual(first.submitReport.report);
    const other = await service.ok(M.submit, { input }, tokens.otherReporter);
    expect(other.submitReport.report.id).not.toBe(first.submitReport.report.id);
  });

  it('tells each of 50 concurrent callers the truth and loses no update', async () => {
    const submitted = await service.ok(M.submit, { input: newReport }, tokens.reporter);
    const ref = { trackingId: submitted.submitReport.report.trackingId };
    await service.ok(M.verify, { input: { ...ref, category: 'infrastruktur-jalan' } }, tokens.admin);
    await service.ok(M.disposition, { input: { ...ref, agencyId: agencyA } }, tokens.admin);

    const starts = await Promise.all(
      Array.from({ length: 50 }, () => fetchResult(service.url, M.start, { input: ref }, tokens.officerA)),
    );
    expect(starts.filter((r) => r.ok)).toHaveLength(1);
    for (const r of starts.filter((r) => !r.ok)) expect(r.code).toBe('ILLEGAL_TRANSITION');

    // Half of the follow-ups go through a second instance of the service on the same database, so
    // races between processes (settled by the expected-version check and retried) happen too.
    const second = await startApp(service.config, service.database);
    const secondUrl = (await second.getUrl()).replace('[::1]', '127.0.0.1');
    const posts = await Promise.all(
      Array.from({ length: 50 }, (_, i) =>
        fetchResult(
          i % 2 ? secondUrl : service.url,
          M.post,
          { input: { ...ref, message: `Tindak lanjut ${i}` } },
          tokens.officerA,
        ),
      ),
    );
    await second.close();
    const store = service.app.get<EventStore>(EVENT_STORE);
    const history = await store.readStream(reportStream(submitted.submitReport.report.id));
    const posted = history.filter((e) => e.type === 'FollowUpPosted');
    const succeeded = posts.filter((r) => r.ok);
    // The refusals' codes first, so a failure here says what went wrong.
    expect(posts.filter((r) => !r.ok)).toEqual([]);
    expect(succeeded).toHaveLength(50);
    expect(posted).toHaveLength(50);
    expect(new Set(posted.map((e) => (e.data as { message: string }).message)).size).toBe(posted.length);
    expect(new Set(succeeded.map((r) => r.position))).toEqual(new Set(posted.map((e) => e.globalPosition.toString())));
    expect(history.map((e) => e.streamVersion)).toEqual(history.map((_, i) => i + 1));
  });

  it('refuses bad input with a clear error and writes nothing', async () => {
    const head = async () => (await service.ok('{ health { lastGlobalPosition } }')).health.lastGlobalPosition;
    const before = await head();
    const cases: [Record<string, unknown>, string | undefined, string, RegExp][] = [
      [{ ...newReport, title: '' }, tokens.reporter, 'BAD_USER_INPUT', /title/],
      [{ ...newReport, description: 'x'.repeat(10_001) }, tokens.reporter, 'BAD_USER_INPUT', /description/],
      [{ ...newReport, kind: 'GOSSIP' }, tokens.reporter, 'BAD_USER_INPUT', /GOSSIP/],
      [
        { ...newReport, attachments: [{ ...newReport.attachments[0], url: 'javascript:alert(1)' }] },
        tokens.reporter,
        'BAD_USER_INPUT',
        /url/,
      ],
      [{ ...newReport, location: { lat: 123 } }, tokens.reporter, 'BAD_USER_INPUT', /lat/],
      [{ ...newReport, category: 'tidak-ada' }, tokens.reporter, 'BAD_USER_INPUT', /tidak-ada/],
      [newReport, 'Bearer not.a.token', 'UNAUTHENTICATED', /token/],
      [newReport, 'Basic abc', 'UNAUTHENTICATED', /Bearer/],
    ];
    for (const [input, token, code, message] of cases) {
      const error = await service.error(M.submit, { input }, token);
      expect(error.extensions?.code).toBe(code);
      expect(error.message).toMatch(message);
      expect(JSON.stringify(error)).not.toMatch(/at .*\.(ts|js):\d+/);
    }
    const unknownAgency = await service.error(
      M.disposition,
      { input: { trackingId: '0123-456K', agencyId: '00000000-0000-4000-8000-000000000000' } },
      tokens.admin,
    );
    expect(unknownAgency.extensions?.code).toBe('NOT_FOUND');
    const notAnId = await service.error(M.start, { input: { trackingId: 'ZZZZ-ZZZZ' } }, tokens.officerA);
    expect(notAnId).toMatchObject({
      extensions: { code: 'NOT_FOUND' },
      message: expect.stringContaining('not a tracking id'),
    });
    const expired = await service.error(
      M.submit,
      { input: newReport },
      await signToken(service.config.auth.jwtSecret!, { sub: 'x', role: 'REPORTER' }, '-1m'),
    );
    const forged = await service.error(
      M.submit,
      { input: newReport },
      await signToken('another-secret-that-is-long-enough!!', { sub: 'x', role: 'ADMIN' }),
    );
    expect(forged).toMatchObject({ extensions: { code: 'UNAUTHENTICATED' }, message: 'The token is not valid' });
    expect(expired).toMatchObject({ extensions: { code: 'UNAUTHENTICATED' }, message: 'The token has expired' });
    expect(await head()).toBe(before);
  });
});

async function fetchResult(url: string, query: string, variables: Record<string, unknown>, token: string) {
  const { body } = await graphql<Record<string, { position: string }>>(url, query, variables, token);
  if (body.errors) return { ok: false as const, code: body.errors[0]!.extensions?.code };
  return { ok: true as const, position: Object.values(body.data!)[0]!.position };
}
