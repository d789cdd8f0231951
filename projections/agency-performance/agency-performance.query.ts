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

export async function agencyPerformanceFigures(
  dataSource: DataSource,
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
            avg(rating)::float AS satisfaction,
            percentile_cont(0.5) WITHIN GROUP (ORDER BY extract(epoch FROM first_response_at - received_at) / 3600)::float AS median_hours
       FROM agency_report_performance WHERE agency_id = $1 AND received_at >= $2 AND received_at < $3`,
    [agencyId, from, to],
  );
  const ratio = (part: number, whole: number) => (whole > 0 ? Math.round((part / whole) * 10_000) / 10_000 : null);
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
    followUpRate: ratio(row.followed_up, row.received),
    resolutionRate: ratio(row.resolved, row.received),
    slaCompliance: ratio(row.met ?? 0, (row.met ?? 0) + (row.missed ?? 0)),
    averageSatisfaction: round(row.satisfaction),
    medianHoursToFirstResponse: round(row.median_hours),
  };
}
