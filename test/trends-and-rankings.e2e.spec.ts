import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { M, newReport, registryFixture } from './support/registry-fixture.js';
import { startTestService, type TestService } from './support/service.js';

/** A clock the test moves by hand: the steps happen on the WIB days the test names. */
const clock = { at: new Date('2026-03-02T03:00:00.000Z'), now: () => clock.at };

const TREND = `query($filter: TrendFilter, $from: Date!, $to: Date!, $interval: TrendInterval, $min: String) {
  reportTrend(filter: $filter, from: $from, to: $to, interval: $interval, minPosition: $min) {
    period submitted verified dispositioned resolved closed escalated
  }
}`;
const RANKING = `query($from: Date!, $to: Date!, $filter: RankingFilter, $orderBy: RankingOrder, $first: Int, $after: String, $min: String) {
  agencyRanking(from: $from, to: $to, filter: $filter, orderBy: $orderBy, first: $first, after: $after, minPosition: $min) {
    totalCount pageInfo { hasNextPage endCursor }
    edges { node { rank agencyId received followedUp resolved inProgress notFollowedUp declined
      followUpRate resolutionRate slaCompliance averageSatisfaction medianHoursToFirstResponse } }
  }
}`;
const zero = { submitted: 0, verified: 0, dispositioned: 0, resolved: 0, closed: 0, escalated: 0 };

