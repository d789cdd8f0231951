import type { DeadlinePolicy } from '../calendar/deadline-policy.js';
import type { HolidayCalendar } from '../calendar/working-days.js';
import { DomainError, unreachable } from '../domain-error.js';
import type { Actor, Role } from '../principals/actor.js';
import type { ReportCommand, TargetAgency } from '../reports/report.commands.js';
import { reportDecider } from '../reports/report.decide.js';
import type {
  Channel,
  EscalationReason,
  FindingOutcome,
  RejectionReason,
  ReportEvent,
  ReportKind,
  SealedIdentity,
} from '../reports/report.events.js';
import { INITIAL_REPORT, type ReportState } from '../reports/report.state.js';

/** A case line of the import format (import.schema.ts), as the schema has checked it. */
export interface CaseRecord {
  record: 'case';
  id: string;
  submitted: {
    at: string;
    kind?: ReportKind;
    channel?: Channel;
    title: string;
    description: string;
    category?: string;
    location?: { regionCode?: string; address?: string; lat?: number; lon?: number };
    anonymous?: boolean;
    confidential?: boolean;
    reporter?: { id?: string; name?: string; nik?: string; phone?: string; email?: string; personalDetails?: string };
  };
  steps: ImportStep[];
}

interface StepBase {
  at: string;
  actor?: { role?: Role; id?: string };
}
export type ImportStep = StepBase &
  (
    | { step: 'clarification_requested'; question: string }
    | { step: 'clarified'; answer: string }
    | { step: 'verified'; category: string; kind?: ReportKind; anonymous?: boolean; confidential?: boolean }
    | { step: 'rejected'; reason: RejectionReason; duplicateOf?: string; text?: string }
    | { step: 'dispositioned' | 'forwarded'; agency: string; unit?: string; note?: string }
    | { step: 'declined'; reason: string }
    | { step: 'follow_up_started' }
    | { step: 'follow_up'; message: string }
    | { step: 'internal_note'; note: string }
    | { step: 'resolved'; message: string }
    | { step: 'accepted'; rating: number; comment?: string }
    | { step: 'disputed'; reason: string }
    | { step: 'reopened'; reason?: string }
    | { step: 'escalated'; reason: EscalationReason; note?: string }
    | { step: 'finding'; finding: string; recommendation?: string; outcome: FindingOutcome }
    | { step: 'closed' }
  );

/** An agency as the importer knows it: its aduan id, its units by source id, and when it was connected. */
export interface KnownAgency {
  agencyId: string;
  name: string;
  unitIds: readonly string[];
  /** The aduan id of a unit named by its source id (or its aduan id); null when the agency has none such. */
  unit(ref: string): string | null;
  connectedAt(instant: string): boolean;
}

/** What planning a case is decided with; nothing is fetched while planning. */
export interface CasePlanContext {
  source: string;
  reportId: string;
  trackingId: string;
  identity: SealedIdentity | null;
  agency(ref: string): KnownAgency | null;
  /** The tracking id of the report a rejection names as the original (a case of this source, or a tracking id); null when none. */
  original(ref: string): string | null;
  calendar: HolidayCalendar;
  policy: DeadlinePolicy;
  /** The import's own time: deadlines passed by then are recorded as missed when they passed. */
  now: Date;
}

/** An event of an imported case, with the instant it happened and who caused it. */
export interface PlannedEvent {
  event: ReportEvent;
  occurredAt: string;
  actor: Actor;
}

/** Why a case cannot be imported: the step that breaks it (0 is the submission) and the decider's reason. */
export class CaseRefused extends Error {
  constructor(
    readonly step: number,
    readonly reason: string,
  ) {
    super(step === 0 ? `submission: ${reason}` : `step ${step}: ${reason}`);
  }
}

/** The integrator the import acts as for the reporter: it submitted the case, so it may accept or dispute. */
export const importIntegrator = (source: string) => `import:${source}`;

const SYSTEM: Actor = { id: 'deadline-watcher', role: 'SYSTEM' };

