import type { ReportEvent, ReportEventType } from '../reports/report.events.js';
import type { ReportState } from '../reports/report.state.js';

/** Whose endpoint it is, and so what it may receive (endpointReaches). */
export interface EndpointOwner {
  principal: string;
  role: 'ADMIN' | 'INTEGRATOR';
  /** The agencies of the API key it was created with: an integrator's reach beyond its own reports; null for none. */
  keyAgencies: string[] | null;
}

/** The report events an integrator is told of, and the message type each becomes; the rest (internal notes, clarifications, ...) never leave. */
const MESSAGE_TYPES = {
  ReportSubmitted: 'report.submitted',
  ReportVerified: 'report.verified',
  ReportRejected: 'report.rejected',
  ReportDispositioned: 'report.dispositioned',
  ReportForwarded: 'report.forwarded',
  DispositionDeclined: 'report.declined',
  FollowUpPosted: 'report.follow_up_posted',
  ReportResolved: 'report.resolved',
  ReportClosed: 'report.closed',
  EscalatedToOmbudsman: 'report.escalated',
  OmbudsmanFindingRecorded: 'report.finding_recorded',
  DeadlineMissed: 'deadline.missed',
} as const satisfies Partial<Record<ReportEventType, string>>;

export type WebhookEventType = (typeof MESSAGE_TYPES)[keyof typeof MESSAGE_TYPES];
export const WEBHOOK_EVENT_TYPES = Object.values(MESSAGE_TYPES) as WebhookEventType[];

export function webhookEventType(type: string): WebhookEventType | null {
  return (MESSAGE_TYPES as Record<string, WebhookEventType>)[type] ?? null;
}

/** What a message says: thin, no text anyone wrote and nothing about the reporter; the receiver asks the API for more. */
export interface WebhookPayload {
  type: WebhookEventType;
  /** When it happened (the event's occurredAt). */
  timestamp: string;
  data: {
    reportId: string;
    trackingId: string;
    /** The report's status after the event. */
    status: string;
    /** The report's version after the event (its stream version). */
    version: number;
    /** The event's global position: pass as minPosition to read what it changed. */
    position: string;
    /** The agency the report is with after the event; null before disposition. */
    agencyId: string | null;
    [detail: string]: unknown;
  };
}

/** The few facts of each type a receiver needs to act without a query (no free text). */
function details(event: ReportEvent): Record<string, unknown> {
  switch (event.type) {
    case 'ReportRejected':
      return { reason: event.data.reason, duplicateOf: event.data.duplicateOf };
    case 'ReportDispositioned':
      return { unitId: event.data.unitId, completionDueAt: event.data.completionDueAt };
    case 'ReportForwarded':
      return { fromAgencyId: event.data.fromAgencyId, toAgencyId: event.data.toAgencyId };
    case 'DispositionDeclined':
      return { declinedBy: event.data.agencyId };
    case 'ReportClosed':
      return { reason: event.data.reason };
    case 'EscalatedToOmbudsman':
      return { reason: event.data.reason };
    case 'OmbudsmanFindingRecorded':
      return { outcome: event.data.outcome };
    case 'DeadlineMissed':
      return { deadline: event.data.deadline, dueAt: event.data.dueAt };
    case 'ReportResolved':
      return { autoCloseDueAt: event.data.autoCloseDueAt };
    default:
      return {};
  }
}

export function webhookPayload(
  type: WebhookEventType,
  event: ReportEvent,
  after: ReportState,
  recorded: { occurredAt: string; position: string },
): WebhookPayload {
  return {
    type,
    timestamp: recorded.occurredAt,
    data: {
      reportId: after.reportId,
      trackingId: after.trackingId,
      status: after.status,
      version: after.version,
      position: recorded.position,
      agencyId: after.agencyId,
      ...details(event),
    },
  };
}

/** The agencies an event concerns: where the report was and where it is (a forward or a decline concerns both). */
export function agenciesConcerned(before: ReportState, after: ReportState): string[] {
  return [...new Set([before.agencyId, after.agencyId].filter((agency): agency is string => agency !== null))];
}

/**
 * Whether an endpoint receives a message: of a type it asked for, about a report its owner's reads
 * would show (admins: every report; an integrator: the reports it submitted, within its key's
 * agencies, and the non-confidential reports with its key's agencies), with one of its agencies.
 */
export function endpointReaches(
  endpoint: { owner: EndpointOwner; eventTypes: string[] | null; agencyIds: string[] | null },
  type: WebhookEventType,
  report: Pick<ReportState, 'submittedBy' | 'agencyId' | 'confidential'>,
  agencies: readonly string[],
): boolean {
  if (endpoint.eventTypes && !endpoint.eventTypes.includes(type)) return false;
  if (endpoint.agencyIds && !agencies.some((agency) => endpoint.agencyIds!.includes(agency))) return false;
  const { owner } = endpoint;
  if (owner.role === 'ADMIN') return true;
  // As report.access.ts's ownsReport: a key limited to agencies keeps its own reports while unrouted or routed to one of them.
  const submitted =
    report.submittedBy === owner.principal &&
    (owner.keyAgencies === null || report.agencyId === null || owner.keyAgencies.includes(report.agencyId));
  const withKeyAgency =
    owner.keyAgencies !== null &&
    !report.confidential &&
    agencies.some((agency) => owner.keyAgencies!.includes(agency));
  return submitted || withKeyAgency;
}
