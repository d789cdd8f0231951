import type {
  AgencyType,
  EscalationReason,
  FindingOutcome,
  RankingOrder,
  RejectionReason,
  ReportKind,
  ReportStatus,
  TrendInterval,
} from '../gql/graphql';

/** Every value of one of the schema's enums, in the order written: a value the schema adds or drops breaks the build. */
const all = <T extends string>(values: Record<T, true>): T[] => Object.keys(values) as T[];

export const REPORT_STATUSES = all<ReportStatus>({
  SUBMITTED: true,
  AWAITING_CLARIFICATION: true,
  VERIFIED: true,
  REJECTED: true,
  DISPOSITIONED: true,
  IN_PROGRESS: true,
  RESOLVED: true,
  CLOSED: true,
  ESCALATED: true,
});
export const REPORT_KINDS = all<ReportKind>({ COMPLAINT: true, ASPIRATION: true, INFORMATION_REQUEST: true });
export const REJECTION_REASONS = all<RejectionReason>({
  INCOMPLETE: true,
  TOO_GENERAL: true,
  OUT_OF_SCOPE: true,
  NOT_GOVERNMENT_SERVICE: true,
  DUPLICATE: true,
  OTHER: true,
});
export const ESCALATION_REASONS = all<EscalationReason>({
  DEADLINE_MISSED: true,
  REPORTER_DISPUTE: true,
  MALADMINISTRATION: true,
});
export const FINDING_OUTCOMES = all<FindingOutcome>({ RETURN_TO_AGENCY: true, CLOSE: true });
export const AGENCY_TYPES = all<AgencyType>({
  MINISTRY: true,
  INSTITUTION: true,
  PROVINCE: true,
  REGENCY: true,
  CITY: true,
  SOE: true,
  UNIVERSITY: true,
  EMBASSY: true,
  OTHER: true,
});
export const TREND_INTERVALS = all<TrendInterval>({ DAY: true, WEEK: true, MONTH: true });
export const RANKING_ORDERS = all<RankingOrder>({
  RECEIVED: true,
  FOLLOW_UP_RATE: true,
  RESOLUTION_RATE: true,
  SLA_COMPLIANCE: true,
  AVERAGE_SATISFACTION: true,
});
