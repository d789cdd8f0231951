// The Open311 bridge's reads of report_timeline (GeoReport v2 status notes and updates).
import type { DataSource } from 'typeorm';
import type { ReportStatus } from '../../contexts/reports/report.state.js';
import type { Visibility } from '../report-status/report-conditions.js';
import { publicOnly } from '../report-status/open311.queries.js';

type Db = Pick<DataSource, 'query'>;

/** The timeline entries whose text is the newest word on a report's status: a follow-up, the resolution, the archiving. */
const STATUS_NOTE_EVENTS = ['FollowUpPosted', 'ReportResolved', 'ReportRejected'];

export interface UpdateRow {
  position: string;
  trackingId: string;
  occurredAt: Date;
  status: ReportStatus;
  description: string;
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
      WHERE ${publicOnly(visibility)} AND NOT t.internal AND t.occurred_at >= $1 AND t.occurred_at <= $2
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
