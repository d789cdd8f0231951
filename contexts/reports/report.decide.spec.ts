import { describe, expect, it } from '@jest/globals';
import type { ReportCommand } from './report.commands.js';
import type { Actor } from '../principals/actor.js';
import { decide } from './report.decide.js';
import { REPORT_RULES } from './report.rules.js';
import { REPORT_STATUSES } from './report.state.js';
import {
  actors,
  agencyA,
  agencyB,
  context,
  disconnected,
  given,
  history,
  NOW,
  stateOf,
  submitted,
} from './report.given.js';

const attachment = {
  name: 'foto.jpg',
  mediaType: 'image/jpeg',
  size: 120_000,
  sha256: 'a'.repeat(64),
  url: 'https://files.example.id/foto.jpg',
};

describe('SubmitReport', () => {
  const {
    submittedBy: _,
    verificationDueAt: __,
    reporterId: ___,
    ...fields
  } = (submitted as Extract<typeof submitted, { type: 'ReportSubmitted' }>).data;
  const submit: ReportCommand = { type: 'SubmitReport', reporterRef: null, ...fields };
  it('records the report with a verification deadline 3 working days on', () =>
    given([]).when(submit, actors.reporter).then([submitted]));
  it('takes anonymous submissions from the public and integrators', () => {
    given([])
      .when({ ...submit, anonymous: true }, actors.public)
      .then([
        {
          type: 'ReportSubmitted',
          data: { ...submitted.data, reporterId: null, anonymous: true, submittedBy: 'public' },
        } as typeof submitted,
      ]);
    expect(decide(submit, stateOf([]), context(actors.integrator))[0]).toMatchObject({
      data: { submittedBy: 'integrator:sms-gateway', reporterId: null },
    });
  });
  it("records principals: a reporter's own, an integrator's end user under the integrator", () => {
    expect(decide({ ...submit, reporterRef: 'sms-77' }, stateOf([]), context(actors.integrator))[0]).toMatchObject({
      data: { submittedBy: 'integrator:sms-gateway', reporterId: 'integrator:sms-gateway/ref:sms-77' },
    });
    expect(decide({ ...submit, reporterRef: 'x/ref:y' }, stateOf([]), context(actors.integrator))[0]).toMatchObject({
      data: { reporterId: 'integrator:sms-gateway/ref:x%2Fref%3Ay' },
    });
  });
  it('takes reporterRef from integrators only', () => {
    for (const actor of [actors.public, actors.reporter, actors.admin])
      given([])
        .when({ ...submit, reporterRef: 'reporter-2' }, actor)
        .thenThrows('BAD_USER_INPUT');
  });
  it('refuses a second submission of the same report', () =>
    given([submitted]).when(submit, actors.reporter).thenThrows('CONFLICT'));
  it('is not for agencies', () => given([]).when(submit, actors.officerA).thenThrows('FORBIDDEN'));
});

