import { describe, expect, it } from '@jest/globals';
import { DEADLINES, type ReportEvent, type ReportEventType } from './report.events.js';
import {
  evolve,
  INITIAL_REPORT,
  keepState,
  resumeState,
  SELF_CONTAINED_FIELDS,
  type ReportState,
} from './report.state.js';

/** A small deterministic generator, so a failure names a sequence that can be replayed. */
function rng(seed: number): () => number {
  let s = seed;
  return () => ((s = (s * 1103515245 + 12345) % 2 ** 31), s / 2 ** 31);
}

type Sample = { [T in ReportEventType]: (pick: <V>(values: readonly V[]) => V) => Extract<ReportEvent, { type: T }> };

const AGENCIES = ['agency-a', 'agency-b', 'agency-c'];
const DAYS = ['2026-11-24T09:00:00.000Z', '2026-11-27T09:00:00.000Z', '2026-12-04T09:00:00.000Z'];

/** Every event type with data drawn from a few values, typed so that no event type is left out. */
const SAMPLES: Sample = {
  ReportSubmitted: (pick) => ({
    type: 'ReportSubmitted',
    data: {
      reportId: 'r-1',
      trackingId: 'LAP-1',
      kind: 'COMPLAINT',
      title: 'Jalan rusak',
      description: 'Lubang di jalan',
      category: pick([null, 'INFRASTRUKTUR']),
      channel: 'WEB',
      location: pick([null, { regionCode: pick(['13.76', '31.71']), address: 'Jl. Sudirman', lat: null, lon: null }]),
      attachments: [],
      anonymous: false,
      confidential: false,
      reporterId: 'reporter-1',
      identity: null,
      submittedBy: 'reporter-1',
      verificationDueAt: pick(DAYS),
    },
  }),
  ClarificationRequested: () => ({
    type: 'ClarificationRequested',
    data: { question: '?', remainingVerificationDays: 2 },
  }),
  ClarificationProvided: (pick) => ({
    type: 'ClarificationProvided',
    data: { answer: '!', attachments: [], verificationDueAt: pick(DAYS) },
  }),
  ReportVerified: (pick) => ({
    type: 'ReportVerified',
    data: { category: pick(['INFRASTRUKTUR', 'KESEHATAN']), kind: 'COMPLAINT', anonymous: false, confidential: false },
  }),
  ReportRejected: () => ({ type: 'ReportRejected', data: { reason: 'INCOMPLETE', duplicateOf: null, text: null } }),
  ReportDispositioned: (pick) => ({
    type: 'ReportDispositioned',
    data: {
      agencyId: pick(AGENCIES),
      unitId: null,
      note: null,
      firstFollowUpDueAt: pick(DAYS),
      completionDueAt: pick(DAYS),
    },
  }),
  DispositionDeclined: (pick) => ({ type: 'DispositionDeclined', data: { agencyId: pick(AGENCIES), reason: 'bukan' } }),
  ReportForwarded: (pick) => ({
    type: 'ReportForwarded',
    data: {
      fromAgencyId: pick(AGENCIES),
      toAgencyId: pick(AGENCIES),
      toUnitId: null,
      note: null,
      firstFollowUpDueAt: pick(DAYS),
    },
  }),
  FollowUpStarted: (pick) => ({ type: 'FollowUpStarted', data: { agencyId: pick(AGENCIES) } }),
  FollowUpPosted: () => ({ type: 'FollowUpPosted', data: { message: 'sedang', attachments: [] } }),
  InternalNoteAdded: () => ({ type: 'InternalNoteAdded', data: { note: 'catatan' } }),
  ReportResolved: (pick) => ({
    type: 'ReportResolved',
    data: { message: 'selesai', attachments: [], autoCloseDueAt: pick(DAYS) },
  }),
  ResolutionAccepted: (pick) => ({ type: 'ResolutionAccepted', data: { rating: pick([1, 5]), comment: null } }),
  ResolutionDisputed: () => ({ type: 'ResolutionDisputed', data: { reason: 'belum' } }),
  ReportReopened: (pick) => ({ type: 'ReportReopened', data: { reason: null, firstFollowUpDueAt: pick(DAYS) } }),
  EscalatedToOmbudsman: () => ({
    type: 'EscalatedToOmbudsman',
    data: { reason: 'DEADLINE_MISSED', by: 'deadline-watcher', note: null },
  }),
  OmbudsmanFindingRecorded: (pick) => ({
    type: 'OmbudsmanFindingRecorded',
    data: {
      finding: 'maladministrasi',
      recommendation: null,
      outcome: pick(['RETURN_TO_AGENCY', 'CLOSE'] as const),
      firstFollowUpDueAt: pick([null, ...DAYS]),
    },
  }),
  ReportClosed: () => ({ type: 'ReportClosed', data: { reason: 'AUTO_CLOSE' } }),
  DeadlineMissed: (pick) => ({ type: 'DeadlineMissed', data: { deadline: pick(DEADLINES), dueAt: pick(DAYS) } }),
};

describe('a read model that keeps only some fields of the state', () => {
  it('folds them as the whole state would, whatever the order of the events', () => {
    const random = rng(20261202);
    const pick = <V>(values: readonly V[]): V => values[Math.floor(random() * values.length)];
    const types = Object.keys(SAMPLES) as ReportEventType[];
    const seen = new Set<string>();
    for (let sequence = 0; sequence < 500; sequence++) {
      let whole: ReportState = evolve(INITIAL_REPORT, SAMPLES.ReportSubmitted(pick), DAYS[0]);
      let kept = keepState(whole, SELF_CONTAINED_FIELDS);
      for (let step = 0; step < 25; step++) {
        const event = SAMPLES[pick(types)](pick);
        whole = evolve(whole, event, DAYS[1]);
        kept = keepState(evolve(resumeState(kept), event, DAYS[1]), SELF_CONTAINED_FIELDS);
        expect(kept).toEqual(keepState(whole, SELF_CONTAINED_FIELDS));
        seen.add(JSON.stringify(kept.deadlines));
      }
    }
    // The sequences reached many combinations of running and missed deadlines, not only the empty one.
    expect(seen.size).toBeGreaterThan(50);
  });

  it('resumes a whole state stored before as it was', () => {
    const whole = evolve(
      INITIAL_REPORT,
      SAMPLES.ReportSubmitted((values) => values[values.length - 1]),
      DAYS[0],
    );
    expect(resumeState(whole)).toEqual(whole);
    expect(resumeState(undefined)).toEqual(INITIAL_REPORT);
  });
});
