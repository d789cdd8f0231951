import type { ReportCommandType } from '../../contexts/reports/report.commands.js';
import { ROLES, type Actor, type Role } from '../../contexts/principals/actor.js';
import { dataSubjectsOf, principalOf } from '../../contexts/principals/principal.js';
import { ownsReport, type ReportReach } from '../../contexts/reports/report.access.js';
import type { Visibility } from '../../projections/report-status/report-conditions.js';
import { REPORT_RULES, type Scope as CommandScope } from '../../contexts/reports/report.rules.js';

/** The callers the matrix speaks of: the public (no credentials) and every role a token or API key carries. */
export const CALLER_ROLES = ROLES.filter((role): role is Exclude<Role, 'SYSTEM'> => role !== 'SYSTEM');
export type CallerRole = (typeof CALLER_ROLES)[number];

/**
 * How far a role reaches within an operation it may call:
 *   ANY              everything the operation covers
 *   OWNER            the caller's own reports: the reporter principal's, or those the integrator submitted;
 *                    an API key limited to agencies only while they are not routed to another agency
 *   ASSIGNED_AGENCY  reports that are with the caller's agency
 *   ASSIGNED_NAMED   reports with the caller's agency whose reporter is not anonymous
 *   OWN_AGENCY       the caller's own agency
 *   NON_CONFIDENTIAL reports that are not confidential, redacted (no identity, no internal notes)
 *   SELF             the caller's own reporter data (their principal, or the bare id it was sealed under before principals)
 *   OWN_ENDPOINT     webhook endpoints the caller created: its principal's, so every token and key of one integrator alike
 * A cell lists the alternatives; no cell means no access.
 */
export type Scope =
  'ANY' | 'OWNER' | 'ASSIGNED_AGENCY' | 'ASSIGNED_NAMED' | 'OWN_AGENCY' | 'NON_CONFIDENTIAL' | 'SELF' | 'OWN_ENDPOINT';
export type Cell = readonly Scope[];
export type Rule = Partial<Record<CallerRole, Cell>>;

/** What a scope is checked against: the report an operation touches, the agency it names, the reporter it names, the webhook endpoint's owner. */
export interface AccessTarget {
  report?: ReportReach & { confidential: boolean; anonymous: boolean };
  agencyId?: string;
  reporterId?: string;
  /** The principal that created the webhook endpoint an operation names. */
  endpointOwner?: string;
}

const everyone = (cell: Cell = ['ANY']): Rule => Object.fromEntries(CALLER_ROLES.map((role) => [role, cell]));
const AUDITORS: Rule = { ADMIN: ['ANY'], OMBUDSMAN: ['ANY'] };
const REPORT_READERS: Rule = {
  PUBLIC: ['NON_CONFIDENTIAL'],
  REPORTER: ['OWNER', 'NON_CONFIDENTIAL'],
  INTEGRATOR: ['OWNER', 'NON_CONFIDENTIAL'],
  AGENCY_ADMIN: ['ASSIGNED_AGENCY', 'NON_CONFIDENTIAL'],
  LIAISON_OFFICER: ['ASSIGNED_AGENCY', 'NON_CONFIDENTIAL'],
  ADMIN: ['ANY'],
  OMBUDSMAN: ['ANY'],
};
const AGENCY_WORKLIST: Rule = {
  AGENCY_ADMIN: ['OWN_AGENCY'],
  LIAISON_OFFICER: ['OWN_AGENCY'],
  ADMIN: ['ANY'],
  OMBUDSMAN: ['ANY'],
};
const ADMIN_ONLY: Rule = { ADMIN: ['ANY'] };
const WEBHOOK_OWNERS: Rule = { ADMIN: ['ANY'], INTEGRATOR: ['OWN_ENDPOINT'] };

/** The report mutations' cells come from the domain's command rules, so the decider and the matrix cannot disagree. */
function fromCommandRule(type: ReportCommandType): Rule {
  const scopes: Record<CommandScope, Scope> = { ANY: 'ANY', OWNER: 'OWNER', ASSIGNED_AGENCY: 'ASSIGNED_AGENCY' };
  const rule: Rule = {};
  for (const [role, scope] of Object.entries(REPORT_RULES[type].who)) {
    if ((CALLER_ROLES as readonly string[]).includes(role)) rule[role as CallerRole] = [scopes[scope]];
  }
  return rule;
}

