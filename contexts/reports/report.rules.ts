import { REPORT_STATUSES, type ReportStatus } from './report.state.js';
import type { ReportCommandType } from './report.commands.js';
import type { Role } from '../principals/actor.js';

/**
 * Who may give each command, and in which statuses it is legal: the one table both the decider
 * and the API documentation read.
 *   ANY: every actor with the role; ASSIGNED_AGENCY: only for the agency the report is with;
 *   OWNER: the reporter it belongs to, or the integrator that submitted it (report.access.ts),
 *   and for an API key limited to agencies only while the report is not routed to another agency.
 */
export type Scope = 'ANY' | 'ASSIGNED_AGENCY' | 'OWNER';

const AGENCY: Partial<Record<Role, Scope>> = { AGENCY_ADMIN: 'ASSIGNED_AGENCY', LIAISON_OFFICER: 'ASSIGNED_AGENCY' };
const OWNER: Partial<Record<Role, Scope>> = { REPORTER: 'OWNER', INTEGRATOR: 'OWNER' };
const ALL = REPORT_STATUSES;

export const REPORT_RULES: Record<
  ReportCommandType,
  { who: Partial<Record<Role, Scope>>; from: readonly ReportStatus[] }
> = {
  SubmitReport: { who: { PUBLIC: 'ANY', REPORTER: 'ANY', INTEGRATOR: 'ANY', ADMIN: 'ANY' }, from: [] },
  RequestClarification: { who: { ADMIN: 'ANY' }, from: ['SUBMITTED'] },
  ProvideClarification: { who: { ...OWNER, ADMIN: 'ANY' }, from: ['AWAITING_CLARIFICATION'] },
  VerifyReport: { who: { ADMIN: 'ANY' }, from: ['SUBMITTED'] },
  RejectReport: { who: { ADMIN: 'ANY' }, from: ['SUBMITTED', 'AWAITING_CLARIFICATION'] },
  DispositionReport: { who: { ADMIN: 'ANY' }, from: ['VERIFIED'] },
  DeclineDisposition: { who: { ...AGENCY }, from: ['DISPOSITIONED'] },
  ForwardReport: { who: { ...AGENCY, ADMIN: 'ANY' }, from: ['DISPOSITIONED', 'IN_PROGRESS'] },
  StartFollowUp: { who: { ...AGENCY }, from: ['DISPOSITIONED'] },
  PostFollowUp: { who: { ...AGENCY }, from: ['DISPOSITIONED', 'IN_PROGRESS'] },
  AddInternalNote: {
    who: { ...AGENCY, ADMIN: 'ANY', OMBUDSMAN: 'ANY' },
    from: ['DISPOSITIONED', 'IN_PROGRESS', 'RESOLVED', 'ESCALATED'],
  },
  ResolveReport: { who: { ...AGENCY }, from: ['IN_PROGRESS'] },
  AcceptResolution: { who: { ...OWNER }, from: ['RESOLVED'] },
  DisputeResolution: { who: { ...OWNER }, from: ['RESOLVED'] },
  ReopenReport: { who: { ...AGENCY, ADMIN: 'ANY' }, from: ['RESOLVED'] },
  EscalateToOmbudsman: {
    who: { ...OWNER, ADMIN: 'ANY', OMBUDSMAN: 'ANY', SYSTEM: 'ANY' },
    from: ['DISPOSITIONED', 'IN_PROGRESS', 'RESOLVED'],
  },
  RecordOmbudsmanFinding: { who: { OMBUDSMAN: 'ANY' }, from: ['ESCALATED'] },
  RecordMissedDeadlines: { who: { SYSTEM: 'ANY' }, from: ALL },
};
