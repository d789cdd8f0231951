import type { Actor } from '../../contexts/reports/report.commands.js';
import type { ReportState } from '../../contexts/reports/report.state.js';

/**
 * Who may read a report by its tracking id (the first version; the security issue adds
 * redaction): anyone while it is not confidential; otherwise the reporter or submitting
 * integrator, admins, the Ombudsman and the agency it is with.
 */
export function canRead(actor: Actor, report: ReportState): boolean {
  if (!report.confidential) return true;
  switch (actor.role) {
    case 'ADMIN':
    case 'OMBUDSMAN':
    case 'SYSTEM':
      return true;
    case 'AGENCY_ADMIN':
    case 'LIAISON_OFFICER':
      return !!actor.agencyId && actor.agencyId === report.agencyId;
    case 'REPORTER':
      return actor.id === report.reporterId;
    case 'INTEGRATOR':
      return actor.id === report.submittedBy;
    case 'PUBLIC':
      return false;
  }
}

/** Internal notes are for those who work the case or oversee it, never the reporter or the public. */
export function canSeeInternalNotes(actor: Actor, report: ReportState): boolean {
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