const REPORT_MUTATIONS = {
  submitReport: 'SubmitReport',
  requestClarification: 'RequestClarification',
  provideClarification: 'ProvideClarification',
  verifyReport: 'VerifyReport',
  rejectReport: 'RejectReport',
  dispositionReport: 'DispositionReport',
  declineDisposition: 'DeclineDisposition',
  forwardReport: 'ForwardReport',
  startFollowUp: 'StartFollowUp',
  postFollowUp: 'PostFollowUp',
  addInternalNote: 'AddInternalNote',
  resolveReport: 'ResolveReport',
  acceptResolution: 'AcceptResolution',
  disputeResolution: 'DisputeResolution',
  reopenReport: 'ReopenReport',
  escalateToOmbudsman: 'EscalateToOmbudsman',
  recordOmbudsmanFinding: 'RecordOmbudsmanFinding',
} as const satisfies Record<string, ReportCommandType>;

/**
 * The access matrix: every operation and every guarded field × every caller role. The access
 * guard refuses a role without a cell before any resolver runs (and any operation missing here);
 * `permits` decides the scope where the resolver knows its target. docs/api.md shows this table
 * (`npx aduan access-matrix` prints it; a test keeps them equal).
 */
const POLICY = {
  'Query.version': everyone(),
  'Query.health': everyone(),
  'Query.agency': everyone(),
  'Query.agencies': everyone(),
  'Query.categories': everyone(),
  'Query.holidays': everyone(),
  'Query.connectivity': everyone(),
  'Query.connectivitySummary': everyone(),
  'Query.agencyPerformance': everyone(),
  'Query.topicStatistics': everyone(),
  'Query.reportTrend': everyone(),
  'Query.agencyRanking': everyone(),
  'Query.performanceSummary': everyone(),
  'Query.viewer': everyone(),
  'Query.report': REPORT_READERS,
  'Query.reports': REPORT_READERS,
  'Query.reportCounts': REPORT_READERS,
  'Query.reportTimeline': REPORT_READERS,
  'Query.agencyInbox': AGENCY_WORKLIST,
  'Query.projections': ADMIN_ONLY,
  'Query.reportHistory': AUDITORS,
  'Query.reportAt': AUDITORS,
  'Query.agencyCasesAt': AUDITORS,
  'Query.verifyReport': AUDITORS,
  'Query.auditBundle': AUDITORS,
  ...(Object.fromEntries(
    Object.entries(REPORT_MUTATIONS).map(([field, type]) => [`Mutation.${field}`, fromCommandRule(type)]),
  ) as Record<`Mutation.${keyof typeof REPORT_MUTATIONS}`, Rule>),
  'Mutation.registerAgency': ADMIN_ONLY,
  'Mutation.renameAgency': ADMIN_ONLY,
  'Mutation.connectAgency': ADMIN_ONLY,
  'Mutation.disconnectAgency': ADMIN_ONLY,
  'Mutation.addUnit': ADMIN_ONLY,
  'Mutation.renameUnit': ADMIN_ONLY,
  'Mutation.addCategory': ADMIN_ONLY,
  'Mutation.renameCategory': ADMIN_ONLY,
  'Mutation.declareHoliday': ADMIN_ONLY,
  'Mutation.removeHoliday': ADMIN_ONLY,
  'Mutation.rebuildProjection': ADMIN_ONLY,
  'Mutation.importRecords': ADMIN_ONLY,
  'Mutation.issueApiKey': ADMIN_ONLY,
  'Mutation.revokeApiKey': ADMIN_ONLY,
  'Query.apiKeys': ADMIN_ONLY,
  'Query.webhookEndpoints': WEBHOOK_OWNERS,
  'Query.webhookDeliveries': WEBHOOK_OWNERS,
  'Mutation.createWebhookEndpoint': WEBHOOK_OWNERS,
  'Mutation.updateWebhookEndpoint': WEBHOOK_OWNERS,
  'Mutation.rotateWebhookSecret': WEBHOOK_OWNERS,
  'Mutation.disableWebhookEndpoint': WEBHOOK_OWNERS,
  'Mutation.enableWebhookEndpoint': WEBHOOK_OWNERS,
  'Mutation.deleteWebhookEndpoint': WEBHOOK_OWNERS,
  'Mutation.redeliverWebhook': WEBHOOK_OWNERS,
  // In the schema only while the development secret is in use: development sign-in for anyone.
  'Mutation.issueDevelopmentToken': everyone(),
  'Mutation.revealReporterIdentity': {
    ADMIN: ['ANY'],
    OMBUDSMAN: ['ANY'],
    AGENCY_ADMIN: ['ASSIGNED_NAMED'],
    LIAISON_OFFICER: ['ASSIGNED_NAMED'],
  },
  'Mutation.eraseReporterData': { ADMIN: ['ANY'], REPORTER: ['SELF'] },
  'Query.reporterDataAccessLog': { ADMIN: ['ANY'], OMBUDSMAN: ['ANY'], REPORTER: ['SELF'] },
  'Subscription.reportUpdated': REPORT_READERS,
  'Subscription.agencyInboxChanged': AGENCY_WORKLIST,
  'Report.reporter': { REPORTER: ['OWNER'], INTEGRATOR: ['OWNER'] },
  'TimelineEntry (internal notes)': {
    AGENCY_ADMIN: ['ASSIGNED_AGENCY'],
    LIAISON_OFFICER: ['ASSIGNED_AGENCY'],
    ADMIN: ['ANY'],
    OMBUDSMAN: ['ANY'],
  },
} satisfies Record<string, Rule>;

