// The Open311 bridge's reads of report_status (GeoReport v2 service requests).
import type { DataSource } from 'typeorm';
import type { ReportState, ReportStatus } from '../../contexts/reports/report.state.js';
import type { Visibility } from './report-conditions.js';

type Db = Pick<DataSource, 'query'>;

/** By tracking ids (canonical), or, as GeoReport v2 says, when none are given, by the other conditions. */
export type RequestSearch = (
  | { trackingIds: string[] }
  | { trackingIds: null; categories: string[] | null; statuses: ReportStatus[] | null; from: Date; to: Date }
) & { limit: number; offset: number };

/**
 * Reports from the report-status read model that `visibility` shows, oldest submission first, so
 * that the pages of a window stay where they are while new reports arrive at its end.
 */
export async function visibleReports(db: Db, visibility: Visibility, search: RequestSearch): Promise<ReportState[]> {
  const values: unknown[] = [];
  const bind = (value: unknown) => `$${values.push(value)}`;
  const where = [publicOnly(visibility)];
  if (search.trackingIds !== null) where.push(`s.tracking_id = ANY(${bind(search.trackingIds)}::text[])`);
  else {
    where.push(`s.submitted_at >= ${bind(search.from)} AND s.submitted_at <= ${bind(search.to)}`);
    if (search.categories) where.push(`s.category = ANY(${bind(search.categories)}::text[])`);
    if (search.statuses) where.push(`s.status = ANY(${bind(search.statuses)}::text[])`);
  }
  const rows: { state: ReportState }[] = await db.query(
    `SELECT s.state FROM report_status s WHERE ${where.join(' AND ')}
      ORDER BY s.submitted_at, s.report_id LIMIT ${bind(search.limit)} OFFSET ${bind(search.offset)}`,
    values,
  );
  return rows.map((row) => row.state);
}

/**
 * The Open311 bridge reads as the public (src/auth/access-policy.ts, visibilityOf): the public's cell,
 * reports that are not confidential (of report_status as `s`), is the only one it has to express, and it
 * refuses to guess at any other.
 */
export function publicOnly(visibility: Visibility): string {
  const publicCell =
    visibility.nonConfidential &&
    !visibility.all &&
    visibility.agencyId === null &&
    visibility.reporter === null &&
    visibility.submitter === null;
  if (!publicCell) throw new Error('The Open311 bridge reads only what the public may read');
  return 'NOT s.confidential';
}
