import { wibDate } from '../../contexts/calendar/working-days.js';
import { unreachable } from '../../contexts/domain-error.js';
import type { ReportEvent } from '../../contexts/reports/report.events.js';
import { evolve, INITIAL_REPORT, keepState, resumeState, type KeptState } from '../../contexts/reports/report.state.js';
import type { RecordedEvent } from '../../src/kernel/event.js';
import { isNextInStream, type Projection, type ProjectionTx } from '../../src/kernel/projection.js';

/** The lifecycle steps a trend counts, each the event that marks it. */
export const TREND_STEPS = ['submitted', 'verified', 'dispositioned', 'resolved', 'closed', 'escalated'] as const;
export type TrendStep = (typeof TREND_STEPS)[number];

function stepOf(event: ReportEvent): TrendStep | null {
  switch (event.type) {
    case 'ReportSubmitted':
      return 'submitted';
    case 'ReportVerified':
      return 'verified';
    case 'ReportDispositioned':
      return 'dispositioned';
    case 'ReportResolved':
      return 'resolved';
    case 'ReportClosed':
      return 'closed';
    case 'EscalatedToOmbudsman':
      return 'escalated';
    case 'ClarificationRequested':
    case 'ClarificationProvided':
    case 'ReportRejected':
    case 'DispositionDeclined':
    case 'ReportForwarded':
    case 'FollowUpStarted':
    case 'FollowUpPosted':
    case 'InternalNoteAdded':
    case 'ResolutionAccepted':
    case 'ResolutionDisputed':
    case 'ReportReopened':
    case 'OmbudsmanFindingRecorded':
    case 'DeadlineMissed':
      return null;
    default:
      return unreachable(event);
  }
}

/** A day's counts under one region, agency and category: the rows a batch adds to the trend's tables. */
type TrendRow = { day: string; region_code: string; agency_id: string; category: string } & Record<TrendStep, number>;

/**
 * A row before any step is counted, written out in one literal: spreading Object.fromEntries of the
 * steps into it took 5 % of the Node process's busy samples in a rebuild (its pages touch days all over the years, so
 * most steps start a row).
 */
function uncounted(day: string, region: string, agency: string, category: string): TrendRow {
  return {
    day,
    region_code: region,
    agency_id: agency,
    category,
    submitted: 0,
    verified: 0,
    dispositioned: 0,
    resolved: 0,
    closed: 0,
    escalated: 0,
  };
}

/** Adds the counts of `rows` (JSON) to `table`, summed over the dimensions it keeps. */
async function add(tx: ProjectionTx, table: string, keys: string[], rows: string): Promise<void> {
  const columns = keys.map((key) => (key === 'day' ? 'day date' : `${key} text`)).join(', ');
  await tx.query(
    `INSERT INTO ${table} (${keys.join(', ')}, ${TREND_STEPS.join(', ')})
     SELECT ${keys.join(', ')}, ${TREND_STEPS.map((s) => `sum(${s})`).join(', ')}
       FROM json_to_recordset($1::json) AS r(${columns}, ${TREND_STEPS.map((s) => `${s} integer`).join(', ')})
      GROUP BY ${keys.join(', ')}
     ON CONFLICT (${keys.join(', ')}) DO UPDATE SET ${TREND_STEPS.map((s) => `${s} = ${table}.${s} + EXCLUDED.${s}`).join(', ')}`,
    [rows],
  );
}

/** What the projection keeps of each report between batches: the dimensions a step is counted under. */
const KEPT = ['location', 'agencyId', 'category'] as const;
type KeptField = (typeof KEPT)[number];

/**
 * report-trend: per WIB day (when it happened, the event's occurredAt), region, agency and
 * category (and the same without the agency, a tenth of the rows), how many reports took each lifecycle step, so a trend over any period and filter
 * sums a few rows per day instead of scanning every report. The dimensions are the report's as
 * of the event (an agency is the one holding it after the step; a category is known from
 * verification on). Each report's dimensions and version, as folded so far, sit beside the counts,
 * so an event applied already is skipped.
 */
export class ReportTrendProjection implements Projection {
  readonly name = 'report-trend';
  readonly tables = ['trend_report_state', 'report_trend_daily', 'report_trend_region_daily'] as const;

  async apply(events: readonly RecordedEvent[], tx: ProjectionTx): Promise<void> {
    const reportEvents = events.filter((e) => e.streamId.startsWith('report-'));
    if (reportEvents.length === 0) return;
    const ids = [...new Set(reportEvents.map((e) => e.streamId.slice('report-'.length)))];
    const rows: { report_id: string; state: KeptState<KeptField> }[] = await tx.query(
      `SELECT report_id, state FROM trend_report_state WHERE report_id = ANY($1::uuid[])`,
      [ids],
    );
    // Each report's state resumed once a batch, and kept (its few fields) once when written.
    const states = new Map(rows.map((row) => [row.report_id, resumeState(row.state)]));
    const counts = new Map<string, TrendRow>();
    const changed = new Set<string>();
    for (const recorded of reportEvents) {
      const reportId = recorded.streamId.slice('report-'.length);
      const before = states.get(reportId) ?? INITIAL_REPORT;
      if (!isNextInStream(recorded, before.version)) continue;
      const event = { type: recorded.type, data: recorded.data } as ReportEvent;
      const after = evolve(before, event, recorded.metadata.occurredAt);
      states.set(reportId, after);
      changed.add(reportId);
      const step = stepOf(event);
      if (!step) continue;
      const day = wibDate(new Date(recorded.metadata.occurredAt));
      const [region, agency, category] = [after.location?.regionCode ?? '', after.agencyId ?? '', after.category ?? ''];
      const id = `${day}\n${region}\n${agency}\n${category}`;
      let row = counts.get(id);
      if (!row) counts.set(id, (row = uncounted(day, region, agency, category)));
      row[step] += 1;
    }
    if (changed.size === 0) return;
    await tx.query(
      `INSERT INTO trend_report_state (report_id, state) SELECT * FROM json_to_recordset($1::json) AS r(report_id uuid, state jsonb)
       ON CONFLICT (report_id) DO UPDATE SET state = EXCLUDED.state`,
      [JSON.stringify([...changed].map((id) => ({ report_id: id, state: keepState(states.get(id)!, KEPT) })))],
    );
    if (counts.size === 0) return;
    const batch = JSON.stringify([...counts.values()]);
    await add(tx, 'report_trend_daily', ['day', 'region_code', 'agency_id', 'category'], batch);
    await add(tx, 'report_trend_region_daily', ['day', 'region_code', 'category'], batch);
  }
}
