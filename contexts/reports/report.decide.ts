import type { Decider } from '../decider.js';
import { addWorkingDays, workingDaysBetween } from '../calendar/working-days.js';
import { DomainError, unreachable } from '../domain-error.js';
import { principalOf, reportOwner } from '../principals/principal.js';
import type { DecisionContext, ReportCommand, TargetAgency } from './report.commands.js';
import { REPORT_EVENT_SCHEMA_VERSIONS, type DeadlineKind, type ReportEvent } from './report.events.js';
import { commandRefusal } from './report.permission.js';
import { evolve, INITIAL_REPORT, type ReportState } from './report.state.js';

const DAY_MS = 24 * 60 * 60 * 1000;

/** The events a command causes, or a DomainError saying why it may not happen. Pure. */
export function decide(command: ReportCommand, state: ReportState, context: DecisionContext): ReportEvent[] {
  const refusal = commandRefusal(command.type, state, context.actor);
  if (refusal) throw refusal;
  const { now, calendar, policy } = context;
  const workingDaysFromNow = (days: number) => addWorkingDays(now, days, calendar).toISOString();

  switch (command.type) {
    case 'SubmitReport': {
      const { type: _, reporterRef, ...data } = command;
      const reporterId = reportOwner(context.actor, reporterRef);
      return [
        {
          type: 'ReportSubmitted',
          data: {
            ...data,
            reporterId,
            submittedBy: principalOf(context.actor),
            verificationDueAt: workingDaysFromNow(policy.verificationWorkingDays),
          },
        },
      ];
    }
    case 'RequestClarification': {
      const due = state.deadlines.VERIFICATION;
      const remaining = due ? workingDaysBetween(now, new Date(due.dueAt), calendar) : 0;
      return [
        { type: 'ClarificationRequested', data: { question: command.question, remainingVerificationDays: remaining } },
      ];
    }
    case 'ProvideClarification':
      return [
        {
          type: 'ClarificationProvided',
          data: {
            answer: command.answer,
            attachments: command.attachments,
            verificationDueAt: workingDaysFromNow(state.pausedVerificationDays ?? policy.verificationWorkingDays),
          },
        },
      ];
    case 'VerifyReport':
      return [
        {
          type: 'ReportVerified',
          data: {
            category: command.category,
            kind: command.kind ?? state.kind,
            anonymous: command.anonymous ?? state.anonymous,
            confidential: command.confidential ?? state.confidential,
          },
        },
      ];
    case 'RejectReport':
      if (command.reason === 'DUPLICATE' && !command.duplicateOf)
        throw new DomainError('BAD_USER_INPUT', 'A duplicate needs the tracking id of the original report');
      if (command.reason === 'OTHER' && !command.text?.trim())
        throw new DomainError('BAD_USER_INPUT', 'Rejecting for another reason needs an explanation');
      if (command.duplicateOf === state.trackingId)
        throw new DomainError('BAD_USER_INPUT', 'A report cannot duplicate itself');
      return [
        {
          type: 'ReportRejected',
          data: {
            reason: command.reason,
            duplicateOf: command.reason === 'DUPLICATE' ? command.duplicateOf : null,
            text: command.text,
          },
        },
      ];
    case 'DispositionReport':
      assertRoutable(command.agency, command.unitId);
      return [
        {
          type: 'ReportDispositioned',
          data: {
            agencyId: command.agency.agencyId,
            unitId: command.unitId,
            note: command.note,
            firstFollowUpDueAt: workingDaysFromNow(policy.firstFollowUpWorkingDays),
            completionDueAt:
              state.deadlines.COMPLETION?.dueAt ??
              new Date(now.getTime() + policy.completionDays * DAY_MS).toISOString(),
          },
        },
      ];
    case 'DeclineDisposition':
      return [{ type: 'DispositionDeclined', data: { agencyId: state.agencyId!, reason: command.reason } }];
    case 'ForwardReport':
      assertRoutable(command.agency, command.unitId);
      if (command.agency.agencyId === state.agencyId)
        throw new DomainError('BAD_USER_INPUT', 'The report is with that agency already');
      return [
        {
          type: 'ReportForwarded',
          data: {
            fromAgencyId: state.agencyId!,
            toAgencyId: command.agency.agencyId,
            toUnitId: command.unitId,
            note: command.note,
            firstFollowUpDueAt: workingDaysFromNow(policy.firstFollowUpWorkingDays),
          },
        },
      ];
    case 'StartFollowUp':
      return [{ type: 'FollowUpStarted', data: { agencyId: state.agencyId! } }];
    case 'PostFollowUp': {
      const posted: ReportEvent = {
        type: 'FollowUpPosted',
        data: { message: command.message, attachments: command.attachments },
      };
      return state.status === 'DISPOSITIONED'
        ? [{ type: 'FollowUpStarted', data: { agencyId: state.agencyId! } }, posted]
        : [posted];
    }
    case 'AddInternalNote':
      return [{ type: 'InternalNoteAdded', data: { note: command.note } }];
    case 'ResolveReport':
      return [
        {
          type: 'ReportResolved',
          data: {
            message: command.message,
            attachments: command.attachments,
            autoCloseDueAt: workingDaysFromNow(policy.autoCloseWorkingDays),
          },
        },
      ];
    case 'AcceptResolution':
      if (!Number.isInteger(command.rating) || command.rating < 1 || command.rating > 5)
        throw new DomainError('BAD_USER_INPUT', 'The rating is a whole number from 1 to 5');
      return [
        { type: 'ResolutionAccepted', data: { rating: command.rating, comment: command.comment } },
        { type: 'ReportClosed', data: { reason: 'ACCEPTANCE' } },
      ];
    case 'DisputeResolution':
      return [{ type: 'ResolutionDisputed', data: { reason: command.reason } }];
    case 'ReopenReport':
      return [
        {
          type: 'ReportReopened',
          data: { reason: command.reason, firstFollowUpDueAt: workingDaysFromNow(policy.firstFollowUpWorkingDays) },
        },
      ];
    case 'EscalateToOmbudsman':
      return [
        { type: 'EscalatedToOmbudsman', data: { reason: command.reason, by: context.actor.role, note: command.note } },
      ];
    case 'RecordOmbudsmanFinding': {
      const back = command.outcome === 'RETURN_TO_AGENCY';
      const finding: ReportEvent = {
        type: 'OmbudsmanFindingRecorded',
        data: {
          finding: command.finding,
          recommendation: command.recommendation,
          outcome: command.outcome,
          firstFollowUpDueAt: back ? workingDaysFromNow(policy.firstFollowUpWorkingDays) : null,
        },
      };
      return back ? [finding] : [finding, { type: 'ReportClosed', data: { reason: 'OMBUDSMAN' } }];
    }
    case 'RecordMissedDeadlines':
      return missedDeadlines(state, now);
    default:
      return unreachable(command);
  }
}

