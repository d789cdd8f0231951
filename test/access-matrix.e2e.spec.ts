import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { randomUUID } from 'node:crypto';
import { createClient } from 'graphql-ws';
import { DataSource } from 'typeorm';
import WebSocket from 'ws';
import { ACCESS_POLICY, CALLER_ROLES, type CallerRole, type Operation, type Scope } from '../src/auth/access-policy.js';
import { INTEGRATOR_MUTATIONS } from '../src/integrators/api-key-registry.js';
import { credentialHeaders, graphql } from './support/graphql.js';
import { M, newReport, registryFixture } from './support/registry-fixture.js';
import { startTestService, type TestService } from './support/service.js';
import { startWebhookReceiver, type WebhookReceiver } from './support/webhook-receiver.js';

/**
 * Walks the whole access matrix over HTTP (and graphql-ws for subscriptions) in a world built to
 * catch ownership decided on bare strings: several identities per role, tokens and API keys
 * (scoped to an agency and not), ids that collide across namespaces (a reporter named like an
 * integrator, an integrator like a reporter, a reporter like an integrator's end user, a key an
 * admin issued under a reporter's id), reports of reporters, integrators' end users, keys and the
 * public, confidential, anonymous and open, with two agencies. Every identity × operation × target
 * is checked against the promise, worked out here from the world's facts (who is whom), not by the
 * service's own code: a caller reaching more than its cell, or refused what its cell allows, is a
 * violation, and so is any event written by a refused call.
 */

type Agency = 'A' | 'B';
/** Who someone is in the world: the facts the promise is worked out from. */
type Who =
  | { kind: 'reporter'; id: string }
  | { kind: 'integrator'; id: string }
  | { kind: 'endUser'; integrator: string; ref: string }
  | { kind: 'staff'; id: string }
  | { kind: 'public' };

interface ReportTarget {
  kind: 'report';
  label: string;
  trackingId: string;
  owner: Who | null;
  submitter: Who;
  agency: Agency;
  confidential: boolean;
  anonymous: boolean;
}
/** A webhook endpoint someone created before the reports were submitted, and one message it was sent about them. */
interface EndpointTarget {
  kind: 'endpoint';
  label: string;
  owner: Who;
  endpointId: string;
  messageId: string;
}
type Target =
  | ReportTarget
  | EndpointTarget
  | { kind: 'new endpoint'; label: string }
  | { kind: 'agency'; label: string; agency: Agency }
  | { kind: 'subject'; label: string; subject: string; reporter: string | null }
  | { kind: 'none'; label: string };

interface Identity {
  label: string;
  role: CallerRole;
  id: string;
  agency: Agency | null;
  /** An API key's agencies (null: not limited); undefined for a token. */
  keyAgencies?: Agency[] | null;
  credential?: string;
}

const IDENTITIES: Identity[] = [
  { label: 'the public', role: 'PUBLIC', id: '', agency: null },
  { label: 'reporter warga-1', role: 'REPORTER', id: 'warga-1', agency: null },
  { label: 'reporter warga-2', role: 'REPORTER', id: 'warga-2', agency: null },
  { label: 'reporter named like an integrator (sms-gateway)', role: 'REPORTER', id: 'sms-gateway', agency: null },
  { label: "reporter named like an end user's ref (ref-7)", role: 'REPORTER', id: 'ref-7', agency: null },
  { label: 'integrator token sms-gateway', role: 'INTEGRATOR', id: 'sms-gateway', agency: null },
  { label: 'integrator token named like a reporter (warga-1)', role: 'INTEGRATOR', id: 'warga-1', agency: null },
  { label: 'API key of qlue limited to A', role: 'INTEGRATOR', id: 'qlue', agency: null, keyAgencies: ['A'] },
  { label: 'API key of qlue, all agencies', role: 'INTEGRATOR', id: 'qlue', agency: null, keyAgencies: null },
  {
    label: "API key issued under a reporter's id (warga-2)",
    role: 'INTEGRATOR',
    id: 'warga-2',
    agency: null,
    keyAgencies: null,
  },
  { label: 'admin-1', role: 'ADMIN', id: 'admin-1', agency: null },
  { label: 'admin named like a reporter (warga-1)', role: 'ADMIN', id: 'warga-1', agency: null },
  { label: 'ombudsman-1', role: 'OMBUDSMAN', id: 'ombudsman-1', agency: null },
  { label: 'agency admin of A', role: 'AGENCY_ADMIN', id: 'admin-a', agency: 'A' },
  { label: 'liaison officer of A', role: 'LIAISON_OFFICER', id: 'officer-a', agency: 'A' },
  {
    label: 'liaison officer of B named like a reporter (warga-2)',
    role: 'LIAISON_OFFICER',
    id: 'warga-2',
    agency: 'B',
  },
];

