import type { DataSource } from 'typeorm';
import { DomainError } from '../../contexts/domain-error.js';
import type { ReportState } from '../../contexts/reports/report.state.js';

type Db = Pick<DataSource, 'query'>;

/**
 * Which rows a caller may see, as the access policy worked it out for them (src/auth/access-policy.ts,
 * visibilityOf): every row, or any row that one of the alternatives covers.
 */
export interface Visibility {
  all: boolean;
  nonConfidential: boolean;
  /** Reports with this agency. */
  agencyId: string | null;
  /** Reports this reporter principal owns. */
  reporter: string | null;
  /** Reports this integrator principal submitted, limited (an API key's agencies) to not yet routed or routed to these. */
  submitter: { principal: string; agencies: readonly string[] | null } | null;
}

export interface ReportSearchFilter {
  status?: string[] | null;
  kind?: string | null;
  agencyId?: string | null;
  unitId?: string | null;
  category?: string | null;
  channel?: string | null;
  /** A Kemendagri region code or a prefix of one (13 covers 13.76). */
  regionCode?: string | null;
  submittedFrom?: string | null;
  submittedTo?: string | null;
  overdue?: boolean | null;
  /** Words in the title. */
  search?: string | null;
}

export interface ReportPage {
  edges: { cursor: string; state: ReportState }[];
  hasNextPage: boolean;
  endCursor: string | null;
}

/** Reports the caller may see, newest submission first, `first` at a time after the cursor `after`. */
export async function searchReports(
  db: Db,
  {
    visibility,
    filter,
    first,
    after,
  }: { visibility: Visibility; filter: ReportSearchFilter | null; first: number; after: string | null },
): Promise<ReportPage> {
  const where: string[] = [];
  const values: unknown[] = [];
  const bind = (value: unknown) => `$${values.push(value)}`;
  const add = (sql: (p: string) => string, value: unknown) => where.push(sql(bind(value)));
  const visible = visibilitySql(visibility, bind);
  if (visible) where.push(visible);
  if (filter?.status?.length) add((p) => `status = ANY(${p})`, filter.status);
  if (filter?.kind) add((p) => `kind = ${p}`, filter.kind);
  if (filter?.agencyId) add((p) => `agency_id = ${p}`, filter.agencyId);
  if (filter?.unitId) add((p) => `unit_id = ${p}`, filter.unitId);
  if (filter?.category) add((p) => `category = ${p}`, filter.category);
  if (filter?.channel) add((p) => `channel = ${p}`, filter.channel);
  if (filter?.regionCode) add((p) => `(region_code = ${p} OR region_code LIKE ${p} || '.%')`, filter.regionCode);
  if (filter?.submittedFrom) add((p) => `submitted_at >= ${p}`, filter.submittedFrom);
  if (filter?.submittedTo) add((p) => `submitted_at < ${p}`, filter.submittedTo);
  if (filter?.overdue != null) add((p) => `overdue = ${p}`, filter.overdue);
  if (filter?.search) add((p) => `title ILIKE ${p}`, `%${filter.search.replace(/[\\%_]/g, (c) => `\\${c}`)}%`);
  if (after) {
    const [submittedAt, reportId] = decodeCursor(after);
    where.push(`(submitted_at, report_id) < (${bind(submittedAt)}, ${bind(reportId)})`);
  }
  const rows: { report_id: string; submitted_at: Date; state: ReportState }[] = await db.query(
    `SELECT report_id, submitted_at, state FROM report_status ${where.length ? `WHERE ${where.join(' AND ')}` : ''}
      ORDER BY submitted_at DESC, report_id DESC LIMIT ${bind(first + 1)}`,
    values,
  );
  return page(
    rows.map((row) => ({ key: row.submitted_at, reportId: row.report_id, state: row.state })),
    first,
  );
}

