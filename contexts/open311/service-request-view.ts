import type { ReportState, ReportStatus } from '../reports/report.state.js';
import { expectedDeadline, open311Status, serviceNotice, type Open311Status } from './open311-status.js';
import { w3cWib } from './w3c-datetime.js';

/** A service request as GET requests answers it: the report as the public may read it, nothing about who sent it. */
export interface Open311Request {
  service_request_id: string;
  status: Open311Status;
  status_notes: string | null;
  service_name: string | null;
  service_code: string | null;
  description: string;
  agency_responsible: string | null;
  service_notice: string;
  requested_datetime: string | null;
  updated_datetime: string | null;
  expected_datetime: string | null;
  address: string | null;
  lat: number | null;
  long: number | null;
  media_url: string | null;
}

/** One entry of GET servicerequestupdates (FixMyStreet's extension): a public status change or follow-up. */
export interface Open311Update {
  update_id: string;
  service_request_id: string;
  status: Open311Status;
  updated_datetime: string;
  description: string;
  external_status_code: ReportStatus;
}

/**
 * The fields are picked one by one from the report's state, so what the state holds for the
 * reporter and the staff (the sealed identity, the owner, the submitter, internal notes) has no
 * way out; the names come from the taxonomy, the agency directory and the timeline.
 */
export function serviceRequestOf(
  state: ReportState,
  names: { service: string | null; agency: string | null; statusNote: string | null },
): Open311Request {
  const expected = expectedDeadline(state.deadlines);
  return {
    service_request_id: state.trackingId,
    status: open311Status(state.status),
    status_notes: names.statusNote,
    service_name: names.service,
    service_code: state.category,
    description: state.description,
    agency_responsible: names.agency,
    service_notice: serviceNotice(state.status),
    requested_datetime: state.submittedAt ? w3cWib(state.submittedAt) : null,
    updated_datetime: state.updatedAt ? w3cWib(state.updatedAt) : null,
    expected_datetime: expected ? w3cWib(expected) : null,
    address: state.location?.address ?? null,
    lat: state.location?.lat ?? null,
    long: state.location?.lon ?? null,
    media_url: state.attachments[0]?.url ?? null,
  };
}

/** The timeline keeps no attachments, so an update has no media_url: the request's shows the report's first attachment. */
export function requestUpdateOf(row: {
  position: string;
  trackingId: string;
  occurredAt: Date;
  status: ReportStatus;
  description: string;
}): Open311Update {
  return {
    update_id: row.position,
    service_request_id: row.trackingId,
    status: open311Status(row.status),
    updated_datetime: w3cWib(row.occurredAt),
    description: row.description,
    external_status_code: row.status,
  };
}
