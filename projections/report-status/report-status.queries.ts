import type { DataSource } from 'typeorm';
import { DomainError } from '../../contexts/domain-error.js';
import type { ReportState } from '../../contexts/reports/report.state.js';

import { EVERY_ROW, QUERY, reportConditions, type ReportSearchFilter, type Visibility } from './report-conditions.js';
import { countReports } from './report-counts.queries.js';
import { isBroadSearch, routeSearch } from './search-route.js';
import { isUuid } from '../../src/kernel/uuid.js';

type Db = Pick<DataSource, 'query'>;

export interface ReportPage {
  edges: { cursor: string; state: ReportState; search: SearchHit | null }[];
  hasNextPage: boolean;
  endCursor: string | null;
  /** Rows matching the query, on every page alike; counted only when asked for. */
  totalCount: () => Promise<number>;
}

/** Why a report matched a full-text search: its rank and a passage with the matching words marked. */
export interface SearchHit {
  rank: number;
  snippet: string;
  /** [start, end) offsets into the snippet (UTF-16 code units, as JavaScript counts) of each matching word. */
  highlights: [number, number][];
}

/** ts_headline marks matches with two private-use characters, taken out of the text first. */
const MARK_START = '\uE000';
const MARK_END = '\uE001';

/** The orders `reports` offers besides a search's relevance. */
export const REPORT_ORDERS = ['NEWEST', 'DEADLINE'] as const;
export type ReportOrder = (typeof REPORT_ORDERS)[number];

/**
 * Reports the caller may see, `first` at a time after the cursor `after`: newest submission first,
 * or (DEADLINE) the oldest deadline of the current step first (due_at: missed ones lead), those without one last, like agencyInbox; with a
 * search, the best match first (then the newest), each with its rank and snippet.
 */
export async function searchReports(
  db: Db,
  {
    visibility,
    filter,
    first,
    after,
    orderBy = 'NEWEST',
    rankWindow,
  }: {
    visibility: Visibility;
    filter: ReportSearchFilter | null;
    first: number;
    after: string | null;
    orderBy?: ReportOrder;
    /** A search ranks the newest this many matching reports (SEARCH_RANK_WINDOW). */
    rankWindow: number;
  },
): Promise<ReportPage> {
  if (filter?.search && orderBy === 'DEADLINE')
    throw new DomainError(
      'BAD_USER_INPUT',
      'A search is ordered by relevance: leave out orderBy (or give NEWEST) with filter.search',
      { argument: 'orderBy' },
    );
  const totalCount = () => countReports(db, { visibility, filter });
  if (filter?.search)
    return searchPage(db, {
      visibility,
      filter: { ...filter, search: filter.search },
      first,
      after,
      rankWindow,
      totalCount,
    });
  const { where, values, bind } = reportConditions(visibility, filter);
  if (orderBy === 'DEADLINE') {
    if (after) {
      const [due, reportId] = decodeCursor(after, 'deadline');
      where.push(`(coalesce(due_at, 'infinity'), report_id) > (${bind(due)}::timestamptz, ${bind(reportId)}::uuid)`);
    }
    const rows: { report_id: string; due: string; state: ReportState }[] = await db.query(
      `SELECT report_id, state, ${DUE_KEY} AS due
         FROM report_status ${where.length ? `WHERE ${where.join(' AND ')}` : ''}
        ORDER BY coalesce(due_at, 'infinity'), report_id LIMIT ${bind(first + 1)}`,
      values,
    );
    return page(
      rows.map((row) => ({ key: row.due, reportId: row.report_id, state: row.state })),
      first,
      totalCount,
      DEADLINE_TAG,
    );
  }
  return newestPage(db, { visibility, filter, first, after, totalCount });
}

/**
 * The newest first. A status filter merges the newest-first walks of each of its statuses
 * (report_status_status_newest_idx), and `overdue: true` walks the overdue ones' own index: one walk
 * through every newer report of any status read each until it had a page's worth (the newest reports
 * wait for verification: a page of dispositioned or overdue ones read 12,619 rows at 1,000,000 reports).
 */