/**
 * A case's whole history decided by the report decider, step by step at each step's own instant,
 * as the live commands would have been: an impossible history (a resolution before any
 * disposition, an agency not yet connected, a step back in time) is refused at the step that breaks it.
 * Deadlines that passed between steps (and before `now`) are recorded as missed when they passed,
 * as the deadline watcher would have; a resolution left unanswered closes on its own.
 */
export function planCase(record: CaseRecord, context: CasePlanContext): PlannedEvent[] {
  const planned: PlannedEvent[] = [];
  let state: ReportState = INITIAL_REPORT;
  const apply = (command: ReportCommand, at: Date, actor: Actor, step: number) => {
    let events: ReportEvent[];
    try {
      events = reportDecider.decide(command, state, {
        now: at,
        actor,
        calendar: context.calendar,
        policy: context.policy,
      });
    } catch (error) {
      if (error instanceof DomainError) throw new CaseRefused(step, error.message);
      throw error;
    }
    for (const event of events) {
      state = reportDecider.evolve(state, event, at.toISOString());
      planned.push({ event, occurredAt: at.toISOString(), actor });
    }
  };
  /** Every deadline that passed before `until`, recorded the moment after it passed, earliest first. */
  const missedUntil = (until: Date, step: number) => {
    for (;;) {
      const due = Object.values(state.deadlines)
        .filter((deadline) => deadline && !deadline.missed && Date.parse(deadline.dueAt) < until.getTime())
        .map((deadline) => Date.parse(deadline!.dueAt))
        .sort((a, b) => a - b)[0];
      if (due === undefined) return;
      apply({ type: 'RecordMissedDeadlines' }, new Date(due + 1), SYSTEM, step);
    }
  };

  /** The instant of a step: one that exists (not a leap second) and is not later than the import itself. */
  const instant = (text: string, step: number): Date => {
    const at = new Date(Date.parse(text));
    if (Number.isNaN(at.getTime())) throw new CaseRefused(step, `${text} is not an instant`);
    if (at > context.now) throw new CaseRefused(step, `${text} is later than the import itself`);
    return at;
  };
  const integrator: Actor = { id: importIntegrator(context.source), role: 'INTEGRATOR' };
  const { submitted } = record;
  let last = instant(submitted.at, 0);
  apply(
    {
      type: 'SubmitReport',
      reportId: context.reportId,
      trackingId: context.trackingId,
      kind: submitted.kind ?? 'COMPLAINT',
      title: submitted.title,
      description: submitted.description,
      category: submitted.category ?? null,
      channel: submitted.channel ?? 'WEB',
      location: submitted.location
        ? {
            regionCode: submitted.location.regionCode ?? null,
            address: submitted.location.address ?? null,
            lat: submitted.location.lat ?? null,
            lon: submitted.location.lon ?? null,
          }
        : null,
      attachments: [],
      anonymous: submitted.anonymous ?? false,
      confidential: submitted.confidential ?? false,
      identity: context.identity,
      reporterRef: submitted.reporter?.id ?? null,
    },
    last,
    integrator,
    0,
  );

  record.steps.forEach((step, index) => {
    const number = index + 1;
    const at = instant(step.at, number);
    if (at < last) throw new CaseRefused(number, `${step.at} is before the step it follows (${last.toISOString()})`);
    last = at;
    missedUntil(at, number);
    if (step.step === 'closed') {
      if (state.status !== 'CLOSED')
        throw new CaseRefused(number, `the report is ${state.status} then and does not close on its own`);
      return;
    }
    const actor = actorOf(step, state, integrator, context.source);
    if (actor.role !== 'ADMIN' && 'agencyId' in actor && !actor.agencyId)
      throw new CaseRefused(number, `${step.step} needs an agency, and the report is ${state.status} with none`);
    apply(commandOf(step, context, number), at, actor, number);
  });
  missedUntil(context.now, record.steps.length);
  return planned;
}