describe('RequestClarification and ProvideClarification', () => {
  it('pause the verification clock and resume it with the days that were left', () => {
    const wednesday = new Date('2026-11-25T03:00:00.000Z');
    given(history.SUBMITTED)
      .when({ type: 'RequestClarification', question: 'Di mana tepatnya?' }, actors.admin, wednesday)
      .then([
        { type: 'ClarificationRequested', data: { question: 'Di mana tepatnya?', remainingVerificationDays: 1 } },
      ]);
    const monday = new Date('2026-11-30T03:00:00.000Z');
    given([
      ...history.SUBMITTED,
      { type: 'ClarificationRequested', data: { question: 'Di mana?', remainingVerificationDays: 1 } },
    ])
      .when({ type: 'ProvideClarification', answer: 'Depan SD 3', attachments: [attachment] }, actors.reporter, monday)
      .then([
        {
          type: 'ClarificationProvided',
          data: { answer: 'Depan SD 3', attachments: [attachment], verificationDueAt: '2026-12-01T16:59:59.999Z' },
        },
      ]);
  });
  it('lets only the reporter, the submitting integrator or an admin answer', () => {
    given(history.AWAITING_CLARIFICATION)
      .when({ type: 'ProvideClarification', answer: 'x', attachments: [] }, actors.otherReporter)
      .thenThrows('FORBIDDEN');
    given(history.AWAITING_CLARIFICATION)
      .when({ type: 'ProvideClarification', answer: 'x', attachments: [] }, actors.integrator)
      .thenThrows('FORBIDDEN');
    given(history.AWAITING_CLARIFICATION)
      .when({ type: 'ProvideClarification', answer: 'x', attachments: [] }, actors.admin)
      .then([
        {
          type: 'ClarificationProvided',
          data: { answer: 'x', attachments: [], verificationDueAt: '2026-11-26T16:59:59.999Z' },
        },
      ]);
  });
  it('cannot ask twice or answer what was not asked', () => {
    given(history.AWAITING_CLARIFICATION)
      .when({ type: 'RequestClarification', question: 'Lagi?' }, actors.admin)
      .thenThrows('ILLEGAL_TRANSITION');
    given(history.SUBMITTED)
      .when({ type: 'ProvideClarification', answer: 'x', attachments: [] }, actors.reporter)
      .thenThrows('ILLEGAL_TRANSITION');
  });
});

describe('VerifyReport and RejectReport', () => {
  it("verify with the admin's final category, kind and privacy", () =>
    given(history.SUBMITTED)
      .when(
        { type: 'VerifyReport', category: 'kepegawaian', kind: 'ASPIRATION', anonymous: true, confidential: null },
        actors.admin,
      )
      .then([
        {
          type: 'ReportVerified',
          data: { category: 'kepegawaian', kind: 'ASPIRATION', anonymous: true, confidential: false },
        },
      ]));
  it('reject with a reason, a duplicate naming its original', () => {
    given(history.AWAITING_CLARIFICATION)
      .when({ type: 'RejectReport', reason: 'DUPLICATE', duplicateOf: 'ABCD-EFG1', text: null }, actors.admin)
      .then([{ type: 'ReportRejected', data: { reason: 'DUPLICATE', duplicateOf: 'ABCD-EFG1', text: null } }]);
    given(history.SUBMITTED)
      .when({ type: 'RejectReport', reason: 'DUPLICATE', duplicateOf: null, text: null }, actors.admin)
      .thenThrows('BAD_USER_INPUT');
    given(history.SUBMITTED)
      .when({ type: 'RejectReport', reason: 'OTHER', duplicateOf: null, text: ' ' }, actors.admin)
      .thenThrows('BAD_USER_INPUT');
  });
  it('are for admins, before verification', () => {
    given(history.SUBMITTED)
      .when({ type: 'VerifyReport', category: 'x', kind: null, anonymous: null, confidential: null }, actors.reporter)
      .thenThrows('FORBIDDEN');
    given(history.VERIFIED)
      .when({ type: 'VerifyReport', category: 'x', kind: null, anonymous: null, confidential: null }, actors.admin)
      .thenThrows('ILLEGAL_TRANSITION');
    given(history.REJECTED)
      .when({ type: 'RejectReport', reason: 'TOO_GENERAL', duplicateOf: null, text: null }, actors.admin)
      .thenThrows('ILLEGAL_TRANSITION');
  });
});

