import { randomUUID } from 'node:crypto';
import type { MigrationInterface, QueryRunner } from 'typeorm';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { history } from '../../contexts/reports/report.given.js';
import type { ReportEvent } from '../../contexts/reports/report.events.js';
import type { ReportStatus } from '../../contexts/reports/report.state.js';
import { AgencyTypeCounts1763858400000 } from '../../src/database/migrations/1763858400000-agency-type-counts.js';
import { MonthCounts1763858500000 } from '../../src/database/migrations/1763858500000-month-counts.js';
import { HourCounts1763858550000 } from '../../src/database/migrations/1763858550000-hour-counts.js';
import { PostgresEventLog } from '../../src/event-store/postgres-event-log.js';
import { rebuildProjections } from '../../src/projection-engine/projection-rebuild.js';
import { projectionHarness, type ProjectionHarness } from '../../test/support/projection-harness.js';
import type { ReportSearchFilter, Visibility } from './report-conditions.js';
import { countReports, reportCounts, type ReportCounts } from './report-counts.queries.js';
import { ReportStatusProjection } from './report-status.projection.js';

interface Row {
  status: string;
  kind: string;
  channel: string;
  category: string | null;
  overdue: boolean;
  confidential: boolean;
  agency_id: string | null;
  region_code: string | null;
  submitted_at: Date;
  reporter_id: string | null;
  submitted_by: string;
}

const CITY = randomUUID();
const MINISTRY = randomUUID();
const OTHER_CITY = randomUUID();
const STATUSES: ReportStatus[] = [
  'SUBMITTED',
  'VERIFIED',
  'REJECTED',
  'DISPOSITIONED',
  'IN_PROGRESS',
  'RESOLVED',
  'CLOSED',
];
const REGIONS = ['13.76.01', '13.71', '13', '61.71.02', '130', null];
const CHANNELS = ['WEB', 'SMS', 'MOBILE_APP'];
/** Submission instants at and around the edges of the days (WIB, UTC+7) the filters below cut. */
const SUBMITTED = [
  '2024-12-20T10:00:00.000Z',
  '2025-01-15T03:00:00.000Z',
  '2025-01-31T20:00:00.000Z',
  '2025-02-01T00:00:00.000Z',
  '2025-02-01T16:59:59.999Z',
  '2025-02-20T10:00:00.000Z',
  '2025-03-31T23:59:59.999Z',
  '2025-04-01T00:00:00.000Z',
  '2025-06-05T08:00:00.000Z',
];

/** The nth report: its history with an agency, a region, a channel, a kind, confidentiality and a day that vary. */
function report(n: number): { events: ReportEvent[]; at: string } {
  const agency = [CITY, MINISTRY, OTHER_CITY][n % 3]!;
  const events = history[STATUSES[n % STATUSES.length]!].map((event): ReportEvent => {
    if (event.type === 'ReportSubmitted') {
      const regionCode = REGIONS[n % REGIONS.length]!;
      return {
        ...event,
        data: {
          ...event.data,
          channel: CHANNELS[n % CHANNELS.length]!,
          kind: n % 4 === 0 ? 'ASPIRATION' : 'COMPLAINT',
          confidential: n % 5 === 0,
          reporterId: n % 3 === 0 ? 'reporter:reporter-1' : 'reporter:reporter-2',
          submittedBy: n % 4 === 1 ? 'integrator:sms' : 'reporter:reporter-2',
          location: regionCode ? { regionCode, address: null, lat: null, lon: null } : null,
        },
      } as ReportEvent;
    }
    if (event.type === 'ReportVerified')
      return {
        ...event,
        data: { ...event.data, confidential: n % 5 === 0, kind: n % 4 === 0 ? 'ASPIRATION' : 'COMPLAINT' },
      };
    if (event.type === 'ReportDispositioned' || event.type === 'FollowUpStarted')
      return { ...event, data: { ...event.data, agencyId: agency } } as ReportEvent;
    return event;
  });
  if (n % 2 === 1 && STATUSES[n % STATUSES.length] === 'DISPOSITIONED')
    events.push({ type: 'DeadlineMissed', data: { deadline: 'FIRST_FOLLOW_UP', dueAt: '2026-11-30T16:59:59.999Z' } });
  return { events, at: SUBMITTED[n % SUBMITTED.length]! };
}

