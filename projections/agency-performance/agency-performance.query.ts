import type { DataSource } from 'typeorm';

/** The figures the published evaluations give, for the reports an agency received in [from, to). */
export interface AgencyFigures {
  agencyId: string;
  received: number;
  notFollowedUp: number;
  inProgress: number;
  resolved: number;
  declined: number;
  /** The same as declined, under the name it had first. */
  rejected: number;
  forwarded: number;
  escalated: number;
  followUpRate: number | null;
  resolutionRate: number | null;
  slaCompliance: number | null;
  averageSatisfaction: number | null;
  medianHoursToFirstResponse: number | null;
}

/** What the evaluations' rates are computed from: counts of reports received in a period, and of their deadlines and ratings. */
export interface FigureCounts {
  received: number;
  followedUp: number;
  resolved: number;
  deadlinesMet: number;
  deadlinesMissed: number;
  ratingSum: number;
  ratingCount: number;
}

/**
 * The evaluations' rates from counts, one agency's or the sums over many: shares rounded to four
 * decimals, the average rating to two; null where there is nothing to compute from.
 */
export function evaluationRates(counts: FigureCounts): {
  followUpRate: number | null;
  resolutionRate: number | null;
  slaCompliance: number | null;
  averageSatisfaction: number | null;
} {
  const ratio = (part: number, whole: number) => (whole > 0 ? Math.round((part / whole) * 10_000) / 10_000 : null);
  return {
    followUpRate: ratio(counts.followedUp, counts.received),
    resolutionRate: ratio(counts.resolved, counts.received),
    slaCompliance: ratio(counts.deadlinesMet, counts.deadlinesMet + counts.deadlinesMissed),
    averageSatisfaction:
      counts.ratingCount > 0 ? Math.round((counts.ratingSum / counts.ratingCount) * 100) / 100 : null,
  };
}

export async function agencyPerformanceFigures(
  dataSource: Pick<DataSource, 'query'>,
  agencyId: string,
  from: string,
  to: string,
): Promise<AgencyFigures> {
  const [row] = await dataSource.query(
    `SELECT count(*)::int AS received,
            count(*) FILTER (WHERE outcome = 'NOT_FOLLOWED_UP')::int AS not_followed_up,
            count(*) FILTER (WHERE outcome = 'IN_PROGRESS')::int AS in_progress,
            count(*) FILTER (WHERE outcome IN ('RESOLVED', 'CLOSED'))::int AS resolved,
            count(*) FILTER (WHERE outcome = 'DECLINED')::int AS rejected,
            count(*) FILTER (WHERE outcome = 'FORWARDED')::int AS forwarded,
            count(*) FILTER (WHERE outcome = 'ESCALATED')::int AS escalated,
            count(first_response_at)::int AS followed_up,
            sum(deadlines_met)::int AS met, sum(deadlines_missed)::int AS missed,
            coalesce(sum(rating), 0)::int AS rating_sum, count(rating)::int AS rating_count,
            percentile_cont(0.5) WITHIN GROUP (ORDER BY extract(epoch FROM first_response_at - received_at) / 3600)::float AS median_hours
       FROM agency_report_performance WHERE agency_id = $1 AND received_at >= $2 AND received_at < $3`,
    [agencyId, from, to],
  );
  const round = (value: number | null) => (value == null ? null : Math.round(value * 100) / 100);
  return {
    agencyId,
    received: row.received,
    notFollowedUp: row.not_followed_up,
    inProgress: row.in_progress,
    resolved: row.resolved,
    declined: row.rejected,
    rejected: row.rejected,
    forwarded: row.forwarded,
    escalated: row.escalated,
    ...evaluationRates({
      received: row.received,
      followedUp: row.followed_up,
      resolved: row.resolved,
      deadlinesMet: row.met ?? 0,
      deadlinesMissed: row.missed ?? 0,
      ratingSum: row.rating_sum,
      ratingCount: row.rating_count,
    }),
    medianHoursToFirstResponse: round(row.median_hours),
  };
}
