import type { DataSource } from 'typeorm';
import { evaluationRates, type AgencyFigures } from './agency-performance.query.js';

/** What a ranking orders by, the best first. */
export const RANKING_ORDERS = {
  RECEIVED: 'received',
  FOLLOW_UP_RATE: 'follow_up_rate',
  RESOLUTION_RATE: 'resolution_rate',
  SLA_COMPLIANCE: 'sla_compliance',
  AVERAGE_SATISFACTION: 'average_satisfaction',
} as const;
export type RankingOrder = keyof typeof RANKING_ORDERS;

export interface RankedAgency {
  rank: number;
  agencyId: string;
  name: string;
  type: string;
  regionCode: string | null;
  received: number;
  followedUp: number;
  resolved: number;
  inProgress: number;
  notFollowedUp: number;
  declined: number;
  forwarded: number;
  escalated: number;
  followUpRate: number | null;
  resolutionRate: number | null;
  slaCompliance: number | null;
  averageSatisfaction: number | null;
}

interface Row {
  agency_id: string;
  name: string;
  agency_type: string;
  region_code: string | null;
  received: number;
  followed_up: number;
  resolved: number;
  in_progress: number;
  not_followed_up: number;
  declined: number;
  forwarded: number;
  escalated: number;
  follow_up_rate: number | null;
  resolution_rate: number | null;
  sla_compliance: number | null;
  average_satisfaction: number | null;
  total: number;
}

/**
 * Each agency's sums over [from, to): the whole years [firstYear, endYear) from agency_yearly_figures,
 * the other whole months of [firstMonth, end) from agency_monthly_figures, the days before and after
 * them from agency_daily_figures (a year reads one row an agency, not 12 or 365). The arguments are
 * the placeholders that hold those six dates, in the order `periods` gives the last four.
 */
const sums = (from: string, to: string, firstMonth: string, end: string, firstYear: string, endYear: string) => `
  SELECT agency_id, sum(received)::int AS received, sum(followed_up)::int AS followed_up, sum(resolved)::int AS resolved,
         sum(in_progress)::int AS in_progress, sum(not_followed_up)::int AS not_followed_up, sum(declined)::int AS declined,
         sum(forwarded)::int AS forwarded, sum(escalated)::int AS escalated, sum(rating_sum)::int AS rating_sum,
         sum(rating_count)::int AS rating_count, sum(deadlines_met)::int AS met, sum(deadlines_missed)::int AS missed
    FROM (SELECT * FROM agency_yearly_figures WHERE year >= ${firstYear}::date AND year < ${endYear}::date
          UNION ALL
          SELECT * FROM agency_monthly_figures
           WHERE month >= ${firstMonth}::date AND month < ${end}::date AND (month < ${firstYear}::date OR month >= ${endYear}::date)
          UNION ALL
          SELECT * FROM agency_daily_figures
           WHERE day >= ${from}::date AND day < ${to}::date AND (day < ${firstMonth}::date OR day >= ${end}::date)) f
   GROUP BY agency_id HAVING sum(received) > 0`;

/**
 * The whole calendar months inside [from, to) as [first month, end), and the whole years inside those
 * as [first year, end year); an empty range (from, from) where there are none. Computed here: computed
 * in SQL, the planner could not see the bounds and chose a plan 20 times slower.
 */
function periods(from: string, to: string): [string, string, string, string] {
  const first = from.endsWith('-01') ? from : nextMonth(from);
  const end = `${to.slice(0, 7)}-01`;
  if (first >= end) return [from, from, from, from];
  const firstYear = first.endsWith('-01-01') ? first : `${Number(first.slice(0, 4)) + 1}-01-01`;
  const endYear = `${end.slice(0, 4)}-01-01`;
  return firstYear < endYear ? [first, end, firstYear, endYear] : [first, end, first, first];
}

function nextMonth(day: string): string {
  const date = new Date(`${day.slice(0, 7)}-01T00:00:00Z`);
  date.setUTCMonth(date.getUTCMonth() + 1);
  return date.toISOString().slice(0, 10);
}

/**
 * Agencies that received reports in [from, to) (WIB days), with the evaluations' figures for
 * those reports, ordered by `orderBy` (best first; ties by name), `first` from `offset`. The
 * sums come from agency_yearly_figures, agency_monthly_figures and agency_daily_figures; the median hours to the first
 * response, which no sum gives, from medianHours when a page asks for them.
 */
export async function agencyRanking(
  db: Pick<DataSource, 'query'>,
  options: {
    from: string;
    to: string;
    type: string | null;
    regionCode: string | null;
    orderBy: RankingOrder;
    first: number;
    offset: number;
  },
): Promise<{ agencies: RankedAgency[]; totalCount: number }> {
  const { from, to, type, regionCode, orderBy, first, offset } = options;
  const rows: Row[] = await db.query(
    `WITH sums AS (${sums('$1', '$2', '$7', '$8', '$9', '$10')})
     SELECT s.agency_id, d.name, d.agency_type, d.region_code, s.received, s.followed_up, s.resolved, s.in_progress,
            s.not_followed_up, s.declined, s.forwarded, s.escalated,
            round(s.followed_up::numeric / s.received, 4)::float AS follow_up_rate,
            round(s.resolved::numeric / s.received, 4)::float AS resolution_rate,
            round(s.met::numeric / nullif(s.met + s.missed, 0), 4)::float AS sla_compliance,
            round(s.rating_sum::numeric / nullif(s.rating_count, 0), 2)::float AS average_satisfaction,
            count(*) OVER ()::int AS total
       FROM sums s JOIN agency_directory d ON d.agency_id::text = s.agency_id
      WHERE ($3::text IS NULL OR d.agency_type = $3) AND ($4::text IS NULL OR d.region_code = $4 OR d.region_code LIKE $4 || '.%')
      ORDER BY ${RANKING_ORDERS[orderBy]} DESC NULLS LAST, d.search_name, s.agency_id
      LIMIT $5 OFFSET $6`,
    [from, to, type, regionCode, first, offset, ...periods(from, to)],
  );
  return {
    totalCount: rows[0]?.total ?? (offset > 0 ? await countRanked(db, options) : 0),
    agencies: rows.map((row, i) => ({
      rank: offset + i + 1,
      agencyId: row.agency_id,
      name: row.name,
      type: row.agency_type,
      regionCode: row.region_code,
      received: row.received,
      followedUp: row.followed_up,
      resolved: row.resolved,
      inProgress: row.in_progress,
      notFollowedUp: row.not_followed_up,
      declined: row.declined,
      forwarded: row.forwarded,
      escalated: row.escalated,
      followUpRate: row.follow_up_rate,
      resolutionRate: row.resolution_rate,
      slaCompliance: row.sla_compliance,
      averageSatisfaction: row.average_satisfaction,
    })),
  };
}