const EVERYONE: Visibility = { all: true, nonConfidential: false, agencyId: null, reporter: null, submitter: null };
const PUBLIC: Visibility = { ...EVERYONE, all: false, nonConfidential: true };
const OFFICER: Visibility = { ...PUBLIC, agencyId: CITY };
const REPORTER: Visibility = { ...PUBLIC, reporter: 'reporter:reporter-1' };
const INTEGRATOR: Visibility = { ...PUBLIC, submitter: { principal: 'integrator:sms', agencies: [CITY] } };
/** A reporter's own reports only (filter.mine). */
const MINE: Visibility = { ...EVERYONE, all: false, reporter: 'reporter:reporter-1' };
const TYPES = new Map<string, string>([
  [CITY, 'CITY'],
  [OTHER_CITY, 'CITY'],
  [MINISTRY, 'MINISTRY'],
]);

/** What each visibility and filter must count, decided here row by row. */
function sees(visibility: Visibility, row: Row): boolean {
  const { submitter } = visibility;
  return (
    visibility.all ||
    (visibility.nonConfidential && !row.confidential) ||
    (visibility.agencyId !== null && row.agency_id === visibility.agencyId) ||
    (visibility.reporter !== null && row.reporter_id === visibility.reporter) ||
    (submitter !== null &&
      row.submitted_by === submitter.principal &&
      (submitter.agencies === null || row.agency_id === null || submitter.agencies.includes(row.agency_id)))
  );
}
function matches(filter: ReportSearchFilter | null, row: Row): boolean {
  const f = filter ?? {};
  const code = row.region_code;
  return (
    (!f.status?.length || f.status.includes(row.status)) &&
    (!f.kind || f.kind === row.kind) &&
    (!f.channel || f.channel === row.channel) &&
    (f.overdue == null || f.overdue === row.overdue) &&
    (!f.agencyId || f.agencyId === row.agency_id) &&
    (!f.agencyType || (row.agency_id !== null && TYPES.get(row.agency_id) === f.agencyType)) &&
    (!f.category || f.category === row.category) &&
    (!f.regionCode || (code !== null && (code === f.regionCode || code.startsWith(`${f.regionCode}.`)))) &&
    (!f.submittedFrom || row.submitted_at >= new Date(f.submittedFrom)) &&
    (!f.submittedTo || row.submitted_at < new Date(f.submittedTo))
  );
}
function expected(rows: readonly Row[]): ReportCounts {
  const by = (key: 'status' | 'kind' | 'channel') => {
    const counts = new Map<string, number>();
    for (const row of rows) counts.set(row[key], (counts.get(row[key]) ?? 0) + 1);
    return [...counts]
      .map(([value, count]) => ({ value, count }))
      .sort((a, b) => b.count - a.count || a.value.localeCompare(b.value));
  };
  return {
    total: rows.length,
    overdue: rows.filter((row) => row.overdue).length,
    byStatus: by('status'),
    byKind: by('kind'),
    byChannel: by('channel'),
  };
}

