import type { Actor } from '../principals/actor.js';
import type { DeadlinePolicy } from '../calendar/deadline-policy.js';
import type { HolidayCalendar } from '../calendar/working-days.js';
import type {
  Attachment,
  EscalationReason,
  FindingOutcome,
  RejectionReason,
  ReportKind,
  ReportSubmittedData,
} from './report.events.js';

/** What a decision may depend on besides the state: given, never fetched, so decide stays pure. */
export interface DecisionContext {
  now: Date;
  actor: Actor;
  calendar: HolidayCalendar;
  policy: DeadlinePolicy;
}

/** The agency a report is routed to, as the handler found it in the agency registry. */
export interface TargetAgency {
  agencyId: string;
  name: string;
  connected: boolean;
  unitIds: ReadonlySet<string>;
}

export type ReportCommand =
  | ({ type: 'SubmitReport'; /** An integrator's own reference to its end user. */ reporterRef: string | null } & Omit<
      ReportSubmittedData,
      'reporterId' | 'submittedBy' | 'verificationDueAt'
    >)
  | { type: 'RequestClarification'; question: string }
  | { type: 'ProvideClarification'; answer: string; attachments: Attachment[] }
  | {
      type: 'VerifyReport';
      category: string;
      kind: ReportKind | null;
      anonymous: boolean | null;
      confidential: boolean | null;
    }
  | { type: 'RejectReport'; reason: RejectionReason; duplicateOf: string | null; text: string | null }
  | { type: 'DispositionReport'; agency: TargetAgency; unitId: string | null; note: string | null }
  | { type: 'DeclineDisposition'; reason: string }
  | { type: 'ForwardReport'; agency: TargetAgency; unitId: string | null; note: string | null }
  | { type: 'StartFollowUp' }
  | { type: 'PostFollowUp'; message: string; attachments: Attachment[] }
  | { type: 'AddInternalNote'; note: string }
  | { type: 'ResolveReport'; message: string; attachments: Attachment[] }
  | { type: 'AcceptResolution'; rating: number; comment: string | null }
  | { type: 'DisputeResolution'; reason: string }
  | { type: 'ReopenReport'; reason: string | null }
  | { type: 'EscalateToOmbudsman'; reason: EscalationReason; note: string | null }
  | { type: 'RecordOmbudsmanFinding'; finding: string; recommendation: string | null; outcome: FindingOutcome }
  | { type: 'RecordMissedDeadlines' };

export type ReportCommandType = ReportCommand['type'];
