import { describe, expect, it } from '@jest/globals';
import { DEFAULT_DEADLINE_POLICY } from '../calendar/deadline-policy.js';
import { NO_HOLIDAYS } from '../calendar/holidays.js';
import { CaseRefused, planCase, type CasePlanContext, type CaseRecord, type ImportStep } from './import.plan.js';

const agency = {
  agencyId: '00000000-0000-4000-8000-00000000000a',
  name: 'Kota Payakumbuh',
  unitIds: [],
  unit: () => null,
  // Connected from 2018 on.
  connectedAt: (instant: string) => Date.parse(instant) >= Date.parse('2018-01-01T00:00:00+07:00'),
};
const context: CasePlanContext = {
  source: 'uji',
  reportId: '00000000-0000-4000-8000-000000000001',
  trackingId: '7K3M-9QX2',
  identity: null,
  agency: (ref) => (ref === 'pyk' ? agency : null),
  original: () => null,
  calendar: NO_HOLIDAYS,
  policy: DEFAULT_DEADLINE_POLICY,
  now: new Date('2019-12-31T00:00:00Z'),
};
const given = (steps: ImportStep[], submittedAt = '2019-03-04T09:00:00+07:00'): CaseRecord => ({
  record: 'case',
  id: 'C-1',
  submitted: { at: submittedAt, title: 'Jalan rusak', description: 'Berlubang' },
  steps,
});
const routed: ImportStep[] = [
  { step: 'verified', at: '2019-03-04T10:00:00+07:00', category: 'jalan' },
  { step: 'dispositioned', at: '2019-03-04T11:00:00+07:00', agency: 'pyk' },
];

describe('planning an imported case', () => {
  it('decides each step at its own instant, as its usual actor', () => {
    const planned = planCase(given([...routed, { step: 'follow_up_started', at: '2019-03-05T08:00:00+07:00' }]), {
      ...context,
      now: new Date('2019-03-06T00:00:00Z'),
    });
    expect(planned.map(({ event, occurredAt, actor }) => [event.type, occurredAt, actor.role])).toEqual([
      ['ReportSubmitted', '2019-03-04T02:00:00.000Z', 'INTEGRATOR'],
      ['ReportVerified', '2019-03-04T03:00:00.000Z', 'ADMIN'],
      ['ReportDispositioned', '2019-03-04T04:00:00.000Z', 'ADMIN'],
      ['FollowUpStarted', '2019-03-05T01:00:00.000Z', 'LIAISON_OFFICER'],
    ]);
    expect(planned[3]!.actor).toEqual({
      id: 'import:uji:liaison_officer',
      role: 'LIAISON_OFFICER',
      agencyId: agency.agencyId,
    });
  });

  it('records a deadline missed between two steps the moment after it passed, as the watcher would have', () => {
    // Verification is due three working days after Monday 4 March: Thursday 7 March, 23:59:59.999 WIB.
    const planned = planCase(given([{ step: 'verified', at: '2019-03-11T10:00:00+07:00', category: 'jalan' }]), {
      ...context,
      now: new Date('2019-03-12T00:00:00Z'),
    });
    expect(planned.map(({ event, occurredAt, actor }) => [event.type, occurredAt, actor.role])).toEqual([
      ['ReportSubmitted', '2019-03-04T02:00:00.000Z', 'INTEGRATOR'],
      ['DeadlineMissed', '2019-03-07T17:00:00.000Z', 'SYSTEM'],
      ['ReportVerified', '2019-03-11T03:00:00.000Z', 'ADMIN'],
    ]);
  });

  it('closes a resolution left unanswered when its auto-close deadline passed, and accepts a closing step after it', () => {
    const resolved: ImportStep[] = [
      ...routed,
      { step: 'follow_up_started', at: '2019-03-05T08:00:00+07:00' },
      { step: 'resolved', at: '2019-03-06T08:00:00+07:00', message: 'Selesai' },
    ];
    const planned = planCase(given([...resolved, { step: 'closed', at: '2019-04-30T00:00:00+07:00' }]), context);
    expect(planned.at(-1)!.event).toEqual({ type: 'ReportClosed', data: { reason: 'AUTO_CLOSE' } });
    expect(() => planCase(given([...resolved, { step: 'closed', at: '2019-03-07T00:00:00+07:00' }]), context)).toThrow(
      new CaseRefused(5, 'the report is RESOLVED then and does not close on its own'),
    );
  });

  it('refuses a disposition to an agency not yet connected on that day, and a step back in time', () => {
    expect(() =>
      planCase(
        given(
          [
            { step: 'verified', at: '2017-06-01T10:00:00+07:00', category: 'jalan' },
            { step: 'dispositioned', at: '2017-06-01T11:00:00+07:00', agency: 'pyk' },
          ],
          '2017-06-01T09:00:00+07:00',
        ),
        context,
      ),
    ).toThrow(/^step 2: Kota Payakumbuh is not connected/);
    expect(() =>
      planCase(given([{ step: 'verified', at: '2019-03-04T08:00:00+07:00', category: 'jalan' }]), context),
    ).toThrow('step 1: 2019-03-04T08:00:00+07:00 is before the step it follows (2019-03-04T02:00:00.000Z)');
  });
});
