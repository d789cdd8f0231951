import { registerEnumType } from '@nestjs/graphql';
import { AGENCY_TYPES } from '../../contexts/agencies/agency.js';
import {
  CHANNELS,
  CLOSE_REASONS,
  DEADLINES,
  ESCALATION_REASONS,
  FINDING_OUTCOMES,
  REJECTION_REASONS,
  REPORT_KINDS,
} from '../../contexts/reports/report.events.js';
import { REPORT_STATUSES } from '../../contexts/reports/report.state.js';

/** A GraphQL enum object from one of the domain's `as const` lists, so the two never drift; `values` describes each value. */
export function enumOf<const T extends readonly string[]>(
  values: T,
  name: string,
  description: string,
  valuesMap?: { [K in T[number]]: { description: string } },
): { [K in T[number]]: K } {
  const object = Object.fromEntries(values.map((value) => [value, value])) as { [K in T[number]]: K };
  registerEnumType(object, { name, description, valuesMap });
  return object;
}

export const ReportKindEnum = enumOf(REPORT_KINDS, 'ReportKind', 'pengaduan, aspirasi or permintaan informasi');
export const ChannelEnum = enumOf(CHANNELS, 'Channel', 'How the report reached the system');
export const ReportStatusEnum = enumOf(REPORT_STATUSES, 'ReportStatus', 'Where the report is in its lifecycle');
export const RejectionReasonEnum = enumOf(
  REJECTION_REASONS,
  'RejectionReason',
  'Why a report was archived without follow-up',
);
export const EscalationReasonEnum = enumOf(
  ESCALATION_REASONS,
  'EscalationReason',
  'Why a report went to the Ombudsman',
);
export const FindingOutcomeEnum = enumOf(FINDING_OUTCOMES, 'FindingOutcome', 'What follows an Ombudsman finding');
export const CloseReasonEnum = enumOf(CLOSE_REASONS, 'CloseReason', 'How a report was closed');
export const DeadlineKindEnum = enumOf(DEADLINES, 'DeadlineKind', 'The service levels of a report');
export const AgencyTypeEnum = enumOf(AGENCY_TYPES, 'AgencyType', 'The kind of public-service provider');
