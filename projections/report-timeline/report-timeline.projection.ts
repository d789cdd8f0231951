import type { ReportEvent } from '../../contexts/reports/report.events.js';
import { evolve, INITIAL_REPORT, type ReportStatus } from '../../contexts/reports/report.state.js';
import { importProvenanceOf, type RecordedEvent } from '../../src/kernel/event.js';
import { isNextInStream, type Projection, type ProjectionTx } from '../../src/kernel/projection.js';
import { describeEvent } from './timeline-descriptions.js';

/**
 * report-timeline: the audit trail of each report, one row per event: when, who, what, the
 * status before and after, and a description in Indonesian and English. A reporter's own id is
 * never copied here (the row says only that the reporter acted), so no agency reading the
 * trail learns who an anonymous reporter is. Internal notes are marked so queries can hide them.
 */
export class ReportTimelineProjection implements Projection {
  readonly name = 'report-timeline';
  readonly tables = ['report_timeline'] as const;

  async apply(events: readonly RecordedEvent[], tx: ProjectionTx): Promise<void> {
    const reportEvents = events.filter((e) => e.streamId.startsWith('report-'));
    if (reportEvents.length === 0) return;
    const ids = [...new Set(reportEvents.map((e) => e.streamId.slice('report-'.length)))];
    const last: { report_id: string; stream_version: number; to_status: ReportStatus }[] = await tx.query(
      // Each report's last row, one backward step of the primary key apiece (DISTINCT ON sorted all their rows).
      `SELECT id AS report_id, last.stream_version, last.to_status FROM unnest($1::uuid[]) AS id,
         LATERAL (SELECT stream_version, to_status FROM report_timeline WHERE report_id = id ORDER BY stream_version DESC LIMIT 1) AS last`,
      [ids],
    );
    const heads = new Map(last.map((row) => [row.report_id, { version: row.stream_version, status: row.to_status }]));
    const rows = [];
    for (const recorded of reportEvents) {
      const reportId = recorded.streamId.slice('report-'.length);
      const head = heads.get(reportId) ?? { version: 0, status: null };
      if (!isNextInStream(recorded, head.version)) continue;
      const event = { type: recorded.type, data: recorded.data } as ReportEvent;
      // A report's status follows from its events' types and data alone, so the previous status is all evolve needs here.
      const to = evolve({ ...INITIAL_REPORT, status: head.status ?? 'SUBMITTED' }, event).status;
      const { actor } = recorded.metadata;
      const description = describeEvent(event);
      rows.push({
        report_id: reportId,
        stream_version: recorded.streamVersion,
        global_position: recorded.globalPosition.toString(),
        occurred_at: recorded.metadata.occurredAt,
        recorded_at: recorded.recordedAt.toISOString(),
        actor_id: actor.role === 'REPORTER' || actor.role === 'PUBLIC' ? null : actor.id,
        actor_role: actor.role,
        actor_agency_id: actor.agencyId ?? null,
        event_type: recorded.type,
        from_status: head.status,
        to_status: to,
        internal: recorded.type === 'InternalNoteAdded',
        description_id: description.id,
        description_en: description.en,
        import_source: importProvenanceOf(recorded)?.source ?? null,
      });
      heads.set(reportId, { version: recorded.streamVersion, status: to });
    }
    if (rows.length === 0) return;
    await tx.query(
      `INSERT INTO report_timeline
       SELECT * FROM json_to_recordset($1::json) AS r(report_id uuid, stream_version integer, global_position bigint, occurred_at timestamptz,
         recorded_at timestamptz, actor_id text, actor_role text, actor_agency_id text, event_type text, from_status text, to_status text,
         internal boolean, description_id text, description_en text, import_source text)
       ON CONFLICT (report_id, stream_version) DO NOTHING`,
      [JSON.stringify(rows)],
    );
  }
}