function commandOf(step: ImportStep, context: CasePlanContext, number: number): ReportCommand {
  switch (step.step) {
    case 'clarification_requested':
      return { type: 'RequestClarification', question: step.question };
    case 'clarified':
      return { type: 'ProvideClarification', answer: step.answer, attachments: [] };
    case 'verified':
      return {
        type: 'VerifyReport',
        category: step.category,
        kind: step.kind ?? null,
        anonymous: step.anonymous ?? null,
        confidential: step.confidential ?? null,
      };
    case 'rejected': {
      const duplicateOf = step.duplicateOf ? context.original(step.duplicateOf) : null;
      if (step.duplicateOf && !duplicateOf)
        throw new CaseRefused(number, `the original ${step.duplicateOf} is neither a case of this source nor a report`);
      return { type: 'RejectReport', reason: step.reason, duplicateOf, text: step.text ?? null };
    }
    case 'dispositioned':
    case 'forwarded': {
      const known = context.agency(step.agency);
      if (!known) throw new CaseRefused(number, `agency ${step.agency} is neither in this file nor registered`);
      const unitId = step.unit ? known.unit(step.unit) : null;
      if (step.unit && !unitId) throw new CaseRefused(number, `${known.name} has no unit ${step.unit}`);
      const agency: TargetAgency = {
        agencyId: known.agencyId,
        name: known.name,
        connected: known.connectedAt(step.at),
        unitIds: new Set(known.unitIds),
      };
      return {
        type: step.step === 'forwarded' ? 'ForwardReport' : 'DispositionReport',
        agency,
        unitId,
        note: step.note ?? null,
      };
    }
    case 'declined':
      return { type: 'DeclineDisposition', reason: step.reason };
    case 'follow_up_started':
      return { type: 'StartFollowUp' };
    case 'follow_up':
      return { type: 'PostFollowUp', message: step.message, attachments: [] };
    case 'internal_note':
      return { type: 'AddInternalNote', note: step.note };
    case 'resolved':
      return { type: 'ResolveReport', message: step.message, attachments: [] };
    case 'accepted':
      return { type: 'AcceptResolution', rating: step.rating, comment: step.comment ?? null };
    case 'disputed':
      return { type: 'DisputeResolution', reason: step.reason };
    case 'reopened':
      return { type: 'ReopenReport', reason: step.reason ?? null };
    case 'escalated':
      return { type: 'EscalateToOmbudsman', reason: step.reason, note: step.note ?? null };
    case 'finding':
      return {
        type: 'RecordOmbudsmanFinding',
        finding: step.finding,
        recommendation: step.recommendation ?? null,
        outcome: step.outcome,
      };
    case 'closed':
      throw new CaseRefused(number, 'a closing is not a command');
    default:
      return unreachable(step);
  }
}

/** Who took the step, as the live system would know them: the file's role, or the step's usual one. */
function actorOf(step: ImportStep, state: ReportState, integrator: Actor, source: string): Actor {
  const role = step.actor?.role ?? USUAL_ROLE[step.step];
  if (role === 'REPORTER') return integrator;
  const id = `import:${source}:${step.actor?.id ?? role.toLowerCase()}`;
  if (role === 'AGENCY_ADMIN' || role === 'LIAISON_OFFICER') return { id, role, agencyId: state.agencyId };
  return { id, role };
}

const USUAL_ROLE: Record<ImportStep['step'], Role> = {
  clarification_requested: 'ADMIN',
  clarified: 'REPORTER',
  verified: 'ADMIN',
  rejected: 'ADMIN',
  dispositioned: 'ADMIN',
  forwarded: 'LIAISON_OFFICER',
  declined: 'LIAISON_OFFICER',
  follow_up_started: 'LIAISON_OFFICER',
  follow_up: 'LIAISON_OFFICER',
  internal_note: 'LIAISON_OFFICER',
  resolved: 'LIAISON_OFFICER',
  accepted: 'REPORTER',
  disputed: 'REPORTER',
  reopened: 'LIAISON_OFFICER',
  escalated: 'REPORTER',
  finding: 'OMBUDSMAN',
  closed: 'SYSTEM',
};
