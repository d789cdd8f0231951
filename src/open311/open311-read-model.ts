import type { DataSource } from 'typeorm';
import type { ReportState, ReportStatus } from '../../contexts/reports/report.state.js';
import type { Visibility } from '../../projections/report-status/report-conditions.js';

type Db = Pick<DataSource, 'query'>;

/** The timeline entries whose text is the newest word on a report's status: a follow-up, the resolution, the archiving. */
const STATUS_NOTE_EVENTS = ['FollowUpPosted', 'ReportResolved', 'ReportRejected'];

/** By tracking ids (canonical), or, as GeoReport v2 says, when none are given, by the other conditions. */
export type RequestSearch = (
  | { trackingIds: string[] }
  | { trackingIds: null; categories: string[] | null; statuses: ReportStatus[] | null; from: Date; to: Date }
) & { limit: number; offset: number };

export interface UpdateRow {
  position: string;
  trackingId: string;
  occurredAt: Date;
  status: ReportStatus;
  description: string;
}

/**
 * Reports from the report-status read model that `visibility` shows, oldest submission first, so
 * that the pages of a window stay where they are while new reports arrive at its end.
 */
export async function visibleReports(db: Db, visibility: Visibility, search: RequestSearch): Promise<ReportState[]> {
  const values: unknown[] = [];
  const bind = (value: unknown) => `$${values.push(value)}`;
  const where = [visibleSql(visibility)];
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

/** The newest public status note (report-timeline, internal notes never) of each report, in Indonesian. */
export async function statusNotes(db: Db, reportIds: readonly string[]): Promise<Map<string, string>> {
  const rows: { report_id: string; description_id: string }[] = await db.query(
    `SELECT DISTINCT ON (report_id) report_id, description_id FROM report_timeline
      WHERE report_id = ANY($1::uuid[]) AND NOT internal AND event_type = ANY($2::text[])
      ORDER BY report_id, stream_version DESC`,
    [reportIds, STATUS_NOTE_EVENTS],
  );
  return new Map(rows.map((row) => [row.report_id, row.description_id]));
}

/**
 * Every public status change and follow-up (report-timeline) of the reports `visibility` shows,
 * that happened in [from, to], in the order they happened. A submission is no change of status.
 */
export async function visibleUpdates(
  db: Db,
  visibility: Visibility,
  { from, to, limit, offset }: { from: Date; to: Date; limit: number; offset: number },
): Promise<UpdateRow[]> {
  const rows: {
    global_position: string;
    tracking_id: string;
    occurred_at: Date;
    to_status: ReportStatus;
    description_id: string;
  }[] = await db.query(
    `SELECT t.global_position::text, s.tracking_id, t.occurred_at, t.to_status, t.description_id
       FROM report_timeline t JOIN report_status s ON s.report_id = t.report_id
      WHERE ${visibleSql(visibility)} AND NOT t.internal AND t.occurred_at >= $1 AND t.occurred_at <= $2
        AND (t.event_type = 'FollowUpPosted' OR (t.from_status IS NOT NULL AND t.from_status <> t.to_status))
      ORDER BY t.occurred_at, t.global_position LIMIT $3 OFFSET $4`,
    [from, to, limit, offset],
  );
  return rows.map((row) => ({
    position: row.global_position,
    trackingId: row.tracking_id,
    occurredAt: row.occurred_at,
    status: row.to_status,
    description: row.description_id,
  }));
}

/**
 * The bridge reads as the public (access-policy.ts, visibilityOf): the public's cell, reports that
 * are not confidential, is the only one it has to express, and it refuses to guess at any other.
 */
function visibleSql(visibility: Visibility): string {
  const publicCell =
    visibility.nonConfidential &&
    !visibility.all &&
    visibility.agencyId === null &&
    visibility.reporter === null &&
    visibility.submitter === null;
  if (!publicCell) throw new Error('The Open311 bridge reads only what the public may read');
  return 'NOT s.confidential';
}