async function newestPage(
  db: Db,
  {
    visibility,
    filter,
    first,
    after,
    totalCount,
  }: {
    visibility: Visibility;
    filter: ReportSearchFilter | null;
    first: number;
    after: string | null;
    totalCount: () => Promise<number>;
  },
): Promise<ReportPage> {
  const statuses = [...new Set(filter?.status ?? [])];
  const { where, values, bind } = reportConditions(visibility, { ...filter, status: null });
  if (after) {
    const [submittedAt, reportId] = decodeCursor(after, 'instant');
    where.push(`(submitted_at, report_id) < (${bind(submittedAt)}, ${bind(reportId)})`);
  }
  const limit = bind(first + 1);
  const newest = (conditions: string[]) =>
    `SELECT report_id, submitted_at, state FROM report_status ${conditions.length ? `WHERE ${conditions.join(' AND ')}` : ''}
      ORDER BY submitted_at DESC, report_id DESC LIMIT ${limit}`;
  const rows: { report_id: string; submitted_at: Date; state: ReportState }[] = await db.query(
    statuses.length
      ? `SELECT * FROM (${statuses.map((status) => `(${newest([`status = ${bind(status)}`, ...where])})`).join(' UNION ALL ')}) AS merged
          ORDER BY submitted_at DESC, report_id DESC LIMIT ${limit}`
      : newest(where),
    values,
  );
  return page(
    rows.map((row) => ({ key: row.submitted_at.toISOString(), reportId: row.report_id, state: row.state })),
    first,
    totalCount,
  );
}

/**
 * A full-text search's page: the newest `rankWindow` matching reports, ranked, the page's rows
 * fetched whole for their headline. The newest matches are found the way searchRoute chooses: a
 * common word by walking report_status_submitted_idx backwards, at most the route's budget of rows
 * (the column's statistics give the rarest word's frequency: the planner multiplies the words'
 * frequencies, and for words that come together, like "jalan rusak", that underestimated 83,000
 * matches as 15,000 and read them all); a rare one, or a walk that came up short (other filters,
 * words seldom together, a burst of newer reports without them), through the GIN index. Both give
 * the same reports.
 */
async function searchPage(
  db: Db,
  {
    visibility,
    filter,
    first,
    after,
    rankWindow,
    totalCount,
  }: {
    visibility: Visibility;
    filter: ReportSearchFilter & { search: string };
    first: number;
    after: string | null;
    rankWindow: number;
    totalCount: () => Promise<number>;
  },
): Promise<ReportPage> {
  const route = await routeSearch(db, filter.search, { window: rankWindow, broad: isBroadSearch(visibility, filter) });
  const { where, values, bind } = reportConditions(visibility, { ...filter, search: null });
  const query = QUERY.replace('$QUERY', bind(filter.search));
  const window = bind(rankWindow);
  const others = where.length ? `${where.join(' AND ')} AND` : '';
  const page: string[] = [];
  if (after) {
    const [rankText, submittedAt, reportId] = decodeCursor(after, 'ranked');
    page.push(`(rank, submitted_at, report_id) < (${bind(rankText)}::real, ${bind(submittedAt)}, ${bind(reportId)})`);
  }
  const indexed = (condition: string) =>
    // OFFSET 0 keeps the ORDER BY and LIMIT out of the matches' own plan, so they are read through an
    // index as the route chose (the GIN index, or a filter's own): planned with them, words the statistics
    // call common but that seldom come together were walked for through every report (3.9 s for none at
    // 1,000,000, against 21 ms).
    `SELECT * FROM (
       SELECT report_id, submitted_at, search_vector FROM report_status
        WHERE ${others} search_vector @@ ${query} AND ${condition} OFFSET 0
     ) AS matching ORDER BY submitted_at DESC, report_id DESC LIMIT ${window}`;
  const walked = (budget: string) =>
    `found AS (
         -- A subquery, not a CTE, so that its order carries through and the walk stops at the window.
         SELECT * FROM (
           SELECT report_id, submitted_at, search_vector FROM report_status
            WHERE ${others} true ORDER BY submitted_at DESC, report_id DESC LIMIT ${budget}
         ) AS newest
          WHERE search_vector @@ ${query} ORDER BY submitted_at DESC, report_id DESC LIMIT ${window}
       ), walked_enough AS (
         -- The window is full, or fewer rows than the budget pass the other filters: the walk saw them all.
         SELECT count(*) = ${window}
                OR (SELECT count(*) FROM (SELECT 1 FROM report_status WHERE ${others} true LIMIT ${budget}) AS passing) < ${budget} AS yes
           FROM found
       ), candidates AS (
         SELECT * FROM found WHERE (SELECT yes FROM walked_enough)
         UNION ALL
         (${indexed('NOT (SELECT yes FROM walked_enough)')})
       )`;
  const candidates = route.walk ? walked(bind(route.budget)) : `candidates AS (${indexed('true')})`;
  const rows: { report_id: string; submitted_at: Date; state: ReportState; rank: string; headline: string }[] =
    await db.query(
      `WITH ${candidates}, ranked AS (
         SELECT report_id, submitted_at, ts_rank(search_vector, ${query}) AS rank FROM candidates
       ), page AS (
         SELECT * FROM ranked ${page.length ? `WHERE ${page.join(' AND ')}` : ''}
          ORDER BY rank DESC, submitted_at DESC, report_id DESC LIMIT ${bind(first + 1)}
       )
       SELECT r.report_id, r.submitted_at, r.state, page.rank::text AS rank,
              ts_headline('indonesian', translate(r.title || E'\n' || r.description, '${MARK_START}${MARK_END}', ''), ${query},
                          'StartSel=${MARK_START}, StopSel=${MARK_END}, MaxWords=35, MinWords=15, MaxFragments=2, FragmentDelimiter=" … "') AS headline
         FROM page JOIN report_status r USING (report_id)
        ORDER BY page.rank DESC, page.submitted_at DESC, page.report_id DESC`,
      values,
    );
  const edges = rows.slice(0, first).map((row) => ({
    cursor: encodeCursor([row.rank, row.submitted_at.toISOString(), row.report_id]),
    state: row.state,
    search: { rank: Number(row.rank), ...highlighted(row.headline) },
  }));
  return { edges, hasNextPage: rows.length > first, endCursor: edges.at(-1)?.cursor ?? null, totalCount };
}