/** An agency's worklist: reports dispositioned to it or in progress, the nearest deadline first. */
export async function agencyInbox(
  db: Db,
  { agencyId, unitId, first, after }: { agencyId: string; unitId: string | null; first: number; after: string | null },
): Promise<ReportPage> {
  const values: unknown[] = [agencyId];
  let where = `agency_id = $1 AND status IN ('DISPOSITIONED', 'IN_PROGRESS')`;
  if (unitId) where += ` AND unit_id = $${values.push(unitId)}`;
  if (after) {
    const [due, reportId] = decodeCursor(after);
    where += ` AND (coalesce(next_due_at, 'infinity'), report_id) > ($${values.push(due)}::timestamptz, $${values.push(reportId)}::uuid)`;
  }
  const rows: { report_id: string; due: string; state: ReportState }[] = await db.query(
    `SELECT report_id, state,
            CASE WHEN next_due_at IS NULL THEN 'infinity' ELSE to_char(next_due_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"') END AS due
       FROM report_status WHERE ${where}
      ORDER BY coalesce(next_due_at, 'infinity'), report_id LIMIT $${values.push(first + 1)}`,
    values,
  );
  return page(
    rows.map((row) => ({ key: row.due, reportId: row.report_id, state: row.state })),
    first,
  );
}

/** Reports per category submitted in [from, to), optionally in one region, the most first; confidential ones counted. */
export async function topicCounts(
  db: Db,
  { from, to, regionCode, top }: { from: string; to: string; regionCode: string | null; top: number },
): Promise<{ category: string | null; reports: number }[]> {
  return db.query(
    `SELECT category, count(*)::int AS reports FROM report_status
      WHERE submitted_at >= $1 AND submitted_at < $2
        AND ($3::text IS NULL OR region_code = $3 OR region_code LIKE $3 || '.%')
      GROUP BY category ORDER BY count(*) DESC, category LIMIT $4`,
    [from, to, regionCode, top],
  );
}

/** The visibility as a condition over report_status; null when every row is visible. */
function visibilitySql(visibility: Visibility, bind: (value: unknown) => string): string | null {
  if (visibility.all) return null;
  const alternatives: string[] = [];
  if (visibility.nonConfidential) alternatives.push('NOT confidential');
  if (visibility.agencyId !== null) alternatives.push(`agency_id = ${bind(visibility.agencyId)}`);
  if (visibility.reporter !== null) alternatives.push(`state->>'reporterId' = ${bind(visibility.reporter)}`);
  if (visibility.submitter !== null) {
    const { principal, agencies } = visibility.submitter;
    const reach = agencies ? ` AND (agency_id IS NULL OR agency_id = ANY(${bind(agencies)}))` : '';
    alternatives.push(`(state->>'submittedBy' = ${bind(principal)}${reach})`);
  }
  return alternatives.length ? `(${alternatives.join(' OR ')})` : 'FALSE';
}

function page(rows: { key: Date | string; reportId: string; state: ReportState }[], first: number): ReportPage {
  const edges = rows.slice(0, first).map((row) => ({ cursor: encodeCursor(row.key, row.reportId), state: row.state }));
  return { edges, hasNextPage: rows.length > first, endCursor: edges.at(-1)?.cursor ?? null };
}

/** A cursor is the sort key of the last row: an instant (or 'infinity' for no deadline) and the report id. */
function encodeCursor(key: Date | string, reportId: string): string {
  return Buffer.from(JSON.stringify([key instanceof Date ? key.toISOString() : key, reportId])).toString('base64url');
}

function decodeCursor(cursor: string): [string, string] {
  try {
    const [key, reportId] = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8')) as [string, string];
    // Only what this query wrote: an ISO instant of years 0001-9999 (one PostgreSQL can compare) or 'infinity'.
    const instant = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$/.test(key) && !Number.isNaN(Date.parse(key));
    if ((key !== 'infinity' && !instant) || !/^[0-9a-f-]{36}$/.test(reportId)) throw new Error();
    return [key, reportId];
  } catch {
    throw new DomainError('BAD_USER_INPUT', 'after is not a cursor this query returned');
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
