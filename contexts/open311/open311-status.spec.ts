import { describe, expect, it } from '@jest/globals';
import { expectedDeadline, reportStatusesOf } from './open311-status.js';

describe('the status mapping', () => {
  it('closes a report once resolved, closed or archived; every other step is open', () => {
    expect(reportStatusesOf('closed')).toEqual(['REJECTED', 'RESOLVED', 'CLOSED']);
    expect(reportStatusesOf('open')).toEqual([
      'SUBMITTED',
      'AWAITING_CLARIFICATION',
      'VERIFIED',
      'DISPOSITIONED',
      'IN_PROGRESS',
      'ESCALATED',
    ]);
  });

  it('expects fulfilment by the completion deadline while it runs, else by the current step’s earliest', () => {
    const due = (dueAt: string) => ({ dueAt, missed: false });
    expect(
      expectedDeadline({
        FIRST_FOLLOW_UP: due('2026-12-08T16:59:59.999Z'),
        COMPLETION: due('2027-01-30T02:00:00.000Z'),
      }),
    ).toBe('2027-01-30T02:00:00.000Z');
    expect(expectedDeadline({ VERIFICATION: due('2026-12-04T16:59:59.999Z') })).toBe('2026-12-04T16:59:59.999Z');
    expect(expectedDeadline({ AUTO_CLOSE: { dueAt: '2026-12-18T16:59:59.999Z', missed: true } })).toBe(
      '2026-12-18T16:59:59.999Z',
    );
    expect(expectedDeadline({})).toBeNull();
  });
});