async function countRows(db: Db, where: string[], values: unknown[]): Promise<number> {
  const rows: { n: number }[] = await db.query(
    `SELECT count(*)::int AS n FROM report_status ${where.length ? `WHERE ${where.join(' AND ')}` : ''}`,
    values,
  );
  return rows[0]!.n;
}

/** A ts_headline passage as text and the offsets of its marked words. */
function highlighted(headline: string): { snippet: string; highlights: [number, number][] } {
  const highlights: [number, number][] = [];
  let snippet = '';
  let start = -1;
  for (const char of headline) {
    if (char === MARK_START) start = snippet.length;
    else if (char === MARK_END) highlights.push([start, snippet.length]);
    else snippet += char;
  }
  return { snippet, highlights };
}

/** An agency's worklist: reports dispositioned to it or in progress, the oldest deadline of the current step first (missed ones lead). */
export async function agencyInbox(
  db: Db,
  { agencyId, unitId, first, after }: { agencyId: string; unitId: string | null; first: number; after: string | null },
): Promise<ReportPage> {
  const values: unknown[] = [agencyId];
  let where = `agency_id = $1 AND status IN ('DISPOSITIONED', 'IN_PROGRESS')`;
  if (unitId) where += ` AND unit_id = $${values.push(unitId)}`;
  const counted = { where: [where], values: [...values] };
  if (after) {
    const [due, reportId] = decodeCursor(after, 'instant');
    where += ` AND (coalesce(due_at, 'infinity'), report_id) > ($${values.push(due)}::timestamptz, $${values.push(reportId)}::uuid)`;
  }
  const rows: { report_id: string; due: string; state: ReportState }[] = await db.query(
    `SELECT report_id, state, ${DUE_KEY} AS due
       FROM report_status WHERE ${where}
      ORDER BY coalesce(due_at, 'infinity'), report_id LIMIT $${values.push(first + 1)}`,
    values,
  );
  return page(
    rows.map((row) => ({ key: row.due, reportId: row.report_id, state: row.state })),
    first,
    () => countRows(db, counted.where, counted.values),
  );
}

/** Reports per category submitted in [from, to), optionally in one region, the most first; confidential ones counted. */
export async function topicCounts(
  db: Db,
  {
    from,
    to,
    regionCode,
    agencyType,
    top,
  }: { from: string; to: string; regionCode: string | null; agencyType: string | null; top: number },
): Promise<{ category: string | null; reports: number }[]> {
  const { where, values, bind } = reportConditions(EVERY_ROW, {
    submittedFrom: from,
    submittedTo: to,
    regionCode,
    agencyType,
  });
  return db.query(
    `SELECT category, count(*)::int AS reports FROM report_status WHERE ${where.join(' AND ')}
      GROUP BY category ORDER BY count(*) DESC, category LIMIT ${bind(top)}`,
    values,
  );
}