describe('report_counts: the counts read model', () => {
  let h: ProjectionHarness;
  const catchUp = (batchSize?: number) => h.catchUp(new ReportStatusProjection(), batchSize);
  const cells = () =>
    h.dataSource.query(
      `SELECT scope, key, status, kind, channel, overdue, confidential, n FROM report_counts
        ORDER BY scope, key, status, kind, channel, overdue, confidential`,
    );
  /** The cells as counting report_status's rows gives them (the migration fills report_counts this way). */
  const countedFromRows = () =>
    h.dataSource.query(
      `SELECT c.scope, c.key, status, kind, channel, overdue, confidential, count(*)::int AS n
         FROM report_status LEFT JOIN agency_directory a ON a.agency_id::text = report_status.agency_id,
              LATERAL (VALUES ('all', ''), ('agency', report_status.agency_id), ('agencyType', a.agency_type),
                              ('province', split_part(report_status.region_code, '.', 1)),
                              ('day', to_char(submitted_at AT TIME ZONE 'Asia/Jakarta', 'YYYY-MM-DD')),
                              ('month', to_char(submitted_at AT TIME ZONE 'Asia/Jakarta', 'YYYY-MM')),
                              ('hour', to_char(submitted_at AT TIME ZONE 'Asia/Jakarta', 'YYYY-MM-DD"T"HH24'))) AS c(scope, key)
        WHERE c.key IS NOT NULL
        GROUP BY c.scope, c.key, status, kind, channel, overdue, confidential
        ORDER BY c.scope, c.key, status, kind, channel, overdue, confidential`,
    );

  beforeAll(async () => {
    h = await projectionHarness();
    for (const [agencyId, type] of TYPES) {
      // report-status learns each agency's type from its registration; the directory is this spec's own record of them.
      await h.givenStream(`agency-${agencyId}`, [
        {
          type: 'AgencyRegistered',
          data: { agencyId, name: `Agency ${type}`, agencyType: type, parentId: null, regionCode: null },
        },
      ]);
      await h.dataSource.query(
        `INSERT INTO agency_directory (agency_id, name, agency_type, version, search_name, registered_at)
         VALUES ($1, $2, $3, 1, $2, now())`,
        [agencyId, `Agency ${type}`, type],
      );
    }
    for (let n = 0; n < 84; n += 1) {
      const { events, at } = report(n);
      await h.given(events, at);
    }
    // Batches of three events: most reports move from cell to cell across several transactions.
    await catchUp(3);
  }, 60_000);
  afterAll(async () => h?.close());

  it('holds, cell for cell, what counting the rows gives (no emptied cell), after reports moved between cells batch by batch', async () => {
    const kept = await cells();
    expect(kept.length).toBeGreaterThan(50);
    expect(kept).toEqual(await countedFromRows());
  });

  it('counts what each caller may see for every filter as counting the rows one by one does', async () => {
    const rows: Row[] = await h.dataSource.query(
      `SELECT status, kind, channel, category, overdue, confidential, agency_id, region_code, submitted_at,
              state->>'reporterId' AS reporter_id, state->>'submittedBy' AS submitted_by FROM report_status`,
    );
    expect(rows).toHaveLength(84);
    const filters: (ReportSearchFilter | null)[] = [
      null,
      { status: [] },
      { status: ['DISPOSITIONED', 'IN_PROGRESS'] },
      { kind: 'ASPIRATION', channel: 'SMS' },
      { overdue: true },
      { agencyId: CITY },
      { agencyType: 'CITY', status: ['RESOLVED', 'CLOSED'] },
      { regionCode: '13' },
      { regionCode: '13', overdue: false },
      { regionCode: '13.76' },
      { regionCode: '61.71', status: ['SUBMITTED'] },
      { submittedFrom: '2025-02-01T00:00:00.000Z', submittedTo: '2025-04-01T00:00:00.000Z' },
      { submittedFrom: '2025-01-31T17:00:00.000Z', submittedTo: '2025-03-31T17:00:00.000Z' },
      { submittedTo: '2025-02-20T12:00:00.000Z' },
      { submittedFrom: '2025-02-01T03:00:00.000Z', submittedTo: '2025-02-01T09:00:00.000Z' },
      { submittedFrom: '2025-01-31T17:00:00.000Z' },
      { submittedTo: '2025-04-01T00:00:00.000Z', channel: 'WEB' },
      { submittedFrom: '2025-02-03T00:00:00.000Z', submittedTo: '2025-02-25T00:00:00.000Z' },
      { submittedFrom: '2025-01-10T05:00:00.000Z', submittedTo: '2025-06-10T05:00:00.000Z' },
      { submittedFrom: '2024-12-10T05:00:00.000Z', submittedTo: '2025-02-10T00:00:00.000Z' },
      { submittedFrom: '2025-02-03T00:00:00.000Z' },
      { submittedFrom: '2025-02-01T16:30:00.000Z', submittedTo: '2025-03-31T23:30:00.000Z' },
      { submittedFrom: '2025-02-01T15:00:00.000Z', submittedTo: '2025-02-01T17:00:00.000Z' },
      { submittedFrom: '2025-01-31T23:10:00.000Z', submittedTo: '2025-01-31T23:50:00.000Z' },
      { submittedFrom: '2024-12-31T17:00:00.000Z', submittedTo: '2025-02-01T00:00:00.000Z' },
      { submittedFrom: '2025-01-31T17:00:00.000Z', submittedTo: '2025-02-28T17:00:00.000Z', overdue: false },
      { agencyId: CITY, regionCode: '13' },
      { category: 'infrastruktur-jalan' },
    ];
    for (const visibility of [EVERYONE, PUBLIC, OFFICER, REPORTER, INTEGRATOR, MINE])
      for (const filter of filters) {
        const truth = expected(rows.filter((row) => sees(visibility, row) && matches(filter, row)));
        const context = JSON.stringify({ visibility, filter });
        expect({ context, counts: await reportCounts(h.dataSource, { visibility, filter }) }).toEqual({
          context,
          counts: truth,
        });
        expect({ context, total: await countReports(h.dataSource, { visibility, filter }) }).toEqual({
          context,
          total: truth.total,
        });
      }
  });

  it('answers from the cells where the filter allows, from the rows otherwise', async () => {
    const rollback = new Error('rollback');
    const WHOLE_MONTHS = { submittedFrom: '2025-01-31T17:00:00.000Z', submittedTo: '2025-03-31T17:00:00.000Z' };
    const inWholeMonths = await countReports(h.dataSource, { visibility: EVERYONE, filter: WHOLE_MONTHS });
    expect(inWholeMonths).toBeGreaterThan(10);
    // Whole months and, after them, whole hours (00:00-07:00 WIB on 1 April, where a report was submitted at 06:59).
    const THROUGH_HOURS = { ...WHOLE_MONTHS, submittedTo: '2025-04-01T00:00:00.000Z' };
    const throughHours = await countReports(h.dataSource, { visibility: EVERYONE, filter: THROUGH_HOURS });
    expect(throughHours).toBeGreaterThan(inWholeMonths);
    await h.dataSource
      .transaction(async (tx) => {
        // With the rows gone (in this transaction only) the cells still count them, the rows count nothing.
        await tx.query(`DELETE FROM report_status`);
        const count = (filter: ReportSearchFilter | null) => countReports(tx, { visibility: EVERYONE, filter });
        expect(await count(null)).toBe(84);
        expect(await count({ regionCode: '13', status: ['SUBMITTED'] })).toBeGreaterThan(0);
        expect(await count({ category: 'infrastruktur-jalan' })).toBe(0);
        expect(await count({ regionCode: '13.76' })).toBe(0);
        // Whole months (February and March, WIB) and hours from their own cells: without the day cells they still count.
        await tx.query(`DELETE FROM report_counts WHERE scope = 'day'`);
        expect(await count(WHOLE_MONTHS)).toBe(inWholeMonths);
        expect(await count(THROUGH_HOURS)).toBe(throughHours);
        throw rollback;
      })
      .catch((error: unknown) => {
        if (error !== rollback) throw error;
      });
  });

  /**
   * The cells after a migration's down, `meanwhile` and its up, in a transaction rolled back after: the
   * migration must give back the cells the projection keeps, those of `scope` among them.
   */
  async function expectMigratedAgain(
    migration: MigrationInterface,
    scope: string,
    meanwhile: (runner: QueryRunner) => Promise<unknown> = async () => undefined,
  ) {
    const live = await cells();
    expect(live.filter((cell: { scope: string }) => cell.scope === scope).length).toBeGreaterThan(10);
    const runner = h.dataSource.createQueryRunner();
    try {
      await runner.startTransaction();
      await migration.down(runner);
      const [left] = await runner.query(`SELECT count(*)::int AS n FROM report_counts WHERE scope = $1`, [scope]);
      expect(left.n).toBe(0);
      await meanwhile(runner);
      await migration.up(runner);
      const migrated = await runner.query(
        `SELECT scope, key, status, kind, channel, overdue, confidential, n FROM report_counts
          ORDER BY scope, key, status, kind, channel, overdue, confidential`,
      );
      expect(migrated).toEqual(live);
    } finally {
      await runner.rollbackTransaction();
      await runner.release();
    }
  }

  it("fills the agency types' cells on migration as the projection keeps them", async () => {
    // The types come from the registrations in the events, the directory aside (KurrentDB mode's source).
    await expectMigratedAgain(new AgencyTypeCounts1763858400000(), 'agencyType', (runner) =>
      runner.query(`DELETE FROM agency_directory`),
    );
  });

  it("fills the months' and the hours' cells on migration", async () => {
    await expectMigratedAgain(new MonthCounts1763858500000(), 'month');
    await expectMigratedAgain(new HourCounts1763858550000(), 'hour');
  });

  it('gives the same cells when rebuilt (shadow tables, then the swap) as when kept live', async () => {
    const live = await cells();
    await h.dataSource.query(`DELETE FROM report_counts`);
    await rebuildProjections([new ReportStatusProjection()], {
      store: h.store,
      log: new PostgresEventLog(h.pool),
      dataSource: h.dataSource,
      pool: h.pool,
    });
    expect(await cells()).toEqual(live);
  });
});
