import type { ReportEvent } from '../../contexts/reports/report.events.js';
import {
  evolve,
  INITIAL_REPORT,
  keepState,
  resumeState,
  type KeptState,
  type ReportState,
} from '../../contexts/reports/report.state.js';
import type { RecordedEvent } from '../../src/kernel/event.js';
import { isNextInStream, type Projection, type ProjectionTx } from '../../src/kernel/projection.js';
import { wibDate } from '../../contexts/calendar/working-days.js';

/** What became of a report while one agency held it. */
export type AgencyOutcome =
  'NOT_FOLLOWED_UP' | 'IN_PROGRESS' | 'RESOLVED' | 'CLOSED' | 'DECLINED' | 'FORWARDED' | 'ESCALATED';

interface Row {
  report_id: string;
  agency_id: string;
  received_at: string;
  first_response_at: string | null;
  resolved_at: string | null;
  outcome: AgencyOutcome;
  rating: number | null;
  deadlines_met: number;
  deadlines_missed: number;
}

/** What the projection keeps of each report between batches: the agency holding it and the deadlines running. */
const KEPT = ['agencyId', 'deadlines'] as const;
type KeptField = (typeof KEPT)[number];

/**
 * agency-performance: one row per report and agency that received it (disposition or
 * forwarding), with what became of it there: the first follow-up's time, the resolution, the
 * satisfaction rating, and the agency's deadlines met and missed. The agency's figures for any
 * range of days are sums over these rows. The projection keeps each report's agency and deadlines, as
 * folded so far, beside them to know which agency holds it and which deadlines were running.
 */
export class AgencyPerformanceProjection implements Projection {
  readonly name = 'agency-performance';
  readonly tables = [
    'performance_report_state',
    'agency_report_performance',
    'agency_daily_figures',
    'agency_monthly_figures',
    'agency_yearly_figures',
  ] as const;

