import { principalOf } from '../principals/principal.js';
import type { Actor } from '../principals/actor.js';

/** What ownership and reach are decided from: whose the report is and which agency has it. */
export interface ReportReach {
  reporterId: string | null;
  submittedBy: string | null;
  agencyId: string | null;
}

/** The reporter principal it belongs to, or the integrator principal that submitted it; principals, never bare ids. */
export function isOwnReport(actor: Actor, report: ReportReach): boolean {
  if (actor.role === 'REPORTER') return report.reporterId === principalOf(actor);
  if (actor.role === 'INTEGRATOR') return report.submittedBy === principalOf(actor);
  return false;
}

/** An API key limited to agencies reaches its integrator's reports only while they are not yet routed, or routed to one of them. */
export function withinKeyAgencies(actor: Actor, agencyId: string | null): boolean {
  const agencies = actor.apiKey?.agencies;
  return !agencies || agencyId === null || agencies.includes(agencyId);
}

/**
 * The OWNER scope, for reads and commands alike: the decider (report.decide.ts) and the access
 * policy (src/auth/access-policy.ts) both ask this, so they cannot disagree.
 */
export function ownsReport(actor: Actor, report: ReportReach): boolean {
  return isOwnReport(actor, report) && withinKeyAgencies(actor, report.agencyId);
}
