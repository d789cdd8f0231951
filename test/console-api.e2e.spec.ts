import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { signToken } from '../src/auth/token-verifier.js';
import { DEVELOPMENT_JWT_SECRET } from '../src/config/config.js';
import { M, newReport, registryFixture } from './support/registry-fixture.js';
import { startTestService, type TestService } from './support/service.js';

/** A clock the test moves by hand: commands happen, and deadlines are read, on the WIB days the test names. */
const clock = { at: new Date('2026-03-02T03:00:00.000Z'), now: () => clock.at };

const REPORTS = `query($filter: ReportFilter, $orderBy: ReportOrder, $first: Int, $after: String, $min: String) {
  reports(filter: $filter, orderBy: $orderBy, first: $first, after: $after, minPosition: $min) {
    totalCount pageInfo { hasNextPage endCursor }
    edges { cursor node { id title deadlines { kind dueAt workingDaysLeft } } }
  }
}`;
const VIEWER = `{ viewer { id role agencyId agency { id name type regionCode } apiKeyId developmentSignIn } }`;
const ISSUE = `mutation($input: DevelopmentTokenInput!) {
  issueDevelopmentToken(input: $input) { token expiresAt role agencyId sub }
}`;
const FIGURES = 'received notFollowedUp inProgress resolved declined forwarded escalated';
const RATES = 'followUpRate resolutionRate slaCompliance averageSatisfaction';
const SUMMARY = `query($from: Date!, $to: Date!, $filter: RankingFilter, $min: String) {
  performanceSummary(from: $from, to: $to, filter: $filter, minPosition: $min) { agencies ${FIGURES} ${RATES} }
}`;
const PERFORMANCE = `query($agencyId: String!, $min: String) {
  agencyPerformance(agencyId: $agencyId, from: "2026-03-01", to: "2026-04-01", minPosition: $min) { ${FIGURES} ${RATES} }
}`;

interface Node {
  id: string;
  title: string;
  deadlines: { kind: string; dueAt: string; workingDaysLeft: number }[];
}
interface Page {
  totalCount: number;
  pageInfo: { hasNextPage: boolean; endCursor: string | null };
  edges: { cursor: string; node: Node }[];
}