  async apply(events: readonly RecordedEvent[], tx: ProjectionTx): Promise<void> {
    const reportEvents = events.filter((e) => e.streamId.startsWith('report-'));
    if (reportEvents.length === 0) return;
    const ids = [...new Set(reportEvents.map((e) => e.streamId.slice('report-'.length)))];
    // Each report's state resumed once a batch, and kept (its few fields) once when written.
    const states = new Map<string, ReportState>(
      (
        await tx.query(`SELECT report_id, state FROM performance_report_state WHERE report_id = ANY($1::uuid[])`, [ids])
      ).map((r: { report_id: string; state: KeptState<KeptField> }) => [r.report_id, resumeState(r.state)]),
    );
    const rows = new Map<string, Row>(
      (await tx.query(`SELECT * FROM agency_report_performance WHERE report_id = ANY($1::uuid[])`, [ids])).map(
        (r: Row & { received_at: Date; first_response_at: Date | null; resolved_at: Date | null }) => [
          `${r.report_id}/${r.agency_id}`,
          {
            ...r,
            received_at: r.received_at.toISOString(),
            first_response_at: r.first_response_at?.toISOString() ?? null,
            resolved_at: r.resolved_at?.toISOString() ?? null,
          },
        ],
      ),
    );
    // What each row counted for before this batch, to move its day's sums by the difference.
    const counted = new Map([...rows].map(([key, row]) => [key, { ...row }]));
    const touched = new Set<string>();
    for (const recorded of reportEvents) {
      const reportId = recorded.streamId.slice('report-'.length);
      const before = states.get(reportId) ?? INITIAL_REPORT;
      if (!isNextInStream(recorded, before.version)) continue;
      const event = { type: recorded.type, data: recorded.data } as ReportEvent;
      const at = recorded.metadata.occurredAt;
      const row = (agencyId: string | null): Row | undefined =>
        agencyId ? rows.get(`${reportId}/${agencyId}`) : undefined;
      const receive = (agencyId: string) => {
        const key = `${reportId}/${agencyId}`;
        const existing = rows.get(key);
        rows.set(
          key,
          existing
            ? { ...existing, outcome: 'NOT_FOLLOWED_UP' }
            : {
                report_id: reportId,
                agency_id: agencyId,
                received_at: at,
                first_response_at: null,
                resolved_at: null,
                outcome: 'NOT_FOLLOWED_UP',
                rating: null,
                deadlines_met: 0,
                deadlines_missed: 0,
              },
        );
        touched.add(key);
      };
      const update = (agencyId: string | null, change: (current: Row) => Partial<Row>) => {
        const current = row(agencyId);
        if (!current) return;
        Object.assign(current, change(current));
        touched.add(`${reportId}/${agencyId}`);
      };
      const metBy = (kind: 'FIRST_FOLLOW_UP' | 'COMPLETION') => {
        const deadline = before.deadlines[kind];
        return deadline && !deadline.missed && Date.parse(at) <= Date.parse(deadline.dueAt) ? 1 : 0;
      };
      switch (event.type) {
        case 'ReportDispositioned':
          receive(event.data.agencyId);
          break;
        case 'ReportForwarded':
          update(event.data.fromAgencyId, () => ({ outcome: 'FORWARDED' }));
          receive(event.data.toAgencyId);
          break;
        case 'DispositionDeclined':
          update(event.data.agencyId, () => ({ outcome: 'DECLINED' }));
          break;
        case 'FollowUpStarted':
          update(before.agencyId, (r) => ({
            outcome: 'IN_PROGRESS',
            first_response_at: r.first_response_at ?? at,
            deadlines_met: r.deadlines_met + metBy('FIRST_FOLLOW_UP'),
          }));
          break;
        case 'ReportResolved':
          update(before.agencyId, (r) => ({
            outcome: 'RESOLVED',
            resolved_at: at,
            deadlines_met: r.deadlines_met + metBy('COMPLETION'),
          }));
          break;
        case 'ReportReopened':
          update(before.agencyId, () => ({ outcome: 'IN_PROGRESS' }));
          break;
        case 'ResolutionAccepted':
          update(before.agencyId, () => ({ rating: event.data.rating }));
          break;
        case 'ReportClosed':
          update(before.agencyId, (r) => ({ outcome: r.outcome === 'ESCALATED' ? 'ESCALATED' : 'CLOSED' }));
          break;
        case 'EscalatedToOmbudsman':
          update(before.agencyId, () => ({ outcome: 'ESCALATED' }));
          break;
        case 'OmbudsmanFindingRecorded':
          if (event.data.outcome === 'RETURN_TO_AGENCY') update(before.agencyId, () => ({ outcome: 'IN_PROGRESS' }));
          break;
        case 'DeadlineMissed':
          if (event.data.deadline === 'FIRST_FOLLOW_UP' || event.data.deadline === 'COMPLETION')
            update(before.agencyId, (r) => ({ deadlines_missed: r.deadlines_missed + 1 }));
          break;
        default:
          break;
      }
      states.set(reportId, evolve(before, event, at));
    }
    await tx.query(
      `INSERT INTO performance_report_state (report_id, state) SELECT * FROM json_to_recordset($1::json) AS r(report_id uuid, state jsonb)
       ON CONFLICT (report_id) DO UPDATE SET state = EXCLUDED.state`,
      [JSON.stringify([...states].map(([id, state]) => ({ report_id: id, state: keepState(state, KEPT) })))],
    );
    if (touched.size === 0) return;
    await tx.query(
      `INSERT INTO agency_report_performance SELECT * FROM json_to_recordset($1::json) AS r(report_id uuid, agency_id text, received_at timestamptz,
         first_response_at timestamptz, resolved_at timestamptz, outcome text, rating integer, deadlines_met integer, deadlines_missed integer)
       ON CONFLICT (report_id, agency_id) DO UPDATE SET received_at = EXCLUDED.received_at, first_response_at = EXCLUDED.first_response_at,
         resolved_at = EXCLUDED.resolved_at, outcome = EXCLUDED.outcome, rating = EXCLUDED.rating,
         deadlines_met = EXCLUDED.deadlines_met, deadlines_missed = EXCLUDED.deadlines_missed`,
      [JSON.stringify([...touched].map((key) => rows.get(key)))],
    );
    const sums = new Map<string, DailyFigures>();
    for (const key of touched) {
      add(sums, figuresOf(counted.get(key)), -1);
      add(sums, figuresOf(rows.get(key)), 1);
    }
    await addFigures(tx, 'agency_daily_figures', 'day', [...sums.values()]);
    const months = new Map<string, DailyFigures>();
    for (const figures of sums.values()) add(months, { ...figures, day: `${figures.day.slice(0, 7)}-01` }, 1);
    await addFigures(tx, 'agency_monthly_figures', 'month', [...months.values()]);
    const years = new Map<string, DailyFigures>();
    for (const figures of months.values()) add(years, { ...figures, day: `${figures.day.slice(0, 4)}-01-01` }, 1);
    await addFigures(tx, 'agency_yearly_figures', 'year', [...years.values()]);
  }
}

