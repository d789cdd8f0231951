import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { randomUUID } from 'node:crypto';
import { createClient } from 'graphql-ws';
import WebSocket from 'ws';
import { ACCESS_POLICY, CALLER_ROLES, type CallerRole, type Operation, type Scope } from '../src/auth/access-policy.js';
import { graphql } from './support/graphql.js';
import { M, newReport, registryFixture } from './support/registry-fixture.js';
import { startTestService, type TestService } from './support/service.js';

/**
 * Walks the whole access matrix over HTTP (and graphql-ws for subscriptions): every operation and
 * guarded field, for every role, against targets inside and outside each scope. What a cell allows
 * is worked out here from the facts of the fixture, not by the service's own code, and every call's
 * outcome must match: a role reaching more than its cell fails the test, and so does one refused
 * what its cell allows.
 */

interface ReportTarget {
  kind: 'report';
  label: string;
  trackingId: string;
  reporterId: string | null;
  submittedBy: string;
  agencyId: string;
  confidential: boolean;
  anonymous: boolean;
}
type Target = ReportTarget | { kind: 'agency'; label: string; agencyId: string } | { kind: 'reporter'; label: string; reporterId: string } | { kind: 'none'; label: string };

/** What each role is in the fixture. */
const CALLERS: Record<CallerRole, { id: string; agency: 'A' | null }> = {
  PUBLIC: { id: 'anonymous', agency: null },
  REPORTER: { id: 'reporter-1', agency: null },
  ADMIN: { id: 'admin-1', agency: null },
  AGENCY_ADMIN: { id: 'admin-a', agency: 'A' },
  LIAISON_OFFICER: { id: 'officer-a', agency: 'A' },
  OMBUDSMAN: { id: 'ombudsman-1', agency: null },
  INTEGRATOR: { id: 'integrator-1', agency: null },
};