/** Who creates the webhook endpoints the walk aims at: admins and integrators, with ids that collide across kinds. */
const ENDPOINT_CREATORS: { creator: string; owner: Who }[] = [
  { creator: 'admin-1', owner: { kind: 'staff', id: 'admin-1' } },
  { creator: 'admin named like a reporter (warga-1)', owner: { kind: 'staff', id: 'warga-1' } },
  { creator: 'integrator token sms-gateway', owner: { kind: 'integrator', id: 'sms-gateway' } },
  { creator: 'integrator token named like a reporter (warga-1)', owner: { kind: 'integrator', id: 'warga-1' } },
  { creator: 'API key of qlue limited to A', owner: { kind: 'integrator', id: 'qlue' } },
  { creator: "API key issued under a reporter's id (warga-2)", owner: { kind: 'integrator', id: 'warga-2' } },
];

describe('the access matrix, identity by identity over HTTP, in a world of colliding ids', () => {
  let service: TestService;
  let receiver: WebhookReceiver;
  let fixture: Awaited<ReturnType<typeof registryFixture>>;
  let reports: ReportTarget[];
  let endpoints: EndpointTarget[];
  /** deleteWebhookEndpoint's targets: an endpoint of each creator for each caller, so one caller's deletion leaves the next caller's target standing. */
  const doomed = new Map<string, string>();
  const doomedKey = (label: string, token: string | undefined) => `${label}\n${token ?? 'public'}`;
  const agencyIdOf = (name: Agency) => (name === 'A' ? fixture.agencyA : fixture.agencyB);
  const credentialOf = (label: string) => IDENTITIES.find((i) => i.label === label)!.credential;

  beforeAll(async () => {
    // Messages go to a receiver on 127.0.0.1.
    service = await startTestService({ WEBHOOK_ALLOW_PRIVATE_NETWORKS: 'true' });
    receiver = await startWebhookReceiver();
    fixture = await registryFixture(service);
    for (const identity of IDENTITIES) {
      if (identity.role === 'PUBLIC') continue;
      identity.credential =
        identity.keyAgencies === undefined
          ? await service.token({
              sub: identity.id,
              role: identity.role,
              agencyId: identity.agency ? agencyIdOf(identity.agency) : null,
            })
          : (
              await service.ok(
                `mutation($input: IssueApiKeyInput!) { issueApiKey(input: $input) { secret } }`,
                {
                  input: {
                    integratorId: identity.id,
                    name: identity.label,
                    mutations: INTEGRATOR_MUTATIONS,
                    agencies: identity.keyAgencies?.map(agencyIdOf) ?? null,
                  },
                },
                fixture.tokens.admin,
              )
            ).issueApiKey.secret;
    }
    const createEndpoint = async (creator: string, description: string) =>
      (
        await service.ok(
          'mutation($input: CreateWebhookEndpointInput!) { createWebhookEndpoint(input: $input) { endpoint { endpointId } position } }',
          { input: { url: `${receiver.url}/matrix`, description } },
          credentialOf(creator),
        )
      ).createWebhookEndpoint as { endpoint: { endpointId: string }; position: string };
    // Before the reports, so each endpoint is sent messages about them (its owner's, or all for an admin's).
    const created: Omit<EndpointTarget, 'kind' | 'messageId'>[] = [];
    for (const { creator, owner } of ENDPOINT_CREATORS)
      created.push({
        label: `${creator}'s endpoint`,
        owner,
        endpointId: (await createEndpoint(creator, 'Matriks')).endpoint.endpointId,
      });
    const officerOf = (agency: Agency) =>
      agency === 'A' ? credentialOf('liaison officer of A') : fixture.tokens.officerB;
    /** A closed report (so every report command is out of turn: an authorised probe gets ILLEGAL_TRANSITION and changes nothing), with an identity and an internal note. */
    const closed = async (
      label: string,
      by: string | undefined,
      facts: Omit<ReportTarget, 'kind' | 'label' | 'trackingId' | 'confidential' | 'anonymous'>,
      flags: { confidential: boolean; anonymous: boolean },
    ): Promise<ReportTarget> => {
      const reporterRef = facts.owner?.kind === 'endUser' ? facts.owner.ref : undefined;
      const input = {
        ...newReport,
        title: `Matriks ${label}`,
        ...flags,
        reporter: { name: `Pelapor ${label}` },
        ...(reporterRef ? { reporterRef } : {}),
      };
      const trackingId = (await service.ok(M.submit, { input }, by)).submitReport.report.trackingId as string;
      const admin = fixture.tokens.admin;
      await service.ok(M.verify, { input: { trackingId, category: 'infrastruktur-jalan' } }, admin);
      await service.ok(M.disposition, { input: { trackingId, agencyId: agencyIdOf(facts.agency) } }, admin);
      await service.ok(M.start, { input: { trackingId } }, officerOf(facts.agency));
      await service.ok(M.note, { input: { trackingId, note: 'Catatan internal' } }, officerOf(facts.agency));
      await service.ok(M.resolve, { input: { trackingId, message: 'Selesai' } }, officerOf(facts.agency));
      await service.ok(M.escalate, { input: { trackingId, reason: 'MALADMINISTRATION' } }, admin);
      await service.ok(
        M.finding,
        { input: { trackingId, finding: 'Selesai ditangani', outcome: 'CLOSE' } },
        fixture.tokens.ombudsman,
      );
      return { kind: 'report', label, trackingId, ...facts, ...flags };
    };
    const secret = { confidential: true, anonymous: false };
    const open = { confidential: false, anonymous: false };
    reports = [
      await closed(
        "warga-1's, confidential, with A",
        credentialOf('reporter warga-1'),
        { owner: { kind: 'reporter', id: 'warga-1' }, submitter: { kind: 'reporter', id: 'warga-1' }, agency: 'A' },
        secret,
      ),
      await closed(
        "warga-2's, anonymous, open, with A",
        credentialOf('reporter warga-2'),
        { owner: { kind: 'reporter', id: 'warga-2' }, submitter: { kind: 'reporter', id: 'warga-2' }, agency: 'A' },
        { confidential: false, anonymous: true },
      ),
      await closed(
        "sms-gateway's end user ref-7, confidential, with B",
        credentialOf('integrator token sms-gateway'),
        {
          owner: { kind: 'endUser', integrator: 'sms-gateway', ref: 'ref-7' },
          submitter: { kind: 'integrator', id: 'sms-gateway' },
          agency: 'B',
        },
        secret,
      ),
      await closed(
        "sms-gateway's end user warga-1, open, with A",
        credentialOf('integrator token sms-gateway'),
        {
          owner: { kind: 'endUser', integrator: 'sms-gateway', ref: 'warga-1' },
          submitter: { kind: 'integrator', id: 'sms-gateway' },
          agency: 'A',
        },
        open,
      ),
      await closed(
        "qlue's (key limited to A) end user u-1, confidential, with A",
        credentialOf('API key of qlue limited to A'),
        {
          owner: { kind: 'endUser', integrator: 'qlue', ref: 'u-1' },
          submitter: { kind: 'integrator', id: 'qlue' },
          agency: 'A',
        },
        secret,
      ),
      await closed(
        "qlue's (key limited to A) end user u-2, routed to B, confidential",
        credentialOf('API key of qlue limited to A'),
        {
          owner: { kind: 'endUser', integrator: 'qlue', ref: 'u-2' },
          submitter: { kind: 'integrator', id: 'qlue' },
          agency: 'B',
        },
        secret,
      ),
      await closed(
        "the public's, open, with B",
        undefined,
        { owner: null, submitter: { kind: 'public' }, agency: 'B' },
        open,
      ),
      await closed(
        "integrator warga-1's, confidential, with A",
        credentialOf('integrator token named like a reporter (warga-1)'),
        { owner: null, submitter: { kind: 'integrator', id: 'warga-1' }, agency: 'A' },
        secret,
      ),
      await closed(
        "key under warga-2's id, confidential, with B",
        credentialOf("API key issued under a reporter's id (warga-2)"),
        { owner: null, submitter: { kind: 'integrator', id: 'warga-2' }, agency: 'B' },
        secret,
      ),
    ];
    let position = '0';
    for (const { creator } of ENDPOINT_CREATORS)
      for (const identity of IDENTITIES) {
        const answer = await createEndpoint(creator, `Dihapus oleh ${identity.label}`);
        doomed.set(doomedKey(`${creator}'s endpoint`, identity.credential), answer.endpoint.endpointId);
        position = answer.position;
      }
    // The outbox has then recorded every message about the reports.
    await service.ok(
      'query($p: String) { webhookEndpoints(minPosition: $p) { endpointId } }',
      { p: position },
      fixture.tokens.admin,
    );
    endpoints = [];
    for (const endpoint of created) {
      const { webhookDeliveries } = await service.ok(
        'query($e: String!) { webhookDeliveries(endpointId: $e, first: 1) { nodes { messageId } } }',
        { e: endpoint.endpointId },
        fixture.tokens.admin,
      );
      const messageId = webhookDeliveries.nodes[0]?.messageId as string | undefined;
      if (!messageId) throw new Error(`${endpoint.label} was sent no message about the reports`);
      endpoints.push({ kind: 'endpoint', ...endpoint, messageId });
    }
  });
  afterAll(async () => {
    await service?.stop();
    await receiver?.close();
  });

  /** The cell's meaning, from the world's facts. */
  function allowed(operation: Operation, caller: Identity, target: Target): boolean {
    const covers = (scope: Scope): boolean => {
      switch (scope) {
        case 'ANY':
          return true;
        case 'OWNER': {
          if (target.kind !== 'report') return false;
          if (caller.role === 'REPORTER') return target.owner?.kind === 'reporter' && target.owner.id === caller.id;
          const submitted =
            caller.role === 'INTEGRATOR' && target.submitter.kind === 'integrator' && target.submitter.id === caller.id;
          return submitted && (!caller.keyAgencies || caller.keyAgencies.includes(target.agency));
        }
        case 'ASSIGNED_AGENCY':
          return target.kind === 'report' && target.agency === caller.agency;
        case 'ASSIGNED_NAMED':
          return target.kind === 'report' && target.agency === caller.agency && !target.anonymous;
        case 'OWN_AGENCY':
          return target.kind === 'agency' && target.agency === caller.agency;
        case 'NON_CONFIDENTIAL':
          return target.kind === 'report' && !target.confidential;
        case 'SELF':
          return target.kind === 'subject' && caller.role === 'REPORTER' && target.reporter === caller.id;
        case 'OWN_ENDPOINT':
          // One the caller creates, or one the same integrator created, whichever of its tokens and keys did.
          if (target.kind === 'new endpoint') return true;
          return (
            target.kind === 'endpoint' &&
            caller.role === 'INTEGRATOR' &&
            target.owner.kind === 'integrator' &&
            target.owner.id === caller.id
          );
      }
    };
    return (ACCESS_POLICY[operation][caller.role] ?? []).some(covers);
  }

  type Outcome = 'allowed' | 'refused';
  /** How a probe's answer reads: refusal codes, or what the guarded field shows. */
  interface Probe {
    targets: () => Target[];
    run: (target: Target, token: string | undefined) => Promise<Outcome>;
  }

  const REFUSALS = new Set(['FORBIDDEN', 'UNAUTHENTICATED']);
  /** Refused on FORBIDDEN or UNAUTHENTICATED, and on NOT_FOUND where not-found is how a hidden report looks. */
  const outcomeOf = (code: string | undefined, hiddenAsNotFound: boolean): Outcome =>
    code && (REFUSALS.has(code) || (hiddenAsNotFound && code === 'NOT_FOUND')) ? 'refused' : 'allowed';
  /** Calls an operation: refused on FORBIDDEN or UNAUTHENTICATED, and on NOT_FOUND where not-found is how a hidden report looks. */
  const call =
    (query: string, variables: (target: Target) => Record<string, unknown> = () => ({}), hiddenAsNotFound = false) =>
    async (target: Target, token: string | undefined): Promise<Outcome> => {
      const { status, body } = await graphql(service.url, query, variables(target), token);
      expect(status).toBeLessThan(500);
      return outcomeOf(body.errors?.[0]?.extensions?.code, hiddenAsNotFound);
    };
  const t = (target: Target) => (target as ReportTarget).trackingId;
  const ref =
    (extra: Record<string, unknown> = {}) =>
    (target: Target) => ({ input: { trackingId: t(target), ...extra } });
  const none = () => [{ kind: 'none', label: 'no target' } as Target];
  const onReports = () => reports;
  const onAgencies = (): Target[] => [
    { kind: 'agency', label: 'agency A', agency: 'A' },
    { kind: 'agency', label: 'agency B', agency: 'B' },
  ];
  /** Whose personal data each subject is: a reporter's principal, the bare id a reporter's data was sealed under before principals, an end user's. */
  const onSubjects = (): Target[] => [
    { kind: 'subject', label: 'reporter:warga-1', subject: 'reporter:warga-1', reporter: 'warga-1' },
    { kind: 'subject', label: 'warga-1 (bare, before principals)', subject: 'warga-1', reporter: 'warga-1' },
    { kind: 'subject', label: 'reporter:warga-2', subject: 'reporter:warga-2', reporter: 'warga-2' },
    { kind: 'subject', label: 'reporter:sms-gateway', subject: 'reporter:sms-gateway', reporter: 'sms-gateway' },
    {
      kind: 'subject',
      label: "sms-gateway's end user ref-7",
      subject: 'integrator:sms-gateway/ref:ref-7',
      reporter: null,
    },
    { kind: 'subject', label: 'integrator:sms-gateway', subject: 'integrator:sms-gateway', reporter: null },
  ];
  const agencyOf = (x: Target) => agencyIdOf((x as { agency: Agency }).agency);
  const onEndpoints = () => endpoints;
  /** Another owner's endpoint or message reads as not found. */
  const onEndpoint = (query: string) => call(query, (x) => ({ e: (x as EndpointTarget).endpointId }), true);
  const subjectOf = (x: Target) => (x as { subject: string }).subject;
  const reportMutation = (name: keyof typeof M, extra: Record<string, unknown> = {}): Probe => ({
    targets: onReports,
    run: call(M[name], ref(extra), true),
  });

  /**
   * Subscribes over graphql-ws from position 0, so an allowed subscriber hears the target's history at
   * once: allowed on the first message with data, refused on a refusal; no answer at all fails the walk.
   */
  const subscription =
    (query: string, variables: (target: Target) => Record<string, unknown>, hiddenAsNotFound: boolean) =>
    async (target: Target, token: string | undefined): Promise<Outcome> => {
      const client = createClient({
        url: service.url.replace('http', 'ws') + '/graphql',
        webSocketImpl: WebSocket,
        connectionParams: credentialHeaders(token),
        lazy: false,
        retryAttempts: 0,
      });
      try {
        return await new Promise<Outcome>((resolve, reject) => {
          const timer = setTimeout(() => reject(new Error(`no answer to ${query} in 20 s`)), 20_000);
          client.subscribe(
            { query, variables: variables(target) },
            {
              next: (value) => {
                clearTimeout(timer);
                resolve(outcomeOf(value.errors?.[0]?.extensions?.code as string | undefined, hiddenAsNotFound));
              },
              error: (error) => {
                clearTimeout(timer);
                resolve(
                  outcomeOf((error as { extensions?: { code?: string } }[])?.[0]?.extensions?.code, hiddenAsNotFound),
                );
              },
              complete: () => undefined,
            },
          );
        });
      } finally {
        await client.dispose();
      }
    };

  const PROBES: Record<Operation, Probe> = {
    'Query.version': { targets: none, run: call('{ version }') },
    'Query.health': { targets: none, run: call('{ health { status } }') },
    'Query.agency': {
      targets: none,
      run: call('query($id: String!) { agency(id: $id) { id } }', () => ({ id: fixture.agencyA })),
    },
    'Query.agencies': { targets: none, run: call('{ agencies(first: 5) { totalCount edges { node { id } } } }') },
    'Query.categories': { targets: none, run: call('{ categories { code } }') },
    'Query.holidays': { targets: none, run: call('{ holidays(year: 2026) { date } }') },
    'Query.connectivity': { targets: none, run: call('{ connectivity(year: 2026) { __typename } }') },
    'Query.connectivitySummary': {
      targets: none,
      run: call('{ connectivitySummary(year: 2026) { localGovernments { connected } } }'),
    },
    'Query.agencyPerformance': {
      targets: none,
      run: call(
        'query($a: String!) { agencyPerformance(agencyId: $a, from: "2026-01-01", to: "2027-01-01") { received } }',
        () => ({ a: fixture.agencyA }),
      ),
    },
    'Query.topicStatistics': {
      targets: none,
      run: call('{ topicStatistics(from: "2026-01-01", to: "2027-01-01") { category } }'),
    },
    'Query.reportTrend': {
      targets: none,
      run: call('{ reportTrend(from: "2026-01-01", to: "2027-01-01", interval: MONTH) { period } }'),
    },
    'Query.agencyRanking': {
      targets: none,
      run: call('{ agencyRanking(from: "2026-01-01", to: "2027-01-01") { totalCount } }'),
    },
    'Query.performanceSummary': {
      targets: none,
      run: call('{ performanceSummary(from: "2026-01-01", to: "2027-01-01") { agencies received } }'),
    },
    'Query.viewer': { targets: none, run: call('{ viewer { id role } }') },
    'Query.report': {
      targets: onReports,
      run: call('query($t: String!) { report(trackingId: $t) { trackingId } }', (x) => ({ t: t(x) }), true),
    },
    'Query.reports': {
      targets: onReports,
      async run(target, token) {
        const { body } = await graphql<{ reports: { edges: { node: { trackingId: string } }[] } }>(
          service.url,
          '{ reports(first: 100) { edges { node { trackingId } } } }',
          {},
          token,
        );
        expect(body.errors).toBeUndefined();
        return body.data!.reports.edges.some((edge) => edge.node.trackingId === t(target)) ? 'allowed' : 'refused';
      },
    },
    'Query.reportCounts': {
      targets: onReports,
      async run(target, token) {
        // The target alone, by the instant it was submitted (one at a time, so no two share it).
        const { report } = await service.ok(
          'query($t: String!) { report(trackingId: $t) { submittedAt } }',
          { t: t(target) },
          fixture.tokens.admin,
        );
        const to = new Date(Date.parse(report.submittedAt) + 1).toISOString();
        const { body } = await graphql<{ reportCounts: { total: number } }>(
          service.url,
          'query($f: ReportFilter) { reportCounts(filter: $f) { total } }',
          { f: { submittedFrom: report.submittedAt, submittedTo: to } },
          token,
        );
        expect(body.errors).toBeUndefined();
        return body.data!.reportCounts.total === 1 ? 'allowed' : 'refused';
      },
    },
    'Query.reportTimeline': {
      targets: onReports,
      run: call('query($t: String!) { reportTimeline(trackingId: $t) { eventType } }', (x) => ({ t: t(x) }), true),
    },
    'Query.agencyInbox': {
      targets: onAgencies,
      run: call('query($a: String!) { agencyInbox(agencyId: $a) { edges { cursor } } }', (x) => ({ a: agencyOf(x) })),
    },
    'Query.projections': { targets: none, run: call('{ projections { name } }') },
    'Query.reportHistory': {
      targets: onReports,
      run: call('query($t: String!) { reportHistory(trackingId: $t) { type } }', (x) => ({ t: t(x) })),
    },
    'Query.reportAt': {
      targets: onReports,
      run: call('query($t: String!) { reportAt(trackingId: $t, version: 1) { status } }', (x) => ({ t: t(x) })),
    },
    'Query.agencyCasesAt': {
      targets: onAgencies,
      run: call(
        'query($a: String!) { agencyCasesAt(agencyId: $a, asOf: "2030-01-01T00:00:00Z") { trackingId } }',
        (x) => ({ a: agencyOf(x) }),
      ),
    },
    'Query.verifyReport': {
      targets: onReports,
      run: call('query($t: String!) { verifyReport(trackingId: $t) { ok } }', (x) => ({ t: t(x) })),
    },
    'Query.auditBundle': {
      targets: onReports,
      run: call('query($t: String!) { auditBundle(trackingId: $t) }', (x) => ({ t: t(x) })),
    },
    'Query.reporterDataAccessLog': {
      targets: onSubjects,
      run: call('query($r: String!) { reporterDataAccessLog(reporterId: $r) { type } }', (x) => ({ r: subjectOf(x) })),
    },
    'Query.apiKeys': { targets: none, run: call('{ apiKeys { keyId } }') },
    'Query.webhookEndpoints': {
      targets: onEndpoints,
      async run(target, token) {
        const { body } = await graphql<{ webhookEndpoints: { endpointId: string }[] }>(
          service.url,
          '{ webhookEndpoints { endpointId } }',
          {},
          token,
        );
        const code = body.errors?.[0]?.extensions?.code;
        if (body.errors) {
          expect(REFUSALS.has(code ?? '')).toBe(true);
          return 'refused';
        }
        return body.data!.webhookEndpoints.some((e) => e.endpointId === (target as EndpointTarget).endpointId)
          ? 'allowed'
          : 'refused';
      },
    },
    'Query.webhookDeliveries': {
      targets: onEndpoints,
      run: onEndpoint('query($e: String!) { webhookDeliveries(endpointId: $e, first: 1) { nodes { messageId } } }'),
    },
    // Input the validation refuses: the guard runs first, so only a refused role gets FORBIDDEN.
    'Mutation.createWebhookEndpoint': {
      targets: () => [{ kind: 'new endpoint', label: 'a new endpoint of its own' }],
      run: call('mutation { createWebhookEndpoint(input: { url: "" }) { secret } }'),
    },
    'Mutation.updateWebhookEndpoint': {
      targets: onEndpoints,
      run: onEndpoint(
        'mutation($e: String!) { updateWebhookEndpoint(endpointId: $e, input: { description: "Probe matriks" }) { endpointId } }',
      ),
    },
    'Mutation.rotateWebhookSecret': {
      targets: onEndpoints,
      run: onEndpoint('mutation($e: String!) { rotateWebhookSecret(endpointId: $e) { secret } }'),
    },
    'Mutation.disableWebhookEndpoint': {
      targets: onEndpoints,
      run: onEndpoint(
        'mutation($e: String!) { disableWebhookEndpoint(endpointId: $e, note: "Uji matriks") { status } }',
      ),
    },
    'Mutation.enableWebhookEndpoint': {
      targets: onEndpoints,
      run: onEndpoint('mutation($e: String!) { enableWebhookEndpoint(endpointId: $e) { status } }'),
    },
    'Mutation.deleteWebhookEndpoint': {
      targets: onEndpoints,
      run: (target, token) =>
        call(
          'mutation($e: String!) { deleteWebhookEndpoint(endpointId: $e) { status } }',
          () => ({ e: doomed.get(doomedKey(target.label, token)) }),
          true,
        )(target, token),
    },
    'Mutation.redeliverWebhook': {
      targets: onEndpoints,
      run: call(
        'mutation($m: String!) { redeliverWebhook(messageId: $m) { state } }',
        (x) => ({ m: (x as EndpointTarget).messageId }),
        true,
      ),
    },
    'Mutation.submitReport': {
      targets: none,
      run: call(M.submit, () => ({ input: { ...newReport, title: 'Probe matriks' } })),
    },
    'Mutation.requestClarification': reportMutation('requestClarification', { question: 'Apa maksudnya?' }),
    'Mutation.provideClarification': reportMutation('provideClarification', { answer: 'Ini maksudnya.' }),
    'Mutation.verifyReport': reportMutation('verify', { category: 'infrastruktur-jalan' }),
    'Mutation.rejectReport': reportMutation('reject', { reason: 'TOO_GENERAL' }),
    'Mutation.dispositionReport': {
      targets: onReports,
      run: call(M.disposition, (x) => ({ input: { trackingId: t(x), agencyId: fixture.agencyA } }), true),
    },
    'Mutation.declineDisposition': reportMutation('decline', { reason: 'Bukan wewenang kami' }),
    'Mutation.forwardReport': {
      targets: onReports,
      run: call(M.forward, (x) => ({ input: { trackingId: t(x), agencyId: fixture.agencyB } }), true),
    },
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
    'Mutation.registerAgency': {
      targets: none,
      run: call('mutation { registerAgency(input: { name: "", type: CITY }) { id } }'),
    },
    'Mutation.renameAgency': {
      targets: none,
      run: call('mutation { renameAgency(input: { agencyId: "x", name: "" }) { id } }'),
    },
    'Mutation.connectAgency': {
      targets: none,
      run: call('mutation { connectAgency(input: { agencyId: "x" }) { id } }'),
    },
    'Mutation.disconnectAgency': {
      targets: none,
      run: call('mutation { disconnectAgency(input: { agencyId: "x" }) { id } }'),
    },
    'Mutation.addUnit': { targets: none, run: call('mutation { addUnit(input: { agencyId: "x", name: "" }) { id } }') },
    'Mutation.renameUnit': {
      targets: none,
      run: call('mutation { renameUnit(input: { agencyId: "x", unitId: "y", name: "" }) { id } }'),
    },
    'Mutation.addCategory': {
      targets: none,
      run: call('mutation { addCategory(input: { code: "", name: "" }) { code } }'),
    },
    'Mutation.renameCategory': {
      targets: none,
      run: call('mutation { renameCategory(input: { code: "", name: "" }) { code } }'),
    },
    'Mutation.declareHoliday': {
      targets: none,
      run: call('mutation { declareHoliday(input: { date: "2031-01-02", name: "" }) { date } }'),
    },
    'Mutation.removeHoliday': { targets: none, run: call('mutation { removeHoliday(date: "2031-01-01") { date } }') },
    'Mutation.rebuildProjection': {
      targets: none,
      run: call('mutation { rebuildProjection(name: "no-such-read-model") }'),
    },
    'Mutation.importRecords': {
      targets: none,
      run: call('mutation { importRecords(input: { source: "matrix-probe", lines: [], dryRun: true }) { lines } }'),
    },
    'Mutation.issueApiKey': {
      targets: none,
      run: call('mutation { issueApiKey(input: { integratorId: "X!", name: "", mutations: [] }) { secret } }'),
    },
    'Mutation.revokeApiKey': {
      targets: none,
      run: call('mutation($k: String!) { revokeApiKey(keyId: $k, reason: "uji") { keyId } }', () => ({
        k: randomUUID(),
      })),
    },
    'Mutation.issueDevelopmentToken': {
      targets: none,
      run: call('mutation { issueDevelopmentToken(input: { role: "REPORTER", sub: "matrix-probe" }) { token } }'),
    },
    'Mutation.revealReporterIdentity': {
      targets: onReports,
      run: call(
        'mutation($t: String!) { revealReporterIdentity(input: { trackingId: $t, reason: "Uji matriks akses" }) { reporterId } }',
        (x) => ({ t: t(x) }),
        true,
      ),
    },
    'Mutation.eraseReporterData': {
      targets: onSubjects,
      run: call('mutation($r: String!) { eraseReporterData(reporterId: $r) { keyDestroyed } }', (x) => ({
        r: subjectOf(x),
      })),
    },
    'Subscription.reportUpdated': {
      targets: onReports,
      run: subscription(
        'subscription($t: String!) { reportUpdated(trackingId: $t, afterPosition: "0") { trackingId } }',
        (x) => ({ t: t(x) }),
        true,
      ),
    },
    'Subscription.agencyInboxChanged': {
      targets: onAgencies,
      run: subscription(
        'subscription($a: String!) { agencyInboxChanged(agencyId: $a, afterPosition: "0") { trackingId } }',
        (x) => ({ a: agencyOf(x) }),
        false,
      ),
    },
    'Report.reporter': {
      targets: onReports,
      async run(target, token) {
        const { body } = await graphql<{ report: { reporter: unknown } | null }>(
          service.url,
          'query($t: String!) { report(trackingId: $t) { reporter { name erased } } }',
          { t: t(target) },
          token,
        );
        return body.data?.report?.reporter ? 'allowed' : 'refused';
      },
    },
    'TimelineEntry (internal notes)': {
      targets: onReports,
      async run(target, token) {
        const { body } = await graphql<{ reportTimeline: { eventType: string }[] | null }>(
          service.url,
          'query($t: String!) { reportTimeline(trackingId: $t) { eventType } }',
          { t: t(target) },
          token,
        );
        return body.data?.reportTimeline?.some((entry) => entry.eventType === 'InternalNoteAdded')
          ? 'allowed'
          : 'refused';
      },
    },
  };

  it('names every query, mutation and subscription of the schema, and nothing else', async () => {
    const { body } = await graphql<any>(
      service.url,
      '{ __schema { queryType { fields { name } } mutationType { fields { name } } subscriptionType { fields { name } } } }',
    );
    const schema = body.data.__schema;
    const roots = [
      ...schema.queryType.fields.map((f: { name: string }) => `Query.${f.name}`),
      ...schema.mutationType.fields.map((f: { name: string }) => `Mutation.${f.name}`),
      ...schema.subscriptionType.fields.map((f: { name: string }) => `Subscription.${f.name}`),
    ].sort();
    expect(
      Object.keys(ACCESS_POLICY)
        .filter((operation) => /^(Query|Mutation|Subscription)\./.test(operation))
        .sort(),
    ).toEqual(roots);
  });

  it('every identity × operation, inside and outside its scope, allows exactly what the table promises, and no refused call writes', async () => {
    const events = async () =>
      (await service.app.get(DataSource).query(`SELECT count(*)::int AS n FROM events`))[0].n as number;
    const violations: string[] = [];
    let cells = 0;
    let checks = 0;
    for (const operation of Object.keys(ACCESS_POLICY) as Operation[]) {
      const probe = PROBES[operation];
      for (const identity of IDENTITIES) {
        cells += 1;
        const check = async (target: Target) => {
          const expected: Outcome = allowed(operation, identity, target) ? 'allowed' : 'refused';
          const actual = await probe.run(target, identity.credential);
          checks += 1;
          if (actual !== expected)
            violations.push(
              `${operation} by ${identity.label} on ${target.label}: ${actual}, the table promises ${expected}`,
            );
          return actual;
        };
        // Subscriptions write nothing and wait a while each: their targets are tried at once.
        if (operation.startsWith('Subscription.')) {
          await Promise.all(probe.targets().map(check));
          continue;
        }
        for (const target of probe.targets()) {
          const before = await events();
          const outcome = await check(target);
          const written = (await events()) - before;
          if (outcome === 'refused' && written !== 0)
            violations.push(
              `${operation} by ${identity.label} on ${target.label} was refused but wrote ${written} event(s)`,
            );
        }
      }
    }
    console.log(
      `authorization walk: ${IDENTITIES.length} identities, ${cells} identity × operation cells, ${checks} checks, ${violations.length} violations`,
    );
    expect(violations).toEqual([]);
    expect(cells).toBe(Object.keys(ACCESS_POLICY).length * IDENTITIES.length);
    expect(new Set(IDENTITIES.map((i) => i.role))).toEqual(new Set(CALLER_ROLES));
  }, 300_000);
});