describe('trends and rankings (reportTrend, agencyRanking) from read models built for them', () => {
  let service: TestService;
  let fixture: Awaited<ReturnType<typeof registryFixture>>;
  let last = '0';
  const run = async (query: string, input: object, token: string) => {
    const data = await service.ok(query, { input }, token);
    last = (Object.values(data)[0] as { position: string }).position;
    return Object.values(data)[0] as { report: { trackingId: string } };
  };
  const submit = async (at: string, regionCode: string) => {
    clock.at = new Date(at);
    const { report } = await run(
      M.submit,
      { ...newReport, location: { ...newReport.location, regionCode } },
      fixture.tokens.reporter,
    );
    return report.trackingId;
  };
  const trend = async (variables: object) => (await service.ok(TREND, { ...variables, min: last })).reportTrend;
  const ranking = async (variables: object) => (await service.ok(RANKING, { ...variables, min: last })).agencyRanking;

  beforeAll(async () => {
    service = await startTestService({}, { clock });
    fixture = await registryFixture(service);
    const { admin, officerA, officerB, reporter } = fixture.tokens;
    // Monday 2 March 2026 (WIB): three submissions, one of them from Pontianak; two verified and routed.
    const [t1, t2, t3] = [
      await submit('2026-03-02T03:00:00.000Z', '13.76'),
      await submit('2026-03-02T04:00:00.000Z', '13.76'),
      await submit('2026-03-02T05:00:00.000Z', '61.71'),
    ];
    for (const [t, agencyId] of [
      [t1, fixture.agencyA],
      [t3, fixture.agencyB],
    ] as const) {
      await run(M.verify, { trackingId: t, category: 'infrastruktur-jalan' }, admin);
      await run(M.disposition, { trackingId: t, agencyId }, admin);
    }
    // 00:30 WIB on Tuesday 3 March is still 2 March in UTC: a WIB day counts it on the 3rd.
    await submit('2026-03-02T17:30:00.000Z', '13.76');
    clock.at = new Date('2026-03-03T05:00:00.000Z'); // 24 hours after A received t1
    await run(M.start, { trackingId: t1 }, officerA);
    await run(M.resolve, { trackingId: t1, message: 'Jalan sudah ditambal' }, officerA);
    await run(M.accept, { trackingId: t1, rating: 4 }, reporter);
    await run(M.decline, { trackingId: t3, reason: 'Bukan kewenangan kami' }, officerB);
    // Monday 9 March: the next week.
    clock.at = new Date('2026-03-09T03:00:00.000Z');
    await run(M.verify, { trackingId: t2, category: 'infrastruktur' }, admin);
    await run(M.disposition, { trackingId: t2, agencyId: fixture.agencyA }, admin);
  }, 120_000);
  afterAll(async () => service?.stop());

  it('counts each lifecycle step on the WIB day it happened, every day answered', async () => {
    expect(await trend({ from: '2026-03-02', to: '2026-03-05' })).toEqual([
      { period: '2026-03-02', ...zero, submitted: 3, verified: 2, dispositioned: 2 },
      { period: '2026-03-03', ...zero, submitted: 1, resolved: 1, closed: 1 },
      { period: '2026-03-04', ...zero },
    ]);
    expect(await trend({ from: '2026-03-02', to: '2026-03-16', interval: 'WEEK' })).toEqual([
      { period: '2026-03-02', ...zero, submitted: 4, verified: 2, dispositioned: 2, resolved: 1, closed: 1 },
      { period: '2026-03-09', ...zero, verified: 1, dispositioned: 1 },
    ]);
    expect(await trend({ from: '2026-02-01', to: '2026-04-01', interval: 'MONTH' })).toEqual([
      { period: '2026-02-01', ...zero },
      { period: '2026-03-01', ...zero, submitted: 4, verified: 3, dispositioned: 3, resolved: 1, closed: 1 },
    ]);
  });

  it('narrows a trend by region, agency and category, as the report was when the step happened', async () => {
    const month = { from: '2026-03-01', to: '2026-04-01', interval: 'MONTH' };
    expect(await trend({ ...month, filter: { regionCode: '61' } })).toEqual([
      { period: '2026-03-01', ...zero, submitted: 1, verified: 1, dispositioned: 1 },
    ]);
    expect(await trend({ ...month, filter: { agencyId: fixture.agencyA } })).toEqual([
      { period: '2026-03-01', ...zero, dispositioned: 2, resolved: 1, closed: 1 },
    ]);
    expect(await trend({ ...month, filter: { category: 'infrastruktur' } })).toEqual([
      { period: '2026-03-01', ...zero, verified: 1, dispositioned: 1 },
    ]);
  });

  it('refuses a period that is not one, naming the argument', async () => {
    for (const variables of [
      { from: '2026-02-30', to: '2026-03-05' },
      { from: '2026-03-05T00:00:00Z', to: '2026-03-06' },
      { from: '03/05/2026', to: '2026-03-06' },
      { from: '2026-03-05', to: '2026-03-05' },
      { from: '2020-01-01', to: '2026-01-01' },
    ]) {
      const error = await service.error(TREND, variables);
      expect([JSON.stringify(variables), error.extensions?.code]).toEqual([
        JSON.stringify(variables),
        'BAD_USER_INPUT',
      ]);
    }
  });

  it('ranks agencies by the figures the evaluations publish for the reports they received in the period', async () => {
    const march = { from: '2026-03-01', to: '2026-04-01' };
    const { edges, totalCount } = await ranking(march);
    expect(totalCount).toBe(2);
    expect(edges.map((edge: { node: unknown }) => edge.node)).toEqual([
      {
        rank: 1,
        agencyId: fixture.agencyA,
        received: 2,
        followedUp: 1,
        resolved: 1,
        inProgress: 0,
        notFollowedUp: 1,
        declined: 0,
        followUpRate: 0.5,
        resolutionRate: 0.5,
        slaCompliance: 1,
        averageSatisfaction: 4,
        medianHoursToFirstResponse: 24,
      },
      {
        rank: 2,
        agencyId: fixture.agencyB,
        received: 1,
        followedUp: 0,
        resolved: 0,
        inProgress: 0,
        notFollowedUp: 0,
        declined: 1,
        followUpRate: 0,
        resolutionRate: 0,
        slaCompliance: null,
        averageSatisfaction: null,
        medianHoursToFirstResponse: null,
      },
    ]);
    const first = await ranking({ ...march, orderBy: 'RECEIVED', first: 1 });
    expect(first.pageInfo.hasNextPage).toBe(true);
    const second = await ranking({ ...march, orderBy: 'RECEIVED', first: 1, after: first.pageInfo.endCursor });
    expect([first, second].map((page) => page.edges[0].node.agencyId)).toEqual([fixture.agencyA, fixture.agencyB]);
    expect(second.edges[0].node.rank).toBe(2);
    expect(second.pageInfo.hasNextPage).toBe(false);
    expect((await ranking({ ...march, filter: { type: 'MINISTRY' } })).totalCount).toBe(0);
    // Whole months come from the monthly sums, the days around them from the daily ones: the same answer.
    const around = await ranking({ from: '2026-02-15', to: '2026-04-10' });
    expect(around.edges.map((e: any) => e.node)).toEqual(edges.map((e: any) => e.node));
    // A whole year (2026) from the yearly sums, December and January from the monthly, the rest from the daily.
    const years = await ranking({ from: '2025-11-20', to: '2027-02-03' });
    expect(years.edges.map((e: any) => e.node)).toEqual(edges.map((e: any) => e.node));
    expect((await ranking({ from: '2026-03-05', to: '2026-04-01' })).edges.map((e: any) => e.node.received)).toEqual([
      1,
    ]);
    const forged = Buffer.from(JSON.stringify(['rank', -3])).toString('base64url');
    expect((await service.error(RANKING, { ...march, after: forged })).extensions?.code).toBe('BAD_USER_INPUT');
    const { agencyPerformance } = await service.ok(
      `query($a: String!) { agencyPerformance(agencyId: $a, from: "2026-03-01", to: "2026-04-01") { declined rejected } }`,
      { a: fixture.agencyB },
    );
    expect(agencyPerformance).toEqual({ declined: 1, rejected: 1 });
  });

  it('answers the same after both read models are rebuilt from position 0', async () => {
    const before = [
      await trend({ from: '2026-03-01', to: '2026-03-11' }),
      await ranking({ from: '2026-03-01', to: '2026-04-01' }),
    ];
    for (const name of ['report-trend', 'agency-performance'])
      await service.ok(`mutation($n: String!) { rebuildProjection(name: $n) }`, { n: name }, fixture.tokens.admin);
    expect([
      await trend({ from: '2026-03-01', to: '2026-03-11' }),
      await ranking({ from: '2026-03-01', to: '2026-04-01' }),
    ]).toEqual(before);
  });
});