describe('DispositionReport, DeclineDisposition and ForwardReport', () => {
  it('route a verified report to a connected agency and unit, starting the follow-up clock', () =>
    given(history.VERIFIED)
      .when(
        { type: 'DispositionReport', agency: agencyA, unitId: 'unit-pupr', note: 'Mohon ditindaklanjuti' },
        actors.admin,
      )
      .then([
        {
          type: 'ReportDispositioned',
          data: {
            agencyId: 'agency-a',
            unitId: 'unit-pupr',
            note: 'Mohon ditindaklanjuti',
            firstFollowUpDueAt: '2026-11-30T16:59:59.999Z',
            completionDueAt: '2027-01-22T03:00:00.000Z',
          },
        },
      ]));
  it('refuse a disconnected agency or a unit of another agency', () => {
    given(history.VERIFIED)
      .when({ type: 'DispositionReport', agency: disconnected, unitId: null, note: null }, actors.admin)
      .thenThrows('AGENCY_NOT_CONNECTED');
    given(history.VERIFIED)
      .when({ type: 'DispositionReport', agency: agencyB, unitId: 'unit-pupr', note: null }, actors.admin)
      .thenThrows('UNIT_NOT_IN_AGENCY');
  });
  it('let the assigned agency decline (back to verified) or forward, and no other', () => {
    given(history.DISPOSITIONED)
      .when({ type: 'DeclineDisposition', reason: 'Bukan wewenang kami' }, actors.officerA)
      .then([{ type: 'DispositionDeclined', data: { agencyId: 'agency-a', reason: 'Bukan wewenang kami' } }]);
    expect(
      stateOf([...history.DISPOSITIONED, { type: 'DispositionDeclined', data: { agencyId: 'agency-a', reason: 'x' } }]),
    ).toMatchObject({ status: 'VERIFIED', agencyId: null, declinedBy: ['agency-a'] });
    given(history.DISPOSITIONED)
      .when({ type: 'DeclineDisposition', reason: 'x' }, actors.officerB)
      .thenThrows('NOT_ASSIGNED_AGENCY');
    given(history.IN_PROGRESS)
      .when({ type: 'ForwardReport', agency: agencyB, unitId: null, note: null }, actors.adminA)
      .then([
        {
          type: 'ReportForwarded',
          data: {
            fromAgencyId: 'agency-a',
            toAgencyId: 'agency-b',
            toUnitId: null,
            note: null,
            firstFollowUpDueAt: '2026-11-30T16:59:59.999Z',
          },
        },
      ]);
    given(history.DISPOSITIONED)
      .when({ type: 'ForwardReport', agency: agencyA, unitId: null, note: null }, actors.admin)
      .thenThrows('BAD_USER_INPUT');
  });
  it('cannot route what is not verified, nor decline what is being worked on', () => {
    given(history.SUBMITTED)
      .when({ type: 'DispositionReport', agency: agencyA, unitId: null, note: null }, actors.admin)
      .thenThrows('ILLEGAL_TRANSITION');
    given(history.IN_PROGRESS)
      .when({ type: 'DeclineDisposition', reason: 'x' }, actors.officerA)
      .thenThrows('ILLEGAL_TRANSITION');
    given(history.RESOLVED)
      .when({ type: 'ForwardReport', agency: agencyB, unitId: null, note: null }, actors.admin)
      .thenThrows('ILLEGAL_TRANSITION');
  });
});