/** One DeadlineMissed per running deadline that has passed; a resolution left unanswered closes. */
function missedDeadlines(state: ReportState, now: Date): ReportEvent[] {
  const events: ReportEvent[] = [];
  for (const [kind, deadline] of Object.entries(state.deadlines) as [
    DeadlineKind,
    { dueAt: string; missed: boolean },
  ][]) {
    if (deadline.missed || Date.parse(deadline.dueAt) >= now.getTime()) continue;
    events.push({ type: 'DeadlineMissed', data: { deadline: kind, dueAt: deadline.dueAt } });
    if (kind === 'AUTO_CLOSE' && state.status === 'RESOLVED' && !state.disputed)
      events.push({ type: 'ReportClosed', data: { reason: 'AUTO_CLOSE' } });
  }
  return events;
}

function assertRoutable(agency: TargetAgency, unitId: string | null): void {
  if (!agency.connected)
    throw new DomainError('AGENCY_NOT_CONNECTED', `${agency.name} is not connected to the national system`);
  if (unitId !== null && !agency.unitIds.has(unitId))
    throw new DomainError('UNIT_NOT_IN_AGENCY', `That unit does not belong to ${agency.name}`);
}

/** The report decider: one report's stream, decided with the facts of the context. */
export const reportDecider: Decider<ReportCommand, ReportState, ReportEvent, DecisionContext> = {
  initial: INITIAL_REPORT,
  evolve,
  decide,
  schemaVersions: REPORT_EVENT_SCHEMA_VERSIONS,
};