function page(
  rows: { key: string; reportId: string; state: ReportState }[],
  first: number,
  totalCount: () => Promise<number>,
  tag?: string,
): ReportPage {
  const edges = rows.slice(0, first).map((row) => ({
    cursor: encodeCursor(tag ? [tag, row.key, row.reportId] : [row.key, row.reportId]),
    state: row.state,
    search: null,
  }));
  return { edges, hasNextPage: rows.length > first, endCursor: edges.at(-1)?.cursor ?? null, totalCount };
}

/** A row's running deadline as a cursor holds it: the instant in UTC to the millisecond, or 'infinity' for none. */
const DUE_KEY = `CASE WHEN due_at IS NULL THEN 'infinity' ELSE to_char(due_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"') END`;

/** Marks the cursors of reports(orderBy: DEADLINE), which would otherwise read like those of the newest-first order. */
const DEADLINE_TAG = 'deadline';

/** A cursor is the sort key of the last row: [rank,] an instant (or 'infinity' for no deadline) and the report id. */
function encodeCursor(key: string[]): string {
  return Buffer.from(JSON.stringify(key)).toString('base64url');
}

const INSTANT = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$/;
const RANK = /^\d+(\.\d+)?(e-?\d+)?$/;

/** Whether PostgreSQL's `real` holds the number (a float4 neither overflows nor underflows to 0). */
function isReal(value: number): boolean {
  const single = Math.fround(value);
  return Number.isFinite(single) && (single !== 0 || value === 0);
}

/**
 * Only what this query wrote, in the shape of its order: an ISO instant of years 0001-9999 (one
 * PostgreSQL can compare) or 'infinity', then a report id; preceded by a rank for a search
 * ('ranked') or by the deadline order's tag ('deadline'). Returns the key without the tag, so a
 * cursor of one order given to another is refused.
 */
function decodeCursor(cursor: string, shape: 'instant' | 'ranked' | 'deadline'): string[] {
  try {
    const key = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8')) as unknown;
    const parts = shape === 'instant' ? 2 : 3;
    if (!Array.isArray(key) || key.length !== parts || !key.every((part) => typeof part === 'string'))
      throw new Error();
    const [reportId, instant, first] = [...(key as string[])].reverse();
    const validInstant =
      instant === 'infinity' ||
      (INSTANT.test(instant!) && !instant!.startsWith('0000') && !Number.isNaN(Date.parse(instant!)));
    if (!validInstant || !isUuid(reportId!)) throw new Error();
    // A rank is a real: one a real cannot hold (1e50, 1e-50) was never returned.
    if (shape === 'ranked' && !(RANK.test(first!) && isReal(Number(first)))) throw new Error();
    if (shape === 'deadline' && first !== DEADLINE_TAG) throw new Error();
    return shape === 'deadline' ? (key as string[]).slice(1) : (key as string[]);
  } catch {
    throw new DomainError('BAD_USER_INPUT', 'after is not a cursor this query returned', { argument: 'after' });
  }
}

/** Where each of these reports is now, for the change feed. */
export async function reportSummaries(
  db: Db,
  reportIds: string[],
): Promise<{ reportId: string; trackingId: string; agencyId: string | null; status: string }[]> {
  const rows: { report_id: string; tracking_id: string; agency_id: string | null; status: string }[] = await db.query(
    `SELECT report_id, tracking_id, agency_id, status FROM report_status WHERE report_id = ANY($1::uuid[])`,
    [reportIds],
  );
  return rows.map((row) => ({
    reportId: row.report_id,
    trackingId: row.tracking_id,
    agencyId: row.agency_id,
    status: row.status,
  }));
}

/** Reports with a running deadline past `now`, the longest overdue first, at most `limit`. */
export async function reportsPastDue(db: Db, now: Date, limit: number): Promise<string[]> {
  const rows: { report_id: string }[] = await db.query(
    `SELECT report_id FROM report_status WHERE next_due_at < $1 ORDER BY next_due_at LIMIT $2`,
    [now.toISOString(), limit],
  );
  return rows.map((row) => row.report_id);
}

/** Where each of these reports was imported from (the source system and the case's id there); live ones are left out. */
export async function importOrigins(
  db: Db,
  reportIds: readonly string[],
): Promise<Map<string, { source: string; originalId: string }>> {
  const rows: { report_id: string; import_source: string; import_original_id: string }[] = await db.query(
    `SELECT report_id, import_source, import_original_id FROM report_status
      WHERE report_id = ANY($1::uuid[]) AND import_source IS NOT NULL`,
    [reportIds],
  );
  return new Map(rows.map((row) => [row.report_id, { source: row.import_source, originalId: row.import_original_id }]));
}