describe('follow-up: StartFollowUp, PostFollowUp, AddInternalNote, ResolveReport', () => {
  it('start, post (starting implicitly), note and resolve with an auto-close deadline', () => {
    given(history.DISPOSITIONED)
      .when({ type: 'StartFollowUp' }, actors.officerA)
      .then([{ type: 'FollowUpStarted', data: { agencyId: 'agency-a' } }]);
    given(history.DISPOSITIONED)
      .when({ type: 'PostFollowUp', message: 'Sedang dicek', attachments: [] }, actors.officerA)
      .then([
        { type: 'FollowUpStarted', data: { agencyId: 'agency-a' } },
        { type: 'FollowUpPosted', data: { message: 'Sedang dicek', attachments: [] } },
      ]);
    given(history.IN_PROGRESS)
      .when({ type: 'PostFollowUp', message: 'Dijadwalkan', attachments: [] }, actors.adminA)
      .then([{ type: 'FollowUpPosted', data: { message: 'Dijadwalkan', attachments: [] } }]);
    for (const status of ['DISPOSITIONED', 'IN_PROGRESS', 'RESOLVED', 'ESCALATED'] as const) {
      given(history[status])
        .when({ type: 'AddInternalNote', note: 'Koordinasi dengan PUPR' }, actors.admin)
        .then([{ type: 'InternalNoteAdded', data: { note: 'Koordinasi dengan PUPR' } }]);
    }
    given(history.IN_PROGRESS)
      .when({ type: 'ResolveReport', message: 'Sudah ditambal.', attachments: [] }, actors.officerA)
      .then([
        {
          type: 'ReportResolved',
          data: { message: 'Sudah ditambal.', attachments: [], autoCloseDueAt: '2026-12-07T16:59:59.999Z' },
        },
      ]);
  });
  it('are for the assigned agency only, in the right status', () => {
    given(history.DISPOSITIONED).when({ type: 'StartFollowUp' }, actors.admin).thenThrows('FORBIDDEN');
    given(history.DISPOSITIONED).when({ type: 'StartFollowUp' }, actors.officerB).thenThrows('NOT_ASSIGNED_AGENCY');
    given(history.IN_PROGRESS).when({ type: 'StartFollowUp' }, actors.officerA).thenThrows('ILLEGAL_TRANSITION');
    given(history.DISPOSITIONED)
      .when({ type: 'ResolveReport', message: 'x', attachments: [] }, actors.officerA)
      .thenThrows('ILLEGAL_TRANSITION');
    given(history.RESOLVED)
      .when({ type: 'PostFollowUp', message: 'x', attachments: [] }, actors.officerA)
      .thenThrows('ILLEGAL_TRANSITION');
    given(history.VERIFIED).when({ type: 'AddInternalNote', note: 'x' }, actors.admin).thenThrows('ILLEGAL_TRANSITION');
    given(history.IN_PROGRESS).when({ type: 'AddInternalNote', note: 'x' }, actors.reporter).thenThrows('FORBIDDEN');
  });
});

describe("the reporter's answer: AcceptResolution, DisputeResolution, ReopenReport", () => {
  it('accept with a rating closes the report', () =>
    given(history.RESOLVED)
      .when({ type: 'AcceptResolution', rating: 4, comment: 'Terima kasih' }, actors.reporter)
      .then([
        { type: 'ResolutionAccepted', data: { rating: 4, comment: 'Terima kasih' } },
        { type: 'ReportClosed', data: { reason: 'ACCEPTANCE' } },
      ]));
  it('a dispute stops the auto-close clock; reopening returns the report to the agency', () => {
    given(history.RESOLVED)
      .when({ type: 'DisputeResolution', reason: 'Belum ditambal' }, actors.reporter)
      .then([{ type: 'ResolutionDisputed', data: { reason: 'Belum ditambal' } }]);
    const disputed = [...history.RESOLVED, { type: 'ResolutionDisputed', data: { reason: 'x' } } as const];
    expect(stateOf(disputed).deadlines.AUTO_CLOSE).toBeUndefined();
    given(disputed).when({ type: 'DisputeResolution', reason: 'again' }, actors.reporter).thenThrows('CONFLICT');
    given(disputed)
      .when({ type: 'ReopenReport', reason: 'Sengketa' }, actors.admin)
      .then([{ type: 'ReportReopened', data: { reason: 'Sengketa', firstFollowUpDueAt: '2026-11-30T16:59:59.999Z' } }]);
  });
  it('belong to the reporter, for a resolved report', () => {
    given(history.RESOLVED)
      .when({ type: 'AcceptResolution', rating: 5, comment: null }, actors.otherReporter)
      .thenThrows('FORBIDDEN');
    given(history.RESOLVED)
      .when({ type: 'AcceptResolution', rating: 6, comment: null }, actors.reporter)
      .thenThrows('BAD_USER_INPUT');
    given(history.IN_PROGRESS)
      .when({ type: 'AcceptResolution', rating: 5, comment: null }, actors.reporter)
      .thenThrows('ILLEGAL_TRANSITION');
    given(history.IN_PROGRESS)
      .when({ type: 'DisputeResolution', reason: 'x' }, actors.reporter)
      .thenThrows('ILLEGAL_TRANSITION');
    given(history.CLOSED).when({ type: 'ReopenReport', reason: null }, actors.admin).thenThrows('ILLEGAL_TRANSITION');
    given(history.RESOLVED).when({ type: 'ReopenReport', reason: null }, actors.reporter).thenThrows('FORBIDDEN');
  });
});

