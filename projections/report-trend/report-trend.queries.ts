import type { DataSource } from 'typeorm';
import { TREND_STEPS, type TrendStep } from './report-trend.projection.js';

export type TrendInterval = 'day' | 'week' | 'month';

export interface TrendFilter {
  /** A Kemendagri code or a prefix of one. */
  regionCode?: string | null;
  agencyId?: string | null;
  category?: string | null;
}

export type TrendPoint = { period: string } & Record<TrendStep, number>;

/**
 * Per period of [from, to) (WIB days; weeks start on Monday, as ISO 8601 has it), how many reports
 * took each lifecycle step; periods with none answer zeros, so a chart has every point.
 */
export async function reportTrend(
  db: Pick<DataSource, 'query'>,
  { from, to, interval, filter }: { from: string; to: string; interval: TrendInterval; filter: TrendFilter | null },
): Promise<TrendPoint[]> {
  const values: unknown[] = [from, to, interval];
  const bind = (value: unknown) => `$${values.push(value)}`;
  const on = ['t.day >= $1::date', 't.day < $2::date', `date_trunc($3, t.day)::date = p.period`];
  if (filter?.regionCode) {
    const code = bind(filter.regionCode);
    on.push(`(t.region_code = ${code} OR t.region_code LIKE ${code} || '.%')`);
  }
  if (filter?.agencyId) on.push(`t.agency_id = ${bind(filter.agencyId)}`);
  if (filter?.category) on.push(`t.category = ${bind(filter.category)}`);
  const rows: TrendPoint[] = await db.query(
    `SELECT to_char(p.period, 'YYYY-MM-DD') AS period, ${TREND_STEPS.map((s) => `coalesce(sum(t.${s}), 0)::int AS ${s}`).join(', ')}
       FROM generate_series(date_trunc($3, $1::date), $2::date - 1, ('1 ' || $3)::interval) AS p(period)
       LEFT JOIN report_trend_daily t ON ${on.join(' AND ')}
      GROUP BY p.period ORDER BY p.period`,
    values,
  );
  return rows;
}