export type Operation = keyof typeof POLICY;
export const ACCESS_POLICY: Record<Operation, Rule> = POLICY;

export function ruleFor(operation: string): Rule | undefined {
  return (ACCESS_POLICY as Record<string, Rule>)[operation];
}

/** Whether `actor` may reach `target` through `operation`: some scope of the actor's cell covers it. */
export function permits(operation: Operation, actor: Actor, target: AccessTarget = {}): boolean {
  if (actor.role === 'SYSTEM') return true;
  const cell = ACCESS_POLICY[operation][actor.role as CallerRole] ?? [];
  return cell.some((scope) => covers(scope, actor, target));
}

function covers(scope: Scope, actor: Actor, { report, agencyId, reporterId, endpointOwner }: AccessTarget): boolean {
  switch (scope) {
    case 'ANY':
      return true;
    case 'OWNER':
      return !!report && ownsReport(actor, report);
    case 'ASSIGNED_AGENCY':
      return !!report && !!actor.agencyId && report.agencyId === actor.agencyId;
    case 'ASSIGNED_NAMED':
      return !!report && !report.anonymous && !!actor.agencyId && report.agencyId === actor.agencyId;
    case 'OWN_AGENCY':
      return !!actor.agencyId && agencyId === actor.agencyId;
    case 'NON_CONFIDENTIAL':
      return !!report && !report.confidential;
    case 'SELF':
      return actor.role === 'REPORTER' && !!reporterId && dataSubjectsOf(principalOf(actor)).includes(reporterId);
    case 'OWN_ENDPOINT':
      return !!endpointOwner && endpointOwner === principalOf(actor);
  }
}

/** The `Query.reports` cell for this caller, as the report-status read model turns it into SQL. */
export function visibilityOf(actor: Actor, filter?: { mine?: boolean | null } | null): Visibility {
  if (filter?.mine) return ownReports(visibilityOf(actor));
  const cell: Cell =
    actor.role === 'SYSTEM' ? ['ANY'] : (ACCESS_POLICY['Query.reports'][actor.role as CallerRole] ?? []);
  const owner = cell.includes('OWNER');
  return {
    all: cell.includes('ANY'),
    nonConfidential: cell.includes('NON_CONFIDENTIAL'),
    agencyId: cell.includes('ASSIGNED_AGENCY') ? (actor.agencyId ?? '') : null,
    reporter: owner && actor.role === 'REPORTER' ? principalOf(actor) : null,
    submitter:
      owner && actor.role === 'INTEGRATOR'
        ? { principal: principalOf(actor), agencies: actor.apiKey?.agencies ?? null }
        : null,
  };
}

/** Of what the caller may see, only what they own: a reporter's reports, an integrator's submissions (none for other roles). */
function ownReports(visibility: Visibility): Visibility {
  return { ...visibility, all: false, nonConfidential: false, agencyId: null };
}