describe('the Ombudsman: EscalateToOmbudsman, RecordOmbudsmanFinding', () => {
  it('escalate from dispositioned, in progress or resolved, by the reporter or an overseer', () => {
    for (const status of ['DISPOSITIONED', 'IN_PROGRESS', 'RESOLVED'] as const) {
      given(history[status])
        .when({ type: 'EscalateToOmbudsman', reason: 'REPORTER_DISPUTE', note: null }, actors.reporter)
        .then([{ type: 'EscalatedToOmbudsman', data: { reason: 'REPORTER_DISPUTE', by: 'REPORTER', note: null } }]);
    }
    given(history.IN_PROGRESS)
      .when({ type: 'EscalateToOmbudsman', reason: 'DEADLINE_MISSED', note: null }, actors.system)
      .then([{ type: 'EscalatedToOmbudsman', data: { reason: 'DEADLINE_MISSED', by: 'SYSTEM', note: null } }]);
    given(history.SUBMITTED)
      .when({ type: 'EscalateToOmbudsman', reason: 'MALADMINISTRATION', note: null }, actors.admin)
      .thenThrows('ILLEGAL_TRANSITION');
    given(history.IN_PROGRESS)
      .when({ type: 'EscalateToOmbudsman', reason: 'MALADMINISTRATION', note: null }, actors.officerA)
      .thenThrows('FORBIDDEN');
  });
  it('a finding returns the case to the agency or closes it', () => {
    given(history.ESCALATED)
      .when(
        {
          type: 'RecordOmbudsmanFinding',
          finding: 'Maladministrasi',
          recommendation: 'Perbaiki',
          outcome: 'RETURN_TO_AGENCY',
        },
        actors.ombudsman,
      )
      .then([
        {
          type: 'OmbudsmanFindingRecorded',
          data: {
            finding: 'Maladministrasi',
            recommendation: 'Perbaiki',
            outcome: 'RETURN_TO_AGENCY',
            firstFollowUpDueAt: '2026-11-30T16:59:59.999Z',
          },
        },
      ]);
    given(history.ESCALATED)
      .when(
        { type: 'RecordOmbudsmanFinding', finding: 'Selesai', recommendation: null, outcome: 'CLOSE' },
        actors.ombudsman,
      )
      .then([
        {
          type: 'OmbudsmanFindingRecorded',
          data: { finding: 'Selesai', recommendation: null, outcome: 'CLOSE', firstFollowUpDueAt: null },
        },
        { type: 'ReportClosed', data: { reason: 'OMBUDSMAN' } },
      ]);
    given(history.ESCALATED)
      .when({ type: 'RecordOmbudsmanFinding', finding: 'x', recommendation: null, outcome: 'CLOSE' }, actors.admin)
      .thenThrows('FORBIDDEN');
    given(history.IN_PROGRESS)
      .when({ type: 'RecordOmbudsmanFinding', finding: 'x', recommendation: null, outcome: 'CLOSE' }, actors.ombudsman)
      .thenThrows('ILLEGAL_TRANSITION');
  });
});

describe('RecordMissedDeadlines', () => {
  it('records each passed deadline once and closes an unanswered resolution', () => {
    const later = new Date('2026-12-08T03:00:00.000Z');
    given(history.RESOLVED)
      .when({ type: 'RecordMissedDeadlines' }, actors.system, later)
      .then([
        { type: 'DeadlineMissed', data: { deadline: 'AUTO_CLOSE', dueAt: '2026-12-07T16:59:59.999Z' } },
        { type: 'ReportClosed', data: { reason: 'AUTO_CLOSE' } },
      ]);
    const missed = [
      ...history.DISPOSITIONED,
      { type: 'DeadlineMissed', data: { deadline: 'FIRST_FOLLOW_UP', dueAt: '2026-11-30T16:59:59.999Z' } } as const,
    ];
    given(history.DISPOSITIONED)
      .when({ type: 'RecordMissedDeadlines' }, actors.system, later)
      .then([missed[missed.length - 1]!]);
    given(missed).when({ type: 'RecordMissedDeadlines' }, actors.system, later).then([]);
    given(history.DISPOSITIONED).when({ type: 'RecordMissedDeadlines' }, actors.system, NOW).then([]);
  });
  it("is the system's alone", () =>
    given(history.SUBMITTED).when({ type: 'RecordMissedDeadlines' }, actors.admin).thenThrows('FORBIDDEN'));
});

