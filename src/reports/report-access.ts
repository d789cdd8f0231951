import type { Actor } from '../../contexts/reports/report.commands.js';
import type { ReportState } from '../../contexts/reports/report.state.js';

/** Admins, the Ombudsman, the system, and the agency the report is with: those who work the case or oversee it. */
export function worksOnOrOversees(actor: Actor, report: ReportState): boolean {
  switch (actor.role) {
    case 'ADMIN':
    case 'OMBUDSMAN':
    case 'SYSTEM':
      return true;
    case 'AGENCY_ADMIN':
    case 'LIAISON_OFFICER':
      return !!actor.agencyId && actor.agencyId === report.agencyId;
    default:
      return false;
  }
}

/**
 * Who may read a report by its tracking id (the first version; the security issue adds
 * redaction): anyone while it is not confidential; otherwise the reporter or the integrator that
 * submitted it, and those who work the case or oversee it. reports() applies the same rule in SQL.
 */
export function canRead(actor: Actor, report: ReportState): boolean {
  if (!report.confidential || worksOnOrOversees(actor, report)) return true;
  if (actor.role === 'REPORTER') return actor.id === report.reporterId;
  if (actor.role === 'INTEGRATOR') return actor.id === report.submittedBy;
  return false;
}

/** Internal notes are for those who work the case or oversee it, never the reporter or the public. */
export const canSeeInternalNotes = worksOnOrOversees;