/** The sums agency_daily_figures keeps per agency and WIB day of receipt (agencyRanking adds them up). */
const FIGURES = [
  'received',
  'not_followed_up',
  'in_progress',
  'resolved',
  'declined',
  'forwarded',
  'escalated',
  'followed_up',
  'rating_sum',
  'rating_count',
  'deadlines_met',
  'deadlines_missed',
] as const;
type DailyFigures = { agency_id: string; day: string } & Record<(typeof FIGURES)[number], number>;

/** What one report's row counts for in its agency's day. */
function figuresOf(row: Row | undefined): DailyFigures | null {
  if (!row) return null;
  return {
    agency_id: row.agency_id,
    day: wibDate(new Date(row.received_at)),
    received: 1,
    not_followed_up: Number(row.outcome === 'NOT_FOLLOWED_UP'),
    in_progress: Number(row.outcome === 'IN_PROGRESS'),
    resolved: Number(row.outcome === 'RESOLVED' || row.outcome === 'CLOSED'),
    declined: Number(row.outcome === 'DECLINED'),
    forwarded: Number(row.outcome === 'FORWARDED'),
    escalated: Number(row.outcome === 'ESCALATED'),
    followed_up: Number(row.first_response_at !== null),
    rating_sum: row.rating ?? 0,
    rating_count: Number(row.rating !== null),
    deadlines_met: row.deadlines_met,
    deadlines_missed: row.deadlines_missed,
  };
}

/** Adds figures (one per agency and `day`, which is a month's or a year's first day for those tables) to a table of sums. */
async function addFigures(tx: ProjectionTx, table: string, period: 'day' | 'month' | 'year', figures: DailyFigures[]) {
  await tx.query(
    `INSERT INTO ${table} SELECT agency_id, day, ${FIGURES.join(', ')} FROM json_to_recordset($1::json) AS r(agency_id text, day date,
       ${FIGURES.map((f) => `${f} integer`).join(', ')})
     ON CONFLICT (agency_id, ${period}) DO UPDATE SET ${FIGURES.map((f) => `${f} = ${table}.${f} + EXCLUDED.${f}`).join(', ')}`,
    [JSON.stringify(figures)],
  );
}

function add(sums: Map<string, DailyFigures>, figures: DailyFigures | null, sign: 1 | -1): void {
  if (!figures) return;
  const key = `${figures.agency_id}/${figures.day}`;
  const sum = sums.get(key) ?? ({ agency_id: figures.agency_id, day: figures.day } as DailyFigures);
  for (const field of FIGURES) sum[field] = (sum[field] ?? 0) + sign * figures[field];
  sums.set(key, sum);
}
