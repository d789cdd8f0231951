import { expect } from '@jest/globals';
import { DEFAULT_DEADLINE_POLICY } from '../calendar/deadline-policy.js';
import { DomainError, type DomainErrorCode } from '../domain-error.js';
import type { DecisionContext, ReportCommand, TargetAgency } from './report.commands.js';
import type { Actor } from '../principals/actor.js';
import { decide } from './report.decide.js';
import type { ReportEvent } from './report.events.js';
import { evolve, INITIAL_REPORT, type ReportState, type ReportStatus } from './report.state.js';

/** Fixtures and the given/when/then harness of the report specs. */
export const NOW = new Date('2026-11-23T03:00:00.000Z'); // Monday 10:00 WIB

export const actors = {
  public: { id: 'anonymous', role: 'PUBLIC' },
  reporter: { id: 'reporter-1', role: 'REPORTER' },
  otherReporter: { id: 'reporter-2', role: 'REPORTER' },
  admin: { id: 'admin-1', role: 'ADMIN' },
  officerA: { id: 'officer-a', role: 'LIAISON_OFFICER', agencyId: 'agency-a' },
  adminA: { id: 'admin-a', role: 'AGENCY_ADMIN', agencyId: 'agency-a' },
  officerB: { id: 'officer-b', role: 'LIAISON_OFFICER', agencyId: 'agency-b' },
  ombudsman: { id: 'ombudsman-1', role: 'OMBUDSMAN' },
  integrator: { id: 'sms-gateway', role: 'INTEGRATOR' },
  system: { id: 'deadline-watcher', role: 'SYSTEM' },
} satisfies Record<string, Actor>;

export const agencyA: TargetAgency = {
  agencyId: 'agency-a',
  name: 'Kota Payakumbuh',
  connected: true,
  unitIds: new Set(['unit-pupr']),
};
export const agencyB: TargetAgency = {
  agencyId: 'agency-b',
  name: 'Kota Padang Panjang',
  connected: true,
  unitIds: new Set(),
};
export const disconnected: TargetAgency = {
  agencyId: 'agency-x',
  name: 'Kabupaten Contoh',
  connected: false,
  unitIds: new Set(),
};

export const submitted: ReportEvent = {
  type: 'ReportSubmitted',
  data: {
    reportId: 'r-1',
    trackingId: '0123-456K',
    kind: 'COMPLAINT',
    title: 'Jalan berlubang di Jl. Sudirman',
    description: 'Lubang besar di depan SD Negeri 3 sejak tiga bulan.',
    category: 'infrastruktur-jalan',
    channel: 'WEB',
    location: null,
    attachments: [],
    anonymous: false,
    confidential: false,
    reporterId: 'reporter:reporter-1',
    identity: null,
    submittedBy: 'reporter:reporter-1',
    verificationDueAt: '2026-11-26T16:59:59.999Z',
  },
};
const verified: ReportEvent = {
  type: 'ReportVerified',
  data: { category: 'infrastruktur-jalan', kind: 'COMPLAINT', anonymous: false, confidential: false },
};
const dispositioned: ReportEvent = {
  type: 'ReportDispositioned',
  data: {
    agencyId: 'agency-a',
    unitId: null,
    note: null,
    firstFollowUpDueAt: '2026-11-30T16:59:59.999Z',
    completionDueAt: '2027-01-22T03:00:00.000Z',
  },
};
const started: ReportEvent = { type: 'FollowUpStarted', data: { agencyId: 'agency-a' } };
const resolved: ReportEvent = {
  type: 'ReportResolved',
  data: { message: 'Sudah ditambal.', attachments: [], autoCloseDueAt: '2026-12-07T16:59:59.999Z' },
};

/** A history that leaves the report in each status, with agency-a holding it where one does. */
export const history: Record<ReportStatus, ReportEvent[]> = {
  SUBMITTED: [submitted],
  AWAITING_CLARIFICATION: [
    submitted,
    { type: 'ClarificationRequested', data: { question: 'Di mana tepatnya?', remainingVerificationDays: 3 } },
  ],
  VERIFIED: [submitted, verified],
  REJECTED: [submitted, { type: 'ReportRejected', data: { reason: 'TOO_GENERAL', duplicateOf: null, text: null } }],
  DISPOSITIONED: [submitted, verified, dispositioned],
  IN_PROGRESS: [submitted, verified, dispositioned, started],
  RESOLVED: [submitted, verified, dispositioned, started, resolved],
  CLOSED: [
    submitted,
    verified,
    dispositioned,
    started,
    resolved,
    { type: 'ResolutionAccepted', data: { rating: 5, comment: null } },
    { type: 'ReportClosed', data: { reason: 'ACCEPTANCE' } },
  ],
  ESCALATED: [
    submitted,
    verified,
    dispositioned,
    started,
    { type: 'EscalatedToOmbudsman', data: { reason: 'MALADMINISTRATION', by: 'ADMIN', note: null } },
  ],
};

export function context(actor: Actor, now = NOW): DecisionContext {
  return { now, actor, calendar: { holidays: new Set() }, policy: DEFAULT_DEADLINE_POLICY };
}

export function stateOf(events: ReportEvent[]): ReportState {
  return events.reduce((state, event) => evolve(state, event, NOW.toISOString()), INITIAL_REPORT);
}

export function given(events: ReportEvent[]) {
  const state = stateOf(events);
  return {
    when(command: ReportCommand, actor: Actor, now = NOW) {
      const run = () => decide(command, state, context(actor, now));
      return {
        then(expected: ReportEvent[]) {
          expect(run()).toEqual(expected);
        },
        thenThrows(code: DomainErrorCode) {
          let error: unknown;
          try {
            run();
          } catch (caught) {
            error = caught;
          }
          expect(error).toBeInstanceOf(DomainError);
          expect((error as DomainError).code).toBe(code);
        },
      };
    },
  };
}
