/** Everything that can happen to a report, as facts. Each type has a schemaVersion (below). */
export const REPORT_KINDS = ['COMPLAINT', 'ASPIRATION', 'INFORMATION_REQUEST'] as const;
export type ReportKind = (typeof REPORT_KINDS)[number];

export const CHANNELS = ['WEB', 'SMS', 'TWITTER', 'MOBILE_APP', 'WHATSAPP', 'INTEGRATION'] as const;
export type Channel = (typeof CHANNELS)[number];

export const REJECTION_REASONS = [
  'INCOMPLETE',
  'TOO_GENERAL',
  'OUT_OF_SCOPE',
  'NOT_GOVERNMENT_SERVICE',
  'DUPLICATE',
  'OTHER',
] as const;
export type RejectionReason = (typeof REJECTION_REASONS)[number];

export const ESCALATION_REASONS = ['DEADLINE_MISSED', 'REPORTER_DISPUTE', 'MALADMINISTRATION'] as const;
export type EscalationReason = (typeof ESCALATION_REASONS)[number];

export const FINDING_OUTCOMES = ['RETURN_TO_AGENCY', 'CLOSE'] as const;
export type FindingOutcome = (typeof FINDING_OUTCOMES)[number];

export const CLOSE_REASONS = ['ACCEPTANCE', 'AUTO_CLOSE', 'OMBUDSMAN'] as const;
export type CloseReason = (typeof CLOSE_REASONS)[number];

export const DEADLINES = ['VERIFICATION', 'FIRST_FOLLOW_UP', 'AUTO_CLOSE', 'COMPLETION'] as const;
export type DeadlineKind = (typeof DEADLINES)[number];

export interface Location {
  regionCode: string | null;
  address: string | null;
  lat: number | null;
  lon: number | null;
}

export interface Attachment {
  name: string;
  mediaType: string;
  size: number;
  sha256: string;
  url: string;
}

/**
 * The reporter's identity (name, NIK, phone, email, details they marked personal), encrypted
 * before it enters an event with the data key of `subject` (the reporter); the domain carries it
 * unread. Destroying the key erases it everywhere while the hashes, which cover this ciphertext,
 * still verify.
 */
export interface SealedIdentity {
  subject: string;
  keyId: string;
  /** base64 AES-256-GCM nonce, and ciphertext followed by its tag. */
  iv: string;
  ciphertext: string;
}

export type ReportEvent =
  | {
      type: 'ReportSubmitted';
      data: {
        reportId: string;
        trackingId: string;
        kind: ReportKind;
        title: string;
        description: string;
        category: string | null;
        channel: Channel;
        location: Location | null;
        attachments: Attachment[];
        anonymous: boolean;
        confidential: boolean;
        /** The principal the report belongs to (contexts/principals): a reporter, or an integrator's end user; null for none. */
        reporterId: string | null;
        identity: SealedIdentity | null;
        /** The principal of whoever submitted it. */
        submittedBy: string;
        verificationDueAt: string;
      };
    }
  | { type: 'ClarificationRequested'; data: { question: string; remainingVerificationDays: number } }
  | { type: 'ClarificationProvided'; data: { answer: string; attachments: Attachment[]; verificationDueAt: string } }
  | { type: 'ReportVerified'; data: { category: string; kind: ReportKind; anonymous: boolean; confidential: boolean } }
  | { type: 'ReportRejected'; data: { reason: RejectionReason; duplicateOf: string | null; text: string | null } }
  | {
      type: 'ReportDispositioned';
      data: {
        agencyId: string;
        unitId: string | null;
        note: string | null;
        firstFollowUpDueAt: string;
        completionDueAt: string;
      };
    }
  | { type: 'DispositionDeclined'; data: { agencyId: string; reason: string } }
  | {
      type: 'ReportForwarded';
      data: {
        fromAgencyId: string;
        toAgencyId: string;
        toUnitId: string | null;
        note: string | null;
        firstFollowUpDueAt: string;
      };
    }
  | { type: 'FollowUpStarted'; data: { agencyId: string } }
  | { type: 'FollowUpPosted'; data: { message: string; attachments: Attachment[] } }
  | { type: 'InternalNoteAdded'; data: { note: string } }
  | { type: 'ReportResolved'; data: { message: string; attachments: Attachment[]; autoCloseDueAt: string } }
  | { type: 'ResolutionAccepted'; data: { rating: number; comment: string | null } }
  | { type: 'ResolutionDisputed'; data: { reason: string } }
  | { type: 'ReportReopened'; data: { reason: string | null; firstFollowUpDueAt: string } }
  | { type: 'EscalatedToOmbudsman'; data: { reason: EscalationReason; by: string; note: string | null } }
  | {
      type: 'OmbudsmanFindingRecorded';
      data: {
        finding: string;
        recommendation: string | null;
        outcome: FindingOutcome;
        firstFollowUpDueAt: string | null;
      };
    }
  | { type: 'ReportClosed'; data: { reason: CloseReason } }
  | { type: 'DeadlineMissed'; data: { deadline: DeadlineKind; dueAt: string } };

export type ReportEventType = ReportEvent['type'];

/** What a submission records: the report as the reporter described it. */
export type ReportSubmittedData = Extract<ReportEvent, { type: 'ReportSubmitted' }>['data'];

export const REPORT_EVENT_SCHEMA_VERSIONS: Record<ReportEventType, number> = {
  ReportSubmitted: 4,
  ClarificationRequested: 1,
  ClarificationProvided: 1,
  ReportVerified: 1,
  ReportRejected: 1,
  ReportDispositioned: 1,
  DispositionDeclined: 1,
  ReportForwarded: 1,
  FollowUpStarted: 1,
  FollowUpPosted: 1,
  InternalNoteAdded: 1,
  ReportResolved: 1,
  ResolutionAccepted: 1,
  ResolutionDisputed: 1,
  ReportReopened: 1,
  EscalatedToOmbudsman: 1,
  OmbudsmanFindingRecorded: 1,
  ReportClosed: 1,
  DeadlineMissed: 1,
};

/** Every report event type, derived from the schema-version table so none is forgotten. */
export const REPORT_EVENT_TYPES = Object.keys(REPORT_EVENT_SCHEMA_VERSIONS) as ReportEventType[];

export const reportStream = (reportId: string) => `report-${reportId}`;
