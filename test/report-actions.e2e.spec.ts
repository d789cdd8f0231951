import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { M, newReport, registryFixture } from './support/registry-fixture.js';
import { startTestService, type TestService } from './support/service.js';

const ACTIONS = `query($t: String!) { report(trackingId: $t) { status allowedActions } }`;

/** What a console asks besides the report itself: what the caller may do to it, their own reports, figures by agency type. */
describe('allowedActions, reports(filter.mine) and the agency-type filters', () => {
  let service: TestService;
  let fixture: Awaited<ReturnType<typeof registryFixture>>;
  let agencyC: string;
  const actions = async (trackingId: string, token?: string) =>
    (await service.ok(ACTIONS, { t: trackingId }, token)).report.allowedActions as string[];
  /** Every write so far: passed as minPosition, a query waits until the read models include them. */
  const settled = async () =>
    (await service.ok(`{ health { lastGlobalPosition } }`)).health.lastGlobalPosition as string;
  const byReporter: string[] = [];
  const submit = async (title: string, token = fixture.tokens.reporter) => {
    const { submitReport } = await service.ok(M.submit, { input: { ...newReport, title } }, token);
    if (token === fixture.tokens.reporter) byReporter.push(submitReport.report.trackingId);
    return submitReport.report.trackingId as string;
  };

  beforeAll(async () => {
    service = await startTestService();
    fixture = await registryFixture(service);
    const { registerAgency } = await service.ok(
      `mutation { registerAgency(input: { name: "Kementerian Sosial", type: MINISTRY }) { id } }`,
      {},
      fixture.tokens.admin,
    );
    agencyC = registerAgency.id;
    await service.ok(
      `mutation($id: String!) { connectAgency(input: { agencyId: $id, decree: "SK 2/2019" }) { connected } }`,
      { id: agencyC },
      fixture.tokens.admin,
    );
  }, 120_000);
  afterAll(async () => service?.stop());

  it('lists for each caller exactly what the mutations would let them do, step by step', async () => {
    const { tokens, agencyA } = fixture;
    const trackingId = await submit('Jembatan retak');
    expect((await actions(trackingId, tokens.admin)).sort()).toEqual([
      'REJECT_REPORT',
      'REQUEST_CLARIFICATION',
      'VERIFY_REPORT',
    ]);
    expect(await actions(trackingId)).toEqual([]);
    expect(await actions(trackingId, tokens.reporter)).toEqual([]);
    await service.ok(M.verify, { input: { trackingId, category: 'infrastruktur' } }, tokens.admin);
    expect(await actions(trackingId, tokens.admin)).toEqual(['DISPOSITION_REPORT']);
    await service.ok(M.disposition, { input: { trackingId, agencyId: agencyA } }, tokens.admin);
    expect((await actions(trackingId, tokens.officerA)).sort()).toEqual([
      'ADD_INTERNAL_NOTE',
      'DECLINE_DISPOSITION',
      'FORWARD_REPORT',
      'POST_FOLLOW_UP',
      'START_FOLLOW_UP',
    ]);
    expect(await actions(trackingId, tokens.officerB)).toEqual([]);
    expect((await actions(trackingId, tokens.reporter)).sort()).toEqual(['ESCALATE_TO_OMBUDSMAN']);
    await service.ok(M.start, { input: { trackingId } }, tokens.officerA);
    await service.ok(M.resolve, { input: { trackingId, message: 'Sudah diperbaiki' } }, tokens.officerA);
    expect((await actions(trackingId, tokens.reporter)).sort()).toEqual([
      'ACCEPT_RESOLUTION',
      'DISPUTE_RESOLUTION',
      'ESCALATE_TO_OMBUDSMAN',
    ]);
    // Disputed once, a second dispute is refused by the mutation, so it is no longer offered.
    await service.ok(M.dispute, { input: { trackingId, reason: 'Masih retak' } }, tokens.reporter);
    expect((await actions(trackingId, tokens.reporter)).sort()).toEqual(['ACCEPT_RESOLUTION', 'ESCALATE_TO_OMBUDSMAN']);
    const again = await service.error(M.dispute, { input: { trackingId, reason: 'Lagi' } }, tokens.reporter);
    expect(again.extensions?.code).toBe('CONFLICT');
    await service.ok(M.escalate, { input: { trackingId, reason: 'REPORTER_DISPUTE' } }, tokens.reporter);
    expect(await actions(trackingId, tokens.ombudsman)).toEqual(
      expect.arrayContaining(['RECORD_OMBUDSMAN_FINDING', 'ADD_INTERNAL_NOTE']),
    );
    expect(await actions(trackingId, tokens.reporter)).toEqual([]);
  });

  it("offers an API key only the mutations the key was issued for, on its integrator's reports", async () => {
    const { issueApiKey } = await service.ok(
      `mutation { issueApiKey(input: { integratorId: "qlue", name: "Qlue", mutations: ["submitReport", "acceptResolution"] }) { secret } }`,
      {},
      fixture.tokens.admin,
    );
    const trackingId = await submit('Lampu taman mati', issueApiKey.secret);
    await service.ok(M.verify, { input: { trackingId, category: 'infrastruktur' } }, fixture.tokens.admin);
    await service.ok(M.disposition, { input: { trackingId, agencyId: fixture.agencyA } }, fixture.tokens.admin);
    expect(await actions(trackingId, issueApiKey.secret)).toEqual([]);
    await service.ok(M.start, { input: { trackingId } }, fixture.tokens.officerA);
    await service.ok(M.resolve, { input: { trackingId, message: 'Sudah menyala' } }, fixture.tokens.officerA);
    // The rules would let its integrator dispute and escalate too; the key allows only accepting.
    expect(await actions(trackingId, issueApiKey.secret)).toEqual(['ACCEPT_RESOLUTION']);
  });

  it("narrows reports and counts to the caller's own with filter.mine", async () => {
    const other = await submit('Trotoar rusak di depan pasar', fixture.tokens.otherReporter);
    const query = `query($mine: Boolean, $min: String) {
      reports(filter: { mine: $mine }, first: 50, minPosition: $min) { totalCount edges { node { trackingId } } }
      reportCounts(filter: { mine: $mine }, minPosition: $min) { total } }`;
    const min = await settled();
    const everything = await service.ok(query, { mine: null, min }, fixture.tokens.reporter);
    const mine = await service.ok(query, { mine: true, min }, fixture.tokens.reporter);
    const theirs = await service.ok(query, { mine: true, min }, fixture.tokens.otherReporter);
    const ids = (answer: any) => answer.reports.edges.map((edge: any) => edge.node.trackingId);
    expect(ids(everything)).toContain(other);
    expect(ids(mine)).not.toContain(other);
    expect(ids(theirs)).toEqual([other]);
    expect(ids(mine).sort()).toEqual([...byReporter].sort());
    expect(mine.reports.totalCount).toBe(byReporter.length);
    expect(mine.reportCounts.total).toBe(byReporter.length);
    expect(everything.reportCounts.total).toBeGreaterThan(byReporter.length);
    const admin = await service.ok(query, { mine: true }, fixture.tokens.admin);
    expect(admin.reports.totalCount).toBe(0);
  });

  it('counts by agency type in reportTrend, reportCounts and topicStatistics', async () => {
    const trackingId = await submit('Bantuan sosial tidak cair');
    await service.ok(M.verify, { input: { trackingId, category: 'infrastruktur-jalan' } }, fixture.tokens.admin);
    await service.ok(M.disposition, { input: { trackingId, agencyId: agencyC } }, fixture.tokens.admin);
    const today = new Date(Date.now() + 7 * 3600_000).toISOString().slice(0, 10);
    const to = new Date(Date.parse(`${today}T00:00:00Z`) + 86_400_000).toISOString().slice(0, 10);
    const figures = async (type: string | null) =>
      service.ok(
        `query($type: AgencyType, $from: Date!, $to: Date!, $min: String) {
          reportTrend(from: $from, to: $to, interval: MONTH, filter: { agencyType: $type }, minPosition: $min) { dispositioned }
          reportCounts(filter: { agencyType: $type }, minPosition: $min) { total }
          topicStatistics(from: $from, to: $to, agencyType: $type, minPosition: $min) { category reports }
        }`,
        { type, from: today, to, min: await settled() },
        fixture.tokens.admin,
      );
    const ministry = await figures('MINISTRY');
    const city = await figures('CITY');
    const all = await figures(null);
    expect(ministry.reportCounts.total).toBe(1);
    expect(ministry.reportTrend.reduce((n: number, p: any) => n + p.dispositioned, 0)).toBe(1);
    expect(ministry.topicStatistics).toEqual([{ category: 'infrastruktur-jalan', reports: 1 }]);
    expect(city.reportCounts.total).toBeGreaterThan(0);
    const sum = (answer: any) => answer.reportTrend.reduce((n: number, p: any) => n + p.dispositioned, 0);
    expect(sum(ministry) + sum(city)).toBe(sum(all));
    const refused = await service.error(`{ reportCounts(filter: { agencyType: "CITY" }) { total } }`);
    expect(refused.extensions?.code).toBe('GRAPHQL_VALIDATION_FAILED');
  });
});
