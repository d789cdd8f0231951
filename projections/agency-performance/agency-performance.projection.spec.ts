import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import type { ReportEvent } from '../../contexts/reports/report.events.js';
import { history } from '../../contexts/reports/report.given.js';
import { projectionHarness, type ProjectionHarness } from '../../test/support/projection-harness.js';
import { AgencyPerformanceProjection } from './agency-performance.projection.js';
import { agencyPerformanceFigures } from './agency-performance.query.js';

const YEAR = { from: '2026-01-01T00:00:00+07:00', to: '2027-01-01T00:00:00+07:00' };

describe('agency-performance projection', () => {
  let h: ProjectionHarness;
  const figures = (agencyId: string) => agencyPerformanceFigures(h.dataSource, agencyId, YEAR.from, YEAR.to);
  beforeAll(async () => {
    h = await projectionHarness();
  });
  afterAll(async () => h?.close());

  it("reproduces a published evaluation: Payakumbuh's 9 reports, 7 resolved, 1 in process, 1 not yet processed", async () => {
    for (let i = 0; i < 4; i++) await h.given(history.RESOLVED);
    for (let i = 0; i < 3; i++) await h.given(history.CLOSED);
    await h.given(history.IN_PROGRESS);
    await h.given(history.DISPOSITIONED);
    await h.catchUp(new AgencyPerformanceProjection(), 13);
    expect(await figures('agency-a')).toEqual({
      agencyId: 'agency-a',
      received: 9,
      declined: 0,
      notFollowedUp: 1,
      inProgress: 1,
      resolved: 7,
      rejected: 0,
      forwarded: 0,
      escalated: 0,
      followUpRate: 0.8889,
      resolutionRate: 0.7778,
      slaCompliance: 1,
      averageSatisfaction: 5,
      medianHoursToFirstResponse: 0,
    });
  });

  it('counts a decline, a forward and a missed deadline against the agency that had the report', async () => {
    const toB = (events: ReportEvent[]) =>
      events.map((e) =>
        e.type === 'ReportDispositioned'
          ? { ...e, data: { ...e.data, agencyId: 'agency-b' } }
          : e.type === 'FollowUpStarted'
            ? { ...e, data: { agencyId: 'agency-b' } }
            : e,
      );
    await h.given([
      ...toB(history.DISPOSITIONED),
      { type: 'DispositionDeclined', data: { agencyId: 'agency-b', reason: 'Bukan wewenang' } },
    ]);
    await h.given([
      ...toB(history.IN_PROGRESS),
      {
        type: 'ReportForwarded',
        data: {
          fromAgencyId: 'agency-b',
          toAgencyId: 'agency-c',
          toUnitId: null,
          note: null,
          firstFollowUpDueAt: '2026-11-30T16:59:59.999Z',
        },
      },
    ]);
    await h.given([
      ...toB(history.DISPOSITIONED),
      { type: 'DeadlineMissed', data: { deadline: 'FIRST_FOLLOW_UP', dueAt: '2026-11-30T16:59:59.999Z' } },
    ]);
    await h.catchUp(new AgencyPerformanceProjection());
    expect(await figures('agency-b')).toMatchObject({
      received: 3,
      rejected: 1,
      forwarded: 1,
      notFollowedUp: 1,
      slaCompliance: 0.5,
    });
    expect(await figures('agency-c')).toMatchObject({ received: 1, notFollowedUp: 1 });
  });

  it('keeps the same sums per day, per month and per year', async () => {
    const sums = (table: string, period: string, trunc: string) =>
      h.dataSource.query(
        `SELECT agency_id, date_trunc('${trunc}', ${period})::date::text AS period, sum(received)::int AS received,
                sum(resolved)::int AS resolved, sum(followed_up)::int AS followed_up, sum(deadlines_missed)::int AS missed
           FROM ${table} GROUP BY 1, 2 HAVING sum(received) > 0 ORDER BY 1, 2`,
      );
    const yearly = await sums('agency_yearly_figures', 'year', 'year');
    expect(yearly.length).toBeGreaterThan(0);
    expect(await sums('agency_monthly_figures', 'month', 'year')).toEqual(yearly);
    expect(await sums('agency_daily_figures', 'day', 'year')).toEqual(yearly);
  });

  it('gives the same rows when rebuilt from position 0', async () => {
    const rows = () => h.dataSource.query(`SELECT * FROM agency_report_performance ORDER BY report_id, agency_id`);
    const live = await rows();
    await h.dataSource.query(
      `DELETE FROM agency_report_performance; DELETE FROM performance_report_state; UPDATE checkpoints SET position = 0 WHERE name = 'agency-performance'`,
    );
    await h.catchUp(new AgencyPerformanceProjection(), 500);
    expect(await rows()).toEqual(live);
  });
});