describe('the access matrix, cell by cell over HTTP', () => {
  let service: TestService;
  let fixture: Awaited<ReturnType<typeof registryFixture>>;
  const tokens = {} as Record<CallerRole, string | undefined>;
  let reports: ReportTarget[];
  let agencyIdOf: (name: 'A' | 'B') => string;

  beforeAll(async () => {
    service = await startTestService();
    fixture = await registryFixture(service);
    agencyIdOf = (name) => (name === 'A' ? fixture.agencyA : fixture.agencyB);
    tokens.PUBLIC = undefined;
    tokens.REPORTER = fixture.tokens.reporter;
    tokens.ADMIN = fixture.tokens.admin;
    tokens.AGENCY_ADMIN = fixture.tokens.adminA;
    tokens.LIAISON_OFFICER = fixture.tokens.officerA;
    tokens.OMBUDSMAN = fixture.tokens.ombudsman;
    tokens.INTEGRATOR = await service.token({ sub: 'integrator-1', role: 'INTEGRATOR' });
    const officerB = fixture.tokens.officerB;
    /** A closed report (so every report command is out of turn: an authorised probe gets ILLEGAL_TRANSITION and changes nothing), with an identity and an internal note. */
    const closed = async (label: string, owner: 'reporter-1' | 'reporter-2' | 'integrator-1', agency: 'A' | 'B', flags: { confidential: boolean; anonymous: boolean }): Promise<ReportTarget> => {
      const ownerToken = owner === 'reporter-1' ? tokens.REPORTER! : owner === 'reporter-2' ? fixture.tokens.otherReporter : tokens.INTEGRATOR!;
      const officer = agency === 'A' ? tokens.LIAISON_OFFICER! : officerB;
      const input = { ...newReport, title: `Matriks ${label}`, ...flags, reporter: { name: `Pelapor ${label}` }, ...(owner === 'integrator-1' ? { reporterRef: 'ref-9' } : {}) };
      const trackingId = (await service.ok(M.submit, { input }, ownerToken)).submitReport.report.trackingId as string;
      await service.ok(M.verify, { input: { trackingId, category: 'infrastruktur-jalan' } }, tokens.ADMIN);
      await service.ok(M.disposition, { input: { trackingId, agencyId: agencyIdOf(agency) } }, tokens.ADMIN);
      await service.ok(M.start, { input: { trackingId } }, officer);
      await service.ok(M.note, { input: { trackingId, note: 'Catatan internal' } }, officer);
      await service.ok(M.resolve, { input: { trackingId, message: 'Selesai' } }, officer);
      await service.ok(M.accept, { input: { trackingId, rating: 5 } }, ownerToken);
      const reporterId = owner === 'integrator-1' ? 'ref-9' : owner;
      return { kind: 'report', label, trackingId, reporterId, submittedBy: owner, agencyId: agencyIdOf(agency), ...flags };
    };
    reports = [
      await closed("reporter-1's, confidential, with A", 'reporter-1', 'A', { confidential: true, anonymous: false }),
      await closed("integrator-1's, public, with B", 'integrator-1', 'B', { confidential: false, anonymous: false }),
      await closed("reporter-2's, anonymous, public, with A", 'reporter-2', 'A', { confidential: false, anonymous: true }),
      await closed("reporter-2's, confidential, with B", 'reporter-2', 'B', { confidential: true, anonymous: false }),
    ];
  });
  afterAll(async () => service?.stop());

  /** The cell's meaning, from the fixture's facts. */
  function allowed(operation: Operation, role: CallerRole, target: Target): boolean {
    const caller = CALLERS[role];
    const agency = caller.agency ? agencyIdOf(caller.agency) : null;
    const covers = (scope: Scope): boolean => {
      switch (scope) {
        case 'ANY':
          return true;
        case 'OWNER':
          return target.kind === 'report' && ((role === 'REPORTER' && target.reporterId === caller.id) || (role === 'INTEGRATOR' && target.submittedBy === caller.id));
        case 'ASSIGNED_AGENCY':
          return target.kind === 'report' && target.agencyId === agency;
        case 'ASSIGNED_NAMED':
          return target.kind === 'report' && target.agencyId === agency && !target.anonymous;
        case 'OWN_AGENCY':
          return target.kind === 'agency' && target.agencyId === agency;
        case 'NON_CONFIDENTIAL':
          return target.kind === 'report' && !target.confidential;
        case 'SELF':
          return target.kind === 'reporter' && role === 'REPORTER' && target.reporterId === caller.id;
      }
    };
    return (ACCESS_POLICY[operation][role] ?? []).some(covers);
  }

  type Outcome = 'allowed' | 'refused';
  /** How a probe's answer reads: refusal codes, or what the guarded field shows. */
  interface Probe {
    targets: () => Target[];
    run: (target: Target, token: string | undefined) => Promise<Outcome>;
  }

  const REFUSALS = new Set(['FORBIDDEN', 'UNAUTHENTICATED']);
  /** Refused on FORBIDDEN or UNAUTHENTICATED, and on NOT_FOUND where not-found is how a hidden report looks. */
  const outcomeOf = (code: string | undefined, hiddenAsNotFound: boolean): Outcome => (code && (REFUSALS.has(code) || (hiddenAsNotFound && code === 'NOT_FOUND')) ? 'refused' : 'allowed');
  /** Calls an operation: refused on FORBIDDEN or UNAUTHENTICATED, and on NOT_FOUND where not-found is how a hidden report looks. */
  const call = (query: string, variables: (target: Target) => Record<string, unknown> = () => ({}), hiddenAsNotFound = false) =>
    async (target: Target, token: string | undefined): Promise<Outcome> => {
      const { status, body } = await graphql(service.url, query, variables(target), token);
      expect(status).toBeLessThan(500);
      return outcomeOf(body.errors?.[0]?.extensions?.code, hiddenAsNotFound);
    };
  const t = (target: Target) => (target as ReportTarget).trackingId;
  const ref = (extra: Record<string, unknown> = {}) => (target: Target) => ({ input: { trackingId: t(target), ...extra } });
  const none = () => [{ kind: 'none', label: 'no target' } as Target];
  const onReports = () => reports;
  const onAgencies = () => [{ kind: 'agency', label: 'agency A', agencyId: fixture.agencyA } as Target, { kind: 'agency', label: 'agency B', agencyId: fixture.agencyB } as Target];
  const onReporters = () => [{ kind: 'reporter', label: 'reporter-1', reporterId: 'reporter-1' } as Target, { kind: 'reporter', label: 'reporter-2', reporterId: 'reporter-2' } as Target];
  const reportMutation = (name: keyof typeof M, extra: Record<string, unknown> = {}): Probe => ({ targets: onReports, run: call(M[name], ref(extra), true) });

  /** Subscribes over graphql-ws: refused when the subscription errs with a refusal; allowed when it is still open after a moment. */
  const subscription = (query: string, variables: (target: Target) => Record<string, unknown>, hiddenAsNotFound: boolean) =>
    async (target: Target, token: string | undefined): Promise<Outcome> => {
      const client = createClient({ url: service.url.replace('http', 'ws') + '/graphql', webSocketImpl: WebSocket, connectionParams: token ? { authorization: `Bearer ${token}` } : {}, lazy: false, retryAttempts: 0 });
      try {
        return await new Promise<Outcome>((resolve) => {
          const timer = setTimeout(() => resolve('allowed'), 400);
          client.subscribe({ query, variables: variables(target) }, {
            next: (value) => {
              clearTimeout(timer);
              resolve(outcomeOf(value.errors?.[0]?.extensions?.code as string | undefined, hiddenAsNotFound));
            },
            error: (error) => {
              clearTimeout(timer);
              resolve(outcomeOf((error as { extensions?: { code?: string } }[])?.[0]?.extensions?.code, hiddenAsNotFound));
            },
            complete: () => undefined,
          });
        });
      } finally {
        await client.dispose();
      }
    };

  const PROBES: Record<Operation, Probe> = {
    'Query.version': { targets: none, run: call('{ version }') },
    'Query.health': { targets: none, run: call('{ health { status } }') },
    'Query.agency': { targets: none, run: call('query($id: String!) { agency(id: $id) { id } }', () => ({ id: fixture.agencyA })) },
    'Query.categories': { targets: none, run: call('{ categories { code } }') },
    'Query.holidays': { targets: none, run: call('{ holidays(year: 2026) { date } }') },
    'Query.connectivity': { targets: none, run: call('{ connectivity(year: 2026) { __typename } }') },
    'Query.agencyPerformance': { targets: none, run: call('query($a: String!) { agencyPerformance(agencyId: $a, from: "2026-01-01", to: "2027-01-01") { received } }', () => ({ a: fixture.agencyA })) },
    'Query.topicStatistics': { targets: none, run: call('{ topicStatistics(from: "2026-01-01", to: "2027-01-01") { category } }') },
    'Query.report': { targets: onReports, run: call('query($t: String!) { report(trackingId: $t) { trackingId } }', (x) => ({ t: t(x) }), true) },
    'Query.reports': {
      targets: onReports,
      async run(target, token) {
        const { body } = await graphql<{ reports: { edges: { node: { trackingId: string } }[] } }>(service.url, '{ reports(first: 100) { edges { node { trackingId } } } }', {}, token);
        expect(body.errors).toBeUndefined();
        return body.data!.reports.edges.some((edge) => edge.node.trackingId === t(target)) ? 'allowed' : 'refused';
      },
    },
    'Query.reportTimeline': { targets: onReports, run: call('query($t: String!) { reportTimeline(trackingId: $t) { eventType } }', (x) => ({ t: t(x) }), true) },
    'Query.agencyInbox': { targets: onAgencies, run: call('query($a: String!) { agencyInbox(agencyId: $a) { edges { cursor } } }', (x) => ({ a: (x as { agencyId: string }).agencyId })) },
    'Query.projections': { targets: none, run: call('{ projections { name } }') },
    'Query.reportHistory': { targets: onReports, run: call('query($t: String!) { reportHistory(trackingId: $t) { type } }', (x) => ({ t: t(x) })) },
    'Query.reportAt': { targets: onReports, run: call('query($t: String!) { reportAt(trackingId: $t, version: 1) { status } }', (x) => ({ t: t(x) })) },
    'Query.agencyCasesAt': { targets: onAgencies, run: call('query($a: String!) { agencyCasesAt(agencyId: $a, asOf: "2030-01-01T00:00:00Z") { trackingId } }', (x) => ({ a: (x as { agencyId: string }).agencyId })) },
    'Query.verifyReport': { targets: onReports, run: call('query($t: String!) { verifyReport(trackingId: $t) { ok } }', (x) => ({ t: t(x) })) },
    'Query.auditBundle': { targets: onReports, run: call('query($t: String!) { auditBundle(trackingId: $t) }', (x) => ({ t: t(x) })) },
    'Query.reporterDataAccessLog': { targets: onReporters, run: call('query($r: String!) { reporterDataAccessLog(reporterId: $r) { type } }', (x) => ({ r: (x as { reporterId: string }).reporterId })) },
    'Query.apiKeys': { targets: none, run: call('{ apiKeys { keyId } }') },
    'Mutation.submitReport': { targets: none, run: call(M.submit, () => ({ input: { ...newReport, title: 'Probe matriks' } })) },
    'Mutation.requestClarification': reportMutation('requestClarification', { question: 'Apa maksudnya?' }),
    'Mutation.provideClarification': reportMutation('provideClarification', { answer: 'Ini maksudnya.' }),
    'Mutation.verifyReport': reportMutation('verify', { category: 'infrastruktur-jalan' }),
    'Mutation.rejectReport': reportMutation('reject', { reason: 'TOO_GENERAL' }),
    'Mutation.dispositionReport': { targets: onReports, run: call(M.disposition, (x) => ({ input: { trackingId: t(x), agencyId: fixture.agencyA } }), true) },
    'Mutation.declineDisposition': reportMutation('decline', { reason: 'Bukan wewenang kami' }),
    'Mutation.forwardReport': { targets: onReports, run: call(M.forward, (x) => ({ input: { trackingId: t(x), agencyId: fixture.agencyB } }), true) },
    'Mutation.startFollowUp': reportMutation('start'),
    'Mutation.postFollowUp': reportMutation('post', { message: 'Sedang dikerjakan' }),
    'Mutation.addInternalNote': reportMutation('note', { note: 'Catatan' }),
    'Mutation.resolveReport': reportMutation('resolve', { message: 'Selesai' }),
    'Mutation.acceptResolution': reportMutation('accept', { rating: 4 }),
    'Mutation.disputeResolution': reportMutation('dispute', { reason: 'Belum selesai' }),
    'Mutation.reopenReport': reportMutation('reopen'),
    'Mutation.escalateToOmbudsman': reportMutation('escalate', { reason: 'REPORTER_DISPUTE' }),
    'Mutation.recordOmbudsmanFinding': reportMutation('finding', { finding: 'Temuan', outcome: 'CLOSE' }),
    // Registry and operations mutations with input the validation refuses: the guard runs first, so only a refused role gets FORBIDDEN.
    'Mutation.registerAgency': { targets: none, run: call('mutation { registerAgency(input: { name: "", type: CITY }) { id } }') },
    'Mutation.renameAgency': { targets: none, run: call('mutation { renameAgency(input: { agencyId: "x", name: "" }) { id } }') },
    'Mutation.connectAgency': { targets: none, run: call('mutation { connectAgency(input: { agencyId: "x" }) { id } }') },
    'Mutation.disconnectAgency': { targets: none, run: call('mutation { disconnectAgency(input: { agencyId: "x" }) { id } }') },
    'Mutation.addUnit': { targets: none, run: call('mutation { addUnit(input: { agencyId: "x", name: "" }) { id } }') },
    'Mutation.renameUnit': { targets: none, run: call('mutation { renameUnit(input: { agencyId: "x", unitId: "y", name: "" }) { id } }') },
    'Mutation.addCategory': { targets: none, run: call('mutation { addCategory(input: { code: "", name: "" }) { code } }') },
    'Mutation.renameCategory': { targets: none, run: call('mutation { renameCategory(input: { code: "", name: "" }) { code } }') },
    'Mutation.declareHoliday': { targets: none, run: call('mutation { declareHoliday(input: { date: "kemarin", name: "" }) { date } }') },
    'Mutation.removeHoliday': { targets: none, run: call('mutation { removeHoliday(date: "2031-01-01") }') },
    'Mutation.rebuildProjection': { targets: none, run: call('mutation { rebuildProjection(name: "no-such-read-model") }') },
    'Mutation.issueApiKey': { targets: none, run: call('mutation { issueApiKey(input: { integratorId: "X!", name: "", mutations: [] }) { secret } }') },
    'Mutation.revokeApiKey': { targets: none, run: call('mutation($k: String!) { revokeApiKey(keyId: $k, reason: "uji") { keyId } }', () => ({ k: randomUUID() })) },
    'Mutation.revealReporterIdentity': { targets: onReports, run: call('mutation($t: String!) { revealReporterIdentity(input: { trackingId: $t, reason: "Uji matriks akses" }) { reporterId } }', (x) => ({ t: t(x) }), true) },
    'Mutation.eraseReporterData': { targets: onReporters, run: call('mutation($r: String!) { eraseReporterData(reporterId: $r) { keyDestroyed } }', (x) => ({ r: (x as { reporterId: string }).reporterId })) },
    'Subscription.reportUpdated': { targets: onReports, run: subscription('subscription($t: String!) { reportUpdated(trackingId: $t) { trackingId } }', (x) => ({ t: t(x) }), true) },
    'Subscription.agencyInboxChanged': { targets: onAgencies, run: subscription('subscription($a: String!) { agencyInboxChanged(agencyId: $a) { trackingId } }', (x) => ({ a: (x as { agencyId: string }).agencyId }), false) },
    'Report.reporter': {
      targets: onReports,
      async run(target, token) {
        const { body } = await graphql<{ report: { reporter: unknown } | null }>(service.url, 'query($t: String!) { report(trackingId: $t) { reporter { name erased } } }', { t: t(target) }, token);
        return body.data?.report?.reporter ? 'allowed' : 'refused';
      },
    },
    'TimelineEntry (internal notes)': {
      targets: onReports,
      async run(target, token) {
        const { body } = await graphql<{ reportTimeline: { eventType: string }[] | null }>(service.url, 'query($t: String!) { reportTimeline(trackingId: $t) { eventType } }', { t: t(target) }, token);
        return body.data?.reportTimeline?.some((entry) => entry.eventType === 'InternalNoteAdded') ? 'allowed' : 'refused';
      },
    },
  };

  it('names every query, mutation and subscription of the schema, and nothing else', async () => {
    const { body } = await graphql<any>(service.url, '{ __schema { queryType { fields { name } } mutationType { fields { name } } subscriptionType { fields { name } } } }');
    const schema = body.data.__schema;
    const roots = [
      ...schema.queryType.fields.map((f: { name: string }) => `Query.${f.name}`),
      ...schema.mutationType.fields.map((f: { name: string }) => `Mutation.${f.name}`),
      ...schema.subscriptionType.fields.map((f: { name: string }) => `Subscription.${f.name}`),
    ].sort();
    expect(Object.keys(ACCESS_POLICY).filter((operation) => /^(Query|Mutation|Subscription)\./.test(operation)).sort()).toEqual(roots);
  });

  it('every cell, for every role, inside and outside its scope, allows exactly what the table says', async () => {
    const mismatches: string[] = [];
    let cells = 0;
    for (const operation of Object.keys(ACCESS_POLICY) as Operation[]) {
      const probe = PROBES[operation];
      for (const role of CALLER_ROLES) {
        cells += 1;
        for (const target of probe.targets()) {
          const expected: Outcome = allowed(operation, role, target) ? 'allowed' : 'refused';
          const actual = await probe.run(target, tokens[role]);
          if (actual !== expected) mismatches.push(`${operation} by ${role} on ${target.label}: ${actual}, the table says ${expected}`);
        }
      }
    }
    expect(mismatches).toEqual([]);
    expect(cells).toBe(Object.keys(ACCESS_POLICY).length * CALLER_ROLES.length);
  });
});