describe('what the admin console needs: deadline order, working days left, viewer, development sign-in, summary', () => {
  let service: TestService;
  let fixture: Awaited<ReturnType<typeof registryFixture>>;
  let agencyC: string;
  let last = '0';
  const tracking = new Map<string, string>();

  const run = async (query: string, input: object, token: string | undefined) => {
    const data = await service.ok(query, { input }, token);
    const result = Object.values(data)[0] as { position: string; report: { trackingId: string } };
    last = result.position ?? last;
    return result;
  };
  /** Submits at `at` (UTC), in Payakumbuh (13.76) unless told otherwise. */
  const submit = async (title: string, at: string, regionCode = '13.76') => {
    clock.at = new Date(at);
    const { report } = await run(
      M.submit,
      { ...newReport, title, location: { ...newReport.location, regionCode } },
      fixture.tokens.reporter,
    );
    tracking.set(title, report.trackingId);
    return report.trackingId;
  };
  const reports = async (variables: object, token = fixture.tokens.admin) =>
    (await service.ok(REPORTS, { ...variables, min: last }, token)).reports as Page;
  const titles = (page: Page) => page.edges.map((edge) => edge.node.title);
  /** The deadline-order reports only: those submitted in Payakumbuh. */
  const payakumbuh = { regionCode: '13.76' };

  beforeAll(async () => {
    service = await startTestService({}, { clock });
    fixture = await registryFixture(service);
    const { admin, officerA, reporter } = fixture.tokens;
    agencyC = (
      await service.ok(
        `mutation($input: RegisterAgencyInput!) { registerAgency(input: $input) { id } }`,
        { input: { name: 'Provinsi Kalimantan Barat', type: 'PROVINCE', regionCode: '61' } },
        admin,
      )
    ).registerAgency.id;
    await service.ok(
      `mutation($input: ConnectAgencyInput!) { connectAgency(input: $input) { connected } }`,
      { input: { agencyId: agencyC, decree: 'SK 2/2020' } },
      admin,
    );
    const officerC = await service.token({ sub: 'officer-c', role: 'LIAISON_OFFICER', agencyId: agencyC });

    // Monday 2 March 2026 (WIB): verification is due three working days later.
    await submit('first', '2026-03-02T03:00:00.000Z'); // due Thursday 5 March
    await submit('routed', '2026-03-02T04:00:00.000Z');
    await submit('kalbar-resolved', '2026-03-02T05:00:00.000Z', '61.71');
    await submit('kalbar-waiting', '2026-03-02T05:10:00.000Z', '61.71');
    await submit('payakumbuh-resolved', '2026-03-02T05:20:00.000Z', '61.71');
    await submit('payakumbuh-declined', '2026-03-02T05:30:00.000Z', '61.71');
    // Tuesday 3 March.
    await submit('second', '2026-03-03T03:00:00.000Z'); // due Friday 6 March
    await submit('rejected-1', '2026-03-03T04:00:00.000Z');
    await submit('rejected-2', '2026-03-03T05:00:00.000Z');
    for (const title of ['rejected-1', 'rejected-2'])
      await run(M.reject, { trackingId: tracking.get(title), reason: 'TOO_GENERAL' }, admin);
    // Wednesday 4 March.
    await submit('third', '2026-03-04T03:00:00.000Z'); // due Monday 9 March
    clock.at = new Date('2026-03-04T04:00:00.000Z');
    const route = async (title: string, agencyId: string) => {
      const trackingId = tracking.get(title)!;
      await run(M.verify, { trackingId, category: 'infrastruktur-jalan' }, admin);
      await run(M.disposition, { trackingId, agencyId }, admin);
      return trackingId;
    };
    await route('routed', fixture.agencyA); // first follow-up due Wednesday 11 March
    await route('kalbar-waiting', agencyC);
    for (const [title, officer, agencyId, rating] of [
      ['kalbar-resolved', officerC, agencyC, 5],
      ['payakumbuh-resolved', officerA, fixture.agencyA, 3],
    ] as const) {
      const trackingId = await route(title, agencyId);
      await run(M.start, { trackingId }, officer);
      await run(M.resolve, { trackingId, message: 'Sudah ditangani' }, officer);
      await run(M.accept, { trackingId, rating }, reporter);
    }
    const declined = await route('payakumbuh-declined', fixture.agencyA);
    await run(M.decline, { trackingId: declined, reason: 'Bukan kewenangan kami' }, officerA);
    // Declared after every deadline above was set: working days left count it, the deadlines stay.
    await service.ok(
      `mutation { declareHoliday(input: { date: "2026-03-06", name: "Hari libur uji" }) { date } }`,
      {},
      admin,
    );
  }, 120_000);
  afterAll(async () => service?.stop());

  describe('reports(orderBy: DEADLINE)', () => {
    it('orders by the nearest running deadline, reports without one last (by id), and keeps NEWEST as the default', async () => {
      const page = await reports({ filter: payakumbuh, orderBy: 'DEADLINE', first: 20 });
      const noDeadline = page.edges
        .filter((edge) => edge.node.title.startsWith('rejected'))
        .map((edge) => edge.node)
        .sort((a, b) => (a.id < b.id ? -1 : 1))
        .map((node) => node.title);
      expect(titles(page)).toEqual(['first', 'second', 'third', 'routed', ...noDeadline]);
      expect(page.totalCount).toBe(6);
      expect(
        page.edges
          .find((edge) => edge.node.title === 'routed')!
          .node.deadlines.map((d) => d.kind)
          .sort(),
      ).toEqual(['COMPLETION', 'FIRST_FOLLOW_UP']);
      expect(titles(await reports({ filter: payakumbuh, first: 20 }))).toEqual([
        'third',
        'rejected-2',
        'rejected-1',
        'second',
        'routed',
        'first',
      ]);
      expect(titles(await reports({ filter: payakumbuh, orderBy: 'NEWEST', first: 20 }))).toEqual(
        titles(await reports({ filter: payakumbuh, first: 20 })),
      );
      // The filter applies as with any order.
      expect(titles(await reports({ filter: { ...payakumbuh, status: ['SUBMITTED'] }, orderBy: 'DEADLINE' }))).toEqual([
        'first',
        'second',
        'third',
      ]);
    });

    it('pages with cursors, through the reports without a deadline too, the same rows as one page', async () => {
      const whole = titles(await reports({ filter: payakumbuh, orderBy: 'DEADLINE', first: 20 }));
      const seen: string[] = [];
      let after: string | null = null;
      let pages = 0;
      for (;;) {
        const page: Page = await reports({ filter: payakumbuh, orderBy: 'DEADLINE', first: 2, after });
        pages += 1;
        seen.push(...titles(page));
        expect(page.totalCount).toBe(6);
        if (!page.pageInfo.hasNextPage) break;
        after = page.pageInfo.endCursor;
      }
      expect(pages).toBe(3);
      expect(seen).toEqual(whole);
      // One row at a time crosses from a deadline to none, and from one report without a deadline to the next.
      const single: string[] = [];
      after = null;
      do {
        const page: Page = await reports({ filter: payakumbuh, orderBy: 'DEADLINE', first: 1, after });
        single.push(...titles(page));
        after = page.pageInfo.hasNextPage ? page.pageInfo.endCursor : null;
      } while (after);
      expect(single).toEqual(whole);
    });

    it('refuses DEADLINE with a search, and a cursor of another order', async () => {
      const withSearch = await service.error(
        REPORTS,
        { filter: { search: 'lubang' }, orderBy: 'DEADLINE' },
        fixture.tokens.admin,
      );
      expect([withSearch.extensions?.code, withSearch.extensions?.argument]).toEqual(['BAD_USER_INPUT', 'orderBy']);
      // A search without orderBy (or with NEWEST) is ordered by relevance as before.
      const searched = await reports({ filter: { search: 'third' }, orderBy: 'NEWEST' });
      expect(titles(searched)).toEqual(['third']);

      const newest = await reports({ filter: payakumbuh, first: 1 });
      const deadline = await reports({ filter: payakumbuh, orderBy: 'DEADLINE', first: 1 });
      const searchPage = await reports({ filter: { search: 'lubang' }, first: 1 });
      for (const [orderBy, filter, after] of [
        ['DEADLINE', payakumbuh, newest.pageInfo.endCursor],
        ['DEADLINE', payakumbuh, searchPage.pageInfo.endCursor],
        ['NEWEST', payakumbuh, deadline.pageInfo.endCursor],
        ['NEWEST', { search: 'lubang' }, deadline.pageInfo.endCursor],
      ] as const) {
        const error = await service.error(REPORTS, { filter, orderBy, after }, fixture.tokens.admin);
        expect([orderBy, error.extensions?.code, error.extensions?.argument]).toEqual([
          orderBy,
          'BAD_USER_INPUT',
          'after',
        ]);
      }
      // Each order takes its own cursor.
      const next = await reports({
        filter: payakumbuh,
        orderBy: 'DEADLINE',
        first: 1,
        after: deadline.pageInfo.endCursor,
      });
      expect(titles(next)).toEqual(['second']);
    });

    it("is read under the caller's visibility: an officer sees the reports with their agency and the public ones", async () => {
      const confidential = await submit('secret', '2026-03-04T05:00:00.000Z');
      await run(
        M.verify,
        { trackingId: confidential, category: 'infrastruktur-jalan', confidential: true },
        fixture.tokens.admin,
      );
      const asOfficerB = titles(await reports({ filter: payakumbuh, orderBy: 'DEADLINE' }, fixture.tokens.officerB));
      const asAdmin = titles(await reports({ filter: payakumbuh, orderBy: 'DEADLINE' }));
      expect(asAdmin).toContain('secret');
      expect(asOfficerB).toEqual(asAdmin.filter((title) => title !== 'secret'));
    });
  });

  describe('DeadlineView.workingDaysLeft', () => {
    const REPORT = `query($t: String!) { report(trackingId: $t) { deadlines { kind dueAt workingDaysLeft } } }`;
    const left = async (title: string, at: string) => {
      clock.at = new Date(at);
      const { report } = await service.ok(REPORT, { t: tracking.get(title) }, fixture.tokens.admin);
      return report.deadlines as { kind: string; dueAt: string; workingDaysLeft: number }[];
    };

    it('counts the working days to the due date, skipping the weekend and the holiday declared since', async () => {
      // "third" is due at the end of Monday 9 March; Friday 6 March became a holiday after.
      expect(await left('third', '2026-03-04T05:00:00.000Z')).toEqual([
        { kind: 'VERIFICATION', dueAt: '2026-03-09T16:59:59.999Z', workingDaysLeft: 2 }, // Thursday 5, Monday 9
      ]);
      expect((await left('third', '2026-03-05T16:59:59.999Z'))[0]!.workingDaysLeft).toBe(1); // Thursday, 23:59 WIB
      expect((await left('third', '2026-03-06T03:00:00.000Z'))[0]!.workingDaysLeft).toBe(1); // the holiday
      expect((await left('third', '2026-03-07T03:00:00.000Z'))[0]!.workingDaysLeft).toBe(1); // Saturday
      expect((await left('first', '2026-03-04T05:00:00.000Z'))[0]!.workingDaysLeft).toBe(1);
    });

    it('is 0 on the due date, in WIB', async () => {
      expect((await left('third', '2026-03-08T17:00:00.000Z'))[0]!.workingDaysLeft).toBe(0); // Monday 00:00 WIB
      expect((await left('third', '2026-03-09T16:59:59.999Z'))[0]!.workingDaysLeft).toBe(0); // Monday 23:59 WIB
      expect((await left('second', '2026-03-06T03:00:00.000Z'))[0]!.workingDaysLeft).toBe(0); // due on the holiday
    });

    it('is negative once the due date has passed: the working days since, at least 1', async () => {
      expect((await left('third', '2026-03-09T17:00:00.000Z'))[0]!.workingDaysLeft).toBe(-1); // Tuesday 00:00 WIB
      expect((await left('third', '2026-03-13T03:00:00.000Z'))[0]!.workingDaysLeft).toBe(-4); // Friday 13
      expect((await left('third', '2026-03-14T03:00:00.000Z'))[0]!.workingDaysLeft).toBe(-4); // Saturday
      expect((await left('second', '2026-03-07T03:00:00.000Z'))[0]!.workingDaysLeft).toBe(-1); // the Saturday after
      expect((await left('second', '2026-03-09T03:00:00.000Z'))[0]!.workingDaysLeft).toBe(-1); // Monday
    });

    it('resolves for every deadline of a page, on the same calendar', async () => {
      clock.at = new Date('2026-03-04T05:00:00.000Z');
      const page = await reports({
        filter: { ...payakumbuh, status: ['SUBMITTED', 'DISPOSITIONED'] },
        orderBy: 'DEADLINE',
      });
      expect(
        page.edges.map(({ node }) => [
          node.title,
          node.deadlines.find((d) => d.kind !== 'COMPLETION')!.workingDaysLeft,
        ]),
      ).toEqual([
        ['first', 1],
        ['second', 1], // due on the holiday: Thursday 5 is the only working day to it
        ['third', 2],
        ['routed', 4], // Wednesday 11: Thursday 5, Monday 9, Tuesday 10, Wednesday 11
      ]);
      const completion = page.edges.at(-1)!.node.deadlines.find((d) => d.kind === 'COMPLETION')!;
      expect(completion.workingDaysLeft).toBeGreaterThan(30);
    });
  });

  describe('viewer', () => {
    it('is the public without credentials', async () => {
      expect((await service.ok(VIEWER)).viewer).toEqual({
        id: 'anonymous',
        role: 'PUBLIC',
        agencyId: null,
        agency: null,
        apiKeyId: null,
        developmentSignIn: true,
      });
    });

    it("is the token's subject and role, with the agency from the directory", async () => {
      expect((await service.ok(VIEWER, {}, fixture.tokens.officerA)).viewer).toEqual({
        id: 'officer-a',
        role: 'LIAISON_OFFICER',
        agencyId: fixture.agencyA,
        agency: { id: fixture.agencyA, name: 'Kota Payakumbuh', type: 'CITY', regionCode: '13.76' },
        apiKeyId: null,
        developmentSignIn: true,
      });
      expect((await service.ok(VIEWER, {}, fixture.tokens.admin)).viewer).toMatchObject({
        id: 'admin-1',
        role: 'ADMIN',
        agencyId: null,
        agency: null,
      });
    });

    it('is the integrator and its key for an API key', async () => {
      const { issueApiKey } = await service.ok(
        `mutation($input: IssueApiKeyInput!) { issueApiKey(input: $input) { secret apiKey { keyId } } }`,
        { input: { integratorId: 'qlue-jakarta', name: 'Qlue uji', mutations: ['submitReport'] } },
        fixture.tokens.admin,
      );
      expect((await service.ok(VIEWER, {}, issueApiKey.secret)).viewer).toEqual({
        id: 'qlue-jakarta',
        role: 'INTEGRATOR',
        agencyId: null,
        agency: null,
        apiKeyId: issueApiKey.apiKey.keyId,
        developmentSignIn: true,
      });
    });

    it('refuses a forged token rather than answer as the public', async () => {
      const forged = await signToken('not-the-secret-of-this-service-at-all!', { sub: 'x', role: 'ADMIN' });
      expect((await service.error(VIEWER, {}, forged)).extensions?.code).toBe('UNAUTHENTICATED');
    });
  });

  describe('issueDevelopmentToken', () => {
    it('mints a token that the service then accepts, for the role and agency asked', async () => {
      const before = Date.now();
      const { issueDevelopmentToken: minted } = await service.ok(ISSUE, {
        input: { role: 'LIAISON_OFFICER', agencyId: fixture.agencyA, sub: 'petugas-7' },
      });
      expect(minted).toMatchObject({ role: 'LIAISON_OFFICER', agencyId: fixture.agencyA, sub: 'petugas-7' });
      const expires = Date.parse(minted.expiresAt);
      expect(expires).toBeGreaterThanOrEqual(Math.floor(before / 1000) * 1000 + 8 * 3_600_000);
      expect(expires).toBeLessThanOrEqual(Date.now() + 8 * 3_600_000);
      expect((await service.ok(VIEWER, {}, minted.token)).viewer).toMatchObject({
        id: 'petugas-7',
        role: 'LIAISON_OFFICER',
        agencyId: fixture.agencyA,
        agency: { name: 'Kota Payakumbuh' },
      });
      // It opens what the role may use: the agency's own inbox, not another's.
      const inbox = `query($a: String!) { agencyInbox(agencyId: $a) { totalCount } }`;
      expect((await service.ok(inbox, { a: fixture.agencyA }, minted.token)).agencyInbox.totalCount).toBeGreaterThan(0);
      expect((await service.error(inbox, { a: agencyC }, minted.token)).extensions?.code).toBe('FORBIDDEN');
    });

    it('names the subject <role>-dev by default', async () => {
      const { issueDevelopmentToken: minted } = await service.ok(ISSUE, { input: { role: 'ADMIN' } });
      expect(minted).toMatchObject({ role: 'ADMIN', agencyId: null, sub: 'admin-dev' });
      expect((await service.ok(VIEWER, {}, minted.token)).viewer).toMatchObject({ id: 'admin-dev', role: 'ADMIN' });
    });

    it('refuses a role no token carries, an agency role without an agency, and an agency that is not registered', async () => {
      for (const role of ['SUPERUSER', 'PUBLIC', 'SYSTEM', 'admin']) {
        const error = await service.error(ISSUE, { input: { role } });
        expect([role, error.extensions?.code, error.extensions?.argument]).toEqual([role, 'BAD_USER_INPUT', 'role']);
      }
      for (const role of ['AGENCY_ADMIN', 'LIAISON_OFFICER']) {
        const error = await service.error(ISSUE, { input: { role } });
        expect([role, error.extensions?.code, error.extensions?.argument]).toEqual([
          role,
          'BAD_USER_INPUT',
          'agencyId',
        ]);
      }
      for (const agencyId of [randomUUID(), 'bukan-uuid']) {
        const error = await service.error(ISSUE, { input: { role: 'AGENCY_ADMIN', agencyId } });
        expect(error.extensions?.code).toBe('NOT_FOUND');
      }
    });
  });

  describe('performanceSummary', () => {
    const summary = async (filter: object | null, from = '2026-03-01', to = '2026-04-01') =>
      (await service.ok(SUMMARY, { from, to, filter, min: last })).performanceSummary;
    const performance = async (agencyId: string) =>
      (await service.ok(PERFORMANCE, { agencyId, min: last })).agencyPerformance;

    it('equals agencyPerformance when the filter matches one agency', async () => {
      const kalbar = await performance(agencyC);
      expect(kalbar).toMatchObject({ received: 2, resolved: 1, notFollowedUp: 1, averageSatisfaction: 5 });
      expect(await summary({ regionCode: '61' })).toEqual({ agencies: 1, ...kalbar });
      // Agency B (a city too) received nothing, so only A is counted.
      const payakumbuh = await performance(fixture.agencyA);
      expect(payakumbuh).toMatchObject({ received: 3, resolved: 1, declined: 1, notFollowedUp: 1 });
      expect(await summary({ type: 'CITY' })).toEqual({ agencies: 1, ...payakumbuh });
    });

    it('sums the agencies and computes the rates from the sums', async () => {
      const [a, c] = [await performance(fixture.agencyA), await performance(agencyC)];
      const national = await summary(null);
      for (const field of FIGURES.split(' ')) expect([field, national[field]]).toEqual([field, a[field] + c[field]]);
      expect(national).toMatchObject({
        agencies: 2,
        received: 5,
        resolved: 2,
        followUpRate: 0.4, // 2 of 5 followed up: rates of the sums, not the mean of A's 0.3333 and C's 0.5
        resolutionRate: 0.4,
        averageSatisfaction: 4,
      });
      expect(a.followUpRate).toBe(0.3333);
    });

    it('counts nothing outside the period, with no rate, and refuses a period that is not one', async () => {
      expect(await summary(null, '2026-02-01', '2026-03-01')).toEqual({
        agencies: 0,
        received: 0,
        notFollowedUp: 0,
        inProgress: 0,
        resolved: 0,
        declined: 0,
        forwarded: 0,
        escalated: 0,
        followUpRate: null,
        resolutionRate: null,
        slaCompliance: null,
        averageSatisfaction: null,
      });
      const error = await service.error(SUMMARY, { from: '2026-04-01', to: '2026-03-01' });
      expect([error.extensions?.code, error.extensions?.argument]).toEqual(['BAD_USER_INPUT', 'from']);
    });
  });
});