/** The median hours from receipt to the first response of each agency's reports received in [from, to) (WIB days), read from an index alone. */
export async function medianHours(
  db: Pick<DataSource, 'query'>,
  agencyIds: string[],
  from: string,
  to: string,
): Promise<Map<string, number>> {
  if (agencyIds.length === 0) return new Map();
  const rows: { agency_id: string; hours: number }[] = await db.query(
    `SELECT agency_id, round(percentile_cont(0.5) WITHIN GROUP (ORDER BY extract(epoch FROM first_response_at - received_at) / 3600)::numeric, 2)::float AS hours
       FROM agency_report_performance
      WHERE agency_id = ANY($1) AND received_at >= ($2 || 'T00:00:00+07:00')::timestamptz AND received_at < ($3 || 'T00:00:00+07:00')::timestamptz
        AND first_response_at IS NOT NULL
      GROUP BY agency_id`,
    [agencyIds, from, to],
  );
  return new Map(rows.map((row) => [row.agency_id, row.hours]));
}

/** The number ranked when a page past the end came back empty. */
async function countRanked(
  db: Pick<DataSource, 'query'>,
  { from, to, type, regionCode }: { from: string; to: string; type: string | null; regionCode: string | null },
): Promise<number> {
  const [row]: { n: number }[] = await db.query(
    `SELECT count(*)::int AS n FROM (${sums('$1', '$2', '$5', '$6', '$7', '$8')}) s JOIN agency_directory d ON d.agency_id::text = s.agency_id
      WHERE ($3::text IS NULL OR d.agency_type = $3) AND ($4::text IS NULL OR d.region_code = $4 OR d.region_code LIKE $4 || '.%')`,
    [from, to, type, regionCode, ...periods(from, to)],
  );
  return row!.n;
}

/** The figures of every agency a ranking would list, summed: the dashboard's national (or filtered) tiles. */
export type PerformanceTotals = Omit<AgencyFigures, 'agencyId' | 'rejected' | 'medianHoursToFirstResponse'> & {
  /** Agencies that received at least one report in the period. */
  agencies: number;
};

/**
 * The sums over the agencies agencyRanking lists for [from, to) (WIB days) and the filter, with the
 * rates computed from those sums as agencyPerformance computes one agency's (evaluationRates).
 */
export async function performanceSummary(
  db: Pick<DataSource, 'query'>,
  { from, to, type, regionCode }: { from: string; to: string; type: string | null; regionCode: string | null },
): Promise<PerformanceTotals> {
  const [row]: Record<string, number>[] = await db.query(
    `SELECT count(*)::int AS agencies, coalesce(sum(s.received), 0)::int AS received,
            coalesce(sum(s.followed_up), 0)::int AS followed_up, coalesce(sum(s.resolved), 0)::int AS resolved,
            coalesce(sum(s.in_progress), 0)::int AS in_progress, coalesce(sum(s.not_followed_up), 0)::int AS not_followed_up,
            coalesce(sum(s.declined), 0)::int AS declined, coalesce(sum(s.forwarded), 0)::int AS forwarded,
            coalesce(sum(s.escalated), 0)::int AS escalated, coalesce(sum(s.rating_sum), 0)::int AS rating_sum,
            coalesce(sum(s.rating_count), 0)::int AS rating_count, coalesce(sum(s.met), 0)::int AS met,
            coalesce(sum(s.missed), 0)::int AS missed
       FROM (${sums('$1', '$2', '$5', '$6', '$7', '$8')}) s JOIN agency_directory d ON d.agency_id::text = s.agency_id
      WHERE ($3::text IS NULL OR d.agency_type = $3) AND ($4::text IS NULL OR d.region_code = $4 OR d.region_code LIKE $4 || '.%')`,
    [from, to, type, regionCode, ...periods(from, to)],
  );
  const totals = row!;
  return {
    agencies: totals.agencies!,
    received: totals.received!,
    notFollowedUp: totals.not_followed_up!,
    inProgress: totals.in_progress!,
    resolved: totals.resolved!,
    declined: totals.declined!,
    forwarded: totals.forwarded!,
    escalated: totals.escalated!,
    ...evaluationRates({
      received: totals.received!,
      followedUp: totals.followed_up!,
      resolved: totals.resolved!,
      deadlinesMet: totals.met!,
      deadlinesMissed: totals.missed!,
      ratingSum: totals.rating_sum!,
      ratingCount: totals.rating_count!,
    }),
  };
}