describe('every command in every status', () => {
  const sample: Record<Exclude<ReportCommand['type'], 'SubmitReport'>, [ReportCommand, keyof typeof actors]> = {
    RequestClarification: [{ type: 'RequestClarification', question: 'q' }, 'admin'],
    ProvideClarification: [{ type: 'ProvideClarification', answer: 'a', attachments: [] }, 'reporter'],
    VerifyReport: [{ type: 'VerifyReport', category: 'c', kind: null, anonymous: null, confidential: null }, 'admin'],
    RejectReport: [{ type: 'RejectReport', reason: 'TOO_GENERAL', duplicateOf: null, text: null }, 'admin'],
    DispositionReport: [{ type: 'DispositionReport', agency: agencyA, unitId: null, note: null }, 'admin'],
    DeclineDisposition: [{ type: 'DeclineDisposition', reason: 'r' }, 'officerA'],
    ForwardReport: [{ type: 'ForwardReport', agency: agencyB, unitId: null, note: null }, 'officerA'],
    StartFollowUp: [{ type: 'StartFollowUp' }, 'officerA'],
    PostFollowUp: [{ type: 'PostFollowUp', message: 'm', attachments: [] }, 'officerA'],
    AddInternalNote: [{ type: 'AddInternalNote', note: 'n' }, 'officerA'],
    ResolveReport: [{ type: 'ResolveReport', message: 'm', attachments: [] }, 'officerA'],
    AcceptResolution: [{ type: 'AcceptResolution', rating: 5, comment: null }, 'reporter'],
    DisputeResolution: [{ type: 'DisputeResolution', reason: 'r' }, 'reporter'],
    ReopenReport: [{ type: 'ReopenReport', reason: null }, 'admin'],
    EscalateToOmbudsman: [{ type: 'EscalateToOmbudsman', reason: 'REPORTER_DISPUTE', note: null }, 'reporter'],
    RecordOmbudsmanFinding: [
      { type: 'RecordOmbudsmanFinding', finding: 'f', recommendation: null, outcome: 'CLOSE' },
      'ombudsman',
    ],
    RecordMissedDeadlines: [{ type: 'RecordMissedDeadlines' }, 'system'],
  };
  for (const [type, [command, actor]] of Object.entries(sample)) {
    const legal = REPORT_RULES[type as keyof typeof sample].from;
    for (const status of REPORT_STATUSES) {
      if (legal.includes(status)) {
        it(`${type} in ${status} is legal`, () =>
          expect(() => decide(command, stateOf(history[status]), context(actors[actor]))).not.toThrow());
      } else {
        // An agency is told a report is not with it before it is told the report's status.
        const { agencyId } = actors[actor] as Actor;
        const notOurs = agencyId && stateOf(history[status]).agencyId !== agencyId;
        if (notOurs)
          it(`${type} in ${status} is not for the agency`, () =>
            given(history[status]).when(command, actors[actor]).thenThrows('NOT_ASSIGNED_AGENCY'));
        else
          it(`${type} in ${status} is an illegal transition`, () =>
            given(history[status]).when(command, actors[actor]).thenThrows('ILLEGAL_TRANSITION'));
      }
    }
  }
  it('a report that does not exist is NOT_FOUND', () =>
    given([]).when({ type: 'StartFollowUp' }, actors.officerA).thenThrows('NOT_FOUND'));
});
