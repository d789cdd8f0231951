import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Read models for dashboards: report-trend (lifecycle steps per WIB day, region, agency and
 * category, projected from position 0) and, beside agency-performance's rows, their sums per
 * agency and WIB day of receipt (agency_daily_figures), filled here from those rows so that
 * agency-performance need not be projected again.
 */
export class TrendsAndRankings1763857300000 implements MigrationInterface {
  name = 'TrendsAndRankings1763857300000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`CREATE TABLE trend_report_state (report_id uuid PRIMARY KEY, state jsonb NOT NULL)`);
    await queryRunner.query(`
      CREATE TABLE report_trend_daily (
        day date NOT NULL,
        region_code text NOT NULL,
        agency_id text NOT NULL,
        category text NOT NULL,
        submitted integer NOT NULL,
        verified integer NOT NULL,
        dispositioned integer NOT NULL,
        resolved integer NOT NULL,
        closed integer NOT NULL,
        escalated integer NOT NULL,
        PRIMARY KEY (day, region_code, agency_id, category)
      )`);
    await queryRunner.query(`CREATE INDEX report_trend_daily_agency_idx ON report_trend_daily (agency_id, day)`);
    // The same counts without the agency: a tenth of the rows, for every trend not about one agency.
    await queryRunner.query(`
      CREATE TABLE report_trend_region_daily (
        day date NOT NULL,
        region_code text NOT NULL,
        category text NOT NULL,
        submitted integer NOT NULL,
        verified integer NOT NULL,
        dispositioned integer NOT NULL,
        resolved integer NOT NULL,
        closed integer NOT NULL,
        escalated integer NOT NULL,
        PRIMARY KEY (day, region_code, category)
      )`);
    await queryRunner.query(`
      CREATE TABLE agency_daily_figures (
        agency_id text NOT NULL,
        day date NOT NULL,
        received integer NOT NULL,
        not_followed_up integer NOT NULL,
        in_progress integer NOT NULL,
        resolved integer NOT NULL,
        declined integer NOT NULL,
        forwarded integer NOT NULL,
        escalated integer NOT NULL,
        followed_up integer NOT NULL,
        rating_sum integer NOT NULL,
        rating_count integer NOT NULL,
        deadlines_met integer NOT NULL,
        deadlines_missed integer NOT NULL,
        PRIMARY KEY (agency_id, day)
      )`);
    await queryRunner.query(`CREATE INDEX agency_daily_figures_day_idx ON agency_daily_figures (day)`);
    // The same sums per calendar month: a year's ranking reads whole months here, the ends from the days.
    await queryRunner.query(`CREATE TABLE agency_monthly_figures (LIKE agency_daily_figures INCLUDING DEFAULTS)`);
    await queryRunner.query(`ALTER TABLE agency_monthly_figures RENAME COLUMN day TO month`);
    await queryRunner.query(`ALTER TABLE agency_monthly_figures ADD PRIMARY KEY (agency_id, month)`);
    await queryRunner.query(`
      INSERT INTO agency_daily_figures
      SELECT agency_id, (received_at AT TIME ZONE 'Asia/Jakarta')::date, count(*),
             count(*) FILTER (WHERE outcome = 'NOT_FOLLOWED_UP'), count(*) FILTER (WHERE outcome = 'IN_PROGRESS'),
             count(*) FILTER (WHERE outcome IN ('RESOLVED', 'CLOSED')), count(*) FILTER (WHERE outcome = 'DECLINED'),
             count(*) FILTER (WHERE outcome = 'FORWARDED'), count(*) FILTER (WHERE outcome = 'ESCALATED'),
             count(first_response_at), coalesce(sum(rating), 0), count(rating), sum(deadlines_met), sum(deadlines_missed)
        FROM agency_report_performance GROUP BY 1, 2`);
    await queryRunner.query(`
      INSERT INTO agency_monthly_figures
      SELECT agency_id, date_trunc('month', day)::date, sum(received), sum(not_followed_up), sum(in_progress), sum(resolved),
             sum(declined), sum(forwarded), sum(escalated), sum(followed_up), sum(rating_sum), sum(rating_count),
             sum(deadlines_met), sum(deadlines_missed)
        FROM agency_daily_figures GROUP BY 1, 2`);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP TABLE agency_monthly_figures`);
    await queryRunner.query(`DROP TABLE agency_daily_figures`);
    await queryRunner.query(`DROP TABLE report_trend_region_daily`);
    await queryRunner.query(`DROP TABLE report_trend_daily`);
    await queryRunner.query(`DROP TABLE trend_report_state`);
  }
}
