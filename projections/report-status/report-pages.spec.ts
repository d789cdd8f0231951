import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { history } from '../../contexts/reports/report.given.js';
import type { ReportEvent } from '../../contexts/reports/report.events.js';
import type { ReportStatus } from '../../contexts/reports/report.state.js';
import { projectionHarness, type ProjectionHarness } from '../../test/support/projection-harness.js';
import type { ReportSearchFilter, Visibility } from './report-conditions.js';
import { searchReports } from './report-status.queries.js';
import { ReportStatusProjection } from './report-status.projection.js';

interface Row {
  report_id: string;
  agency_id: string | null;
  reporter_id: string;
  status: string;
  overdue: boolean;
  confidential: boolean;
  region_code: string | null;
  submitted_at: Date;
}

const STATUSES: ReportStatus[] = ['SUBMITTED', 'VERIFIED', 'REJECTED', 'DISPOSITIONED', 'IN_PROGRESS', 'CLOSED'];
/** Few instants for many reports: pages end inside ties, which the report id orders. */
const SUBMITTED = ['2025-01-15T03:00:00.000Z', '2025-02-01T00:00:00.000Z', '2025-02-20T10:00:00.000Z'];
const EVERYONE: Visibility = { all: true, nonConfidential: false, agencyId: null, reporter: null, submitter: null };
const PUBLIC: Visibility = { ...EVERYONE, all: false, nonConfidential: true };
/** Callers whose visibility binds parameters of its own, which every branch of a status merge repeats. */
const OFFICER: Visibility = { ...PUBLIC, agencyId: 'agency-a' };
const REPORTER: Visibility = { ...PUBLIC, reporter: 'reporter:reporter-2' };

/** The nth report: a status, a region, confidentiality, a missed deadline for some dispositioned ones, an instant. */
function report(n: number): { events: ReportEvent[]; at: string } {
  const status = STATUSES[n % STATUSES.length]!;
  const events = history[status].map((event): ReportEvent => {
    if (event.type === 'ReportSubmitted')
      return {
        ...event,
        data: {
          ...event.data,
          confidential: n % 5 === 0,
          reporterId: n % 3 === 0 ? 'reporter:reporter-1' : 'reporter:reporter-2',
          location: { regionCode: n % 2 ? '13.76' : '61.71', address: null, lat: null, lon: null },
        },
      } as ReportEvent;
    if (event.type === 'ReportVerified') return { ...event, data: { ...event.data, confidential: n % 5 === 0 } };
    if (event.type === 'ReportDispositioned' || event.type === 'FollowUpStarted')
      return { ...event, data: { ...event.data, agencyId: n % 4 < 2 ? 'agency-a' : 'agency-b' } } as ReportEvent;
    return event;
  });
  if (status === 'DISPOSITIONED' && n % 4 !== 3)
    events.push({ type: 'DeadlineMissed', data: { deadline: 'FIRST_FOLLOW_UP', dueAt: '2025-03-01T16:59:59.999Z' } });
  // Every status at every instant: a page boundary can fall inside a tie between two statuses' walks.
  return { events, at: SUBMITTED[Math.floor(n / STATUSES.length) % SUBMITTED.length]! };
}

describe('reports newest first, filtered by status and overdue', () => {
  let h: ProjectionHarness;
  let rows: Row[];

  beforeAll(async () => {
    h = await projectionHarness();
    for (let n = 0; n < 72; n += 1) {
      const { events, at } = report(n);
      await h.given(events, at);
    }
    await h.catchUp(new ReportStatusProjection(), 50);
    rows = await h.dataSource.query(
      `SELECT report_id, agency_id, state->>'reporterId' AS reporter_id, status, overdue, confidential, region_code,
              submitted_at FROM report_status`,
    );
  }, 60_000);
  afterAll(async () => h?.close());

  /** Every page of `first` in turn, following the cursors, as the report ids they hold. */
  async function walk(visibility: Visibility, filter: ReportSearchFilter, first: number): Promise<string[]> {
    const ids: string[] = [];
    let after: string | null = null;
    for (;;) {
      const page = await searchReports(h.dataSource, { visibility, filter, first, after, rankWindow: 100 });
      ids.push(...page.edges.map((edge) => edge.state.reportId));
      if (!page.hasNextPage) return ids;
      after = page.endCursor;
    }
  }

  it('gives every matching report once, newest first (the report id breaking ties), across pages', async () => {
    expect(rows).toHaveLength(72);
    expect(rows.filter((row) => row.overdue).length).toBeGreaterThan(5);
    const filters: ReportSearchFilter[] = [
      { status: ['DISPOSITIONED', 'IN_PROGRESS'] },
      { status: ['SUBMITTED', 'DISPOSITIONED'] },
      { status: ['IN_PROGRESS', 'SUBMITTED', 'IN_PROGRESS'] },
      { status: ['CLOSED'] },
      { status: ['RESOLVED'] },
      { overdue: true },
      { overdue: false, status: ['DISPOSITIONED', 'VERIFIED'] },
      { status: ['SUBMITTED', 'REJECTED'], regionCode: '13' },
      { status: ['DISPOSITIONED', 'CLOSED'], submittedFrom: '2025-02-01T00:00:00.000Z' },
    ];
    for (const visibility of [EVERYONE, PUBLIC, OFFICER, REPORTER])
      for (const filter of filters) {
        const expected = rows
          .filter(
            (row) =>
              (visibility.all ||
                !row.confidential ||
                (visibility.agencyId !== null && row.agency_id === visibility.agencyId) ||
                (visibility.reporter !== null && row.reporter_id === visibility.reporter)) &&
              (!filter.status || filter.status.includes(row.status)) &&
              (filter.overdue == null || row.overdue === filter.overdue) &&
              (!filter.regionCode || row.region_code!.startsWith(`${filter.regionCode}.`)) &&
              (!filter.submittedFrom || row.submitted_at >= new Date(filter.submittedFrom)),
          )
          .sort(
            (a, b) =>
              b.submitted_at.getTime() - a.submitted_at.getTime() ||
              (a.report_id < b.report_id ? 1 : a.report_id > b.report_id ? -1 : 0),
          )
          .map((row) => row.report_id);
        const context = JSON.stringify({ visibility, filter });
        for (const first of [4, 50])
          expect({ context, first, ids: await walk(visibility, filter, first) }).toEqual({
            context,
            first,
            ids: expected,
          });
      }
  });
});
