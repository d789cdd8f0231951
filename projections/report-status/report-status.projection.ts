import type { ReportEvent } from '../../contexts/reports/report.events.js';
import { evolve, INITIAL_REPORT, type ReportState } from '../../contexts/reports/report.state.js';
import { importProvenanceOf, type ImportProvenance, type RecordedEvent } from '../../src/kernel/event.js';
import { isNextInStream, type Projection, type ProjectionTx } from '../../src/kernel/projection.js';
import { COUNTED_COLUMNS, moveCounts, rememberAgencyTypes, type CountedRow } from './report-count-cells.js';

/**
 * report-status: the current state of every report, one row each, for status queries and
 * search. The row keeps the folded state (so the projection is the domain's own evolve) and the
 * columns filters and sorting need, and moves the report between the cells of report_counts
 * (report-count-cells.ts). An event at or below the row's version was applied already.
 */
export class ReportStatusProjection implements Projection {
  readonly name = 'report-status';
  readonly tables = ['report_status', 'report_counts', 'report_agency_types'] as const;

  async apply(events: readonly RecordedEvent[], tx: ProjectionTx): Promise<void> {
    await rememberAgencyTypes(
      tx,
      events
        .filter((e) => e.type === 'AgencyRegistered' && e.streamId.startsWith('agency-'))
        .map((e) => ({ agencyId: e.streamId.slice('agency-'.length), agencyType: String(e.data.agencyType) })),
    );
    const reportEvents = events.filter((e) => e.streamId.startsWith('report-'));
    if (reportEvents.length === 0) return;
    const ids = [...new Set(reportEvents.map(reportIdOf))];
    const rows: ({ report_id: string; state: ReportState } & CountedRow)[] = await tx.query(
      `SELECT report_id, state, ${COUNTED_COLUMNS} FROM report_status WHERE report_id = ANY($1::uuid[])`,
      [ids],
    );
    const states = new Map(rows.map((row) => [row.report_id, row.state]));
    const counted = new Map<string, CountedRow>(rows.map((row) => [row.report_id, row]));
    const changed = new Set<string>();
    const imported = new Map<string, ImportProvenance>();
    for (const event of reportEvents) {
      const id = reportIdOf(event);
      const state = states.get(id) ?? INITIAL_REPORT;
      if (!isNextInStream(event, state.version)) continue;
      const provenance = event.type === 'ReportSubmitted' ? importProvenanceOf(event) : null;
      if (provenance) imported.set(id, provenance);
      states.set(id, evolve(state, { type: event.type, data: event.data } as ReportEvent, event.metadata.occurredAt));
      changed.add(id);
    }
    if (changed.size === 0) return;
    const written = [...changed].map((id) => toRow(id, states.get(id)!, imported.get(id) ?? null));
    await tx.query(
      `INSERT INTO report_status (report_id, tracking_id, status, kind, title, description, category, channel, region_code, agency_id, unit_id,
                                  anonymous, confidential, overdue, next_due_at, due_at, submitted_at, updated_at, version, state, import_source, import_original_id)
       SELECT * FROM json_to_recordset($1::json) AS r(report_id uuid, tracking_id text, status text, kind text, title text, description text, category text,
         channel text, region_code text, agency_id text, unit_id text, anonymous boolean, confidential boolean, overdue boolean,
         next_due_at timestamptz, due_at timestamptz, submitted_at timestamptz, updated_at timestamptz, version integer, state jsonb,
         import_source text, import_original_id text)
       ON CONFLICT (report_id) DO UPDATE SET tracking_id = EXCLUDED.tracking_id, status = EXCLUDED.status, kind = EXCLUDED.kind,
         title = EXCLUDED.title, description = EXCLUDED.description, category = EXCLUDED.category, channel = EXCLUDED.channel, region_code = EXCLUDED.region_code,
         agency_id = EXCLUDED.agency_id, unit_id = EXCLUDED.unit_id, anonymous = EXCLUDED.anonymous, confidential = EXCLUDED.confidential,
         overdue = EXCLUDED.overdue, next_due_at = EXCLUDED.next_due_at, due_at = EXCLUDED.due_at, submitted_at = EXCLUDED.submitted_at,
         updated_at = EXCLUDED.updated_at, version = EXCLUDED.version, state = EXCLUDED.state,
         import_source = coalesce(EXCLUDED.import_source, report_status.import_source),
         import_original_id = coalesce(EXCLUDED.import_original_id, report_status.import_original_id)`,
      [JSON.stringify(written)],
    );
    await moveCounts(
      tx,
      written.map((row) => ({ from: counted.get(row.report_id) ?? null, to: row })),
    );
  }
}

function reportIdOf(event: RecordedEvent): string {
  return event.streamId.slice('report-'.length);
}

function toRow(reportId: string, state: ReportState, imported: ImportProvenance | null) {
  const deadlines = Object.values(state.deadlines).filter((d) => d !== undefined);
  const open = deadlines
    .filter((d) => !d.missed)
    .map((d) => d.dueAt)
    .sort();
  return {
    report_id: reportId,
    tracking_id: state.trackingId,
    status: state.status,
    kind: state.kind,
    title: state.title,
    description: state.description,
    category: state.category,
    channel: state.channel,
    region_code: state.location?.regionCode ?? null,
    agency_id: state.agencyId,
    unit_id: state.unitId,
    anonymous: state.anonymous,
    confidential: state.confidential,
    overdue: deadlines.some((d) => d.missed),
    next_due_at: open[0] ?? null,
    // The worklists' order: the earliest deadline of the report's step, a missed one included (the most urgent).
    due_at: deadlines.map((d) => d.dueAt).sort()[0] ?? null,
    submitted_at: state.submittedAt,
    updated_at: state.updatedAt,
    version: state.version,
    state,
    import_source: imported?.source ?? null,
    import_original_id: imported?.originalId ?? null,
  };
}
