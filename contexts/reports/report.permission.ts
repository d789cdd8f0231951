import { DomainError } from '../domain-error.js';
import type { Actor } from '../principals/actor.js';
import { isOwnReport, withinKeyAgencies, type ReportReach } from './report.access.js';
import type { ReportCommandType } from './report.commands.js';
import { REPORT_RULES } from './report.rules.js';
import type { ReportStatus } from './report.state.js';

/** What a permission is decided from: whether the report exists, its status, whose it is and where it is. */
export interface ReportStanding extends ReportReach {
  exists: boolean;
  status: ReportStatus;
  trackingId: string;
  disputed: boolean;
}

/**
 * Why this actor may not give this command to the report now, or null when they may: the decider
 * throws the refusal, and a report's `allowedActions` lists the commands with none.
 */
export function commandRefusal(type: ReportCommandType, report: ReportStanding, actor: Actor): DomainError | null {
  if (type === 'SubmitReport') {
    if (report.exists) return new DomainError('CONFLICT', `Report ${report.trackingId} exists already`);
  } else if (!report.exists) {
    return new DomainError('NOT_FOUND', 'No such report');
  }
  const rule = REPORT_RULES[type];
  const scope = rule.who[actor.role];
  if (!scope) return new DomainError('FORBIDDEN', `A ${actor.role} may not ${describe(type)}`, { role: actor.role });
  if (scope === 'ASSIGNED_AGENCY' && (!actor.agencyId || actor.agencyId !== report.agencyId)) {
    return new DomainError('NOT_ASSIGNED_AGENCY', 'This report is not with your agency', {
      agencyId: actor.agencyId ?? null,
    });
  }
  if (scope === 'OWNER' && !isOwnReport(actor, report)) {
    return new DomainError(
      'FORBIDDEN',
      'Only the reporter (or the service that submitted the report for them) may do this',
    );
  }
  if (scope === 'OWNER' && !withinKeyAgencies(actor, report.agencyId)) {
    return new DomainError(
      'FORBIDDEN',
      'This API key acts only on reports not yet routed or routed to one of its agencies',
      { apiKeyId: actor.apiKey?.id ?? null },
    );
  }
  // The status is told only to those allowed to act on the report.
  if (type !== 'SubmitReport' && !rule.from.includes(report.status)) {
    return new DomainError('ILLEGAL_TRANSITION', `A report that is ${report.status} cannot ${describe(type)}`, {
      status: report.status,
      command: type,
    });
  }
  if (type === 'DisputeResolution' && report.disputed)
    return new DomainError('CONFLICT', 'The resolution is disputed already');
  return null;
}

/** 'VerifyReport' → 'verify report', for messages a person reads. */
function describe(type: ReportCommandType): string {
  return type.replace(/[A-Z]/g, (c, i: number) => (i === 0 ? c.toLowerCase() : ` ${c.toLowerCase()}`));
}