describe('a service with its own token secret: no development sign-in', () => {
  let service: TestService;
  beforeAll(async () => {
    service = await startTestService({ AUTH_JWT_SECRET: 'a-production-like-secret-of-at-least-32-characters' });
  }, 120_000);
  afterAll(async () => service?.stop());

  it('has no issueDevelopmentToken in its schema', async () => {
    const error = await service.error('mutation { issueDevelopmentToken(input: { role: "ADMIN" }) { token } }');
    expect(error.extensions?.code).toBe('GRAPHQL_VALIDATION_FAILED');
    expect(error.message).toContain('Cannot query field "issueDevelopmentToken" on type "Mutation"');
    // Nor its types: a document declaring the input's type fails too.
    expect((await service.error(ISSUE, { input: { role: 'ADMIN' } })).message).toContain(
      'Unknown type "DevelopmentTokenInput"',
    );
    const { __schema } = await service.ok('{ __schema { mutationType { fields { name } } } }');
    const mutations = __schema.mutationType.fields.map((field: { name: string }) => field.name);
    expect(mutations).toContain('submitReport');
    expect(mutations).not.toContain('issueDevelopmentToken');
  });

  it('says so to the viewer, and takes tokens of its secret only', async () => {
    expect((await service.ok(VIEWER)).viewer).toMatchObject({ role: 'PUBLIC', developmentSignIn: false });
    const token = await service.token({ sub: 'admin-1', role: 'ADMIN' });
    expect((await service.ok(VIEWER, {}, token)).viewer).toMatchObject({
      id: 'admin-1',
      role: 'ADMIN',
      developmentSignIn: false,
    });
    const development = await signToken(DEVELOPMENT_JWT_SECRET, { sub: 'admin-dev', role: 'ADMIN' });
    expect((await service.error(VIEWER, {}, development)).extensions?.code).toBe('UNAUTHENTICATED');
  });
});
