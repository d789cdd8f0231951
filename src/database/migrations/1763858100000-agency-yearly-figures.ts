import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * agency_yearly_figures: agency-performance's sums per agency and calendar year (WIB), beside the
 * monthly and daily ones, so a year's ranking reads one row an agency instead of twelve. Filled from the
 * monthly sums, with agency_monthly_figures locked against writes meanwhile. An instance still running
 * the code before this migration writes the other sums without these: stop those before it runs, or
 * rebuild agency-performance after (docs/operations.md).
 */
export class AgencyYearlyFigures1763858100000 implements MigrationInterface {
  name = 'AgencyYearlyFigures1763858100000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`CREATE TABLE agency_yearly_figures (LIKE agency_monthly_figures INCLUDING DEFAULTS)`);
    await queryRunner.query(`ALTER TABLE agency_yearly_figures RENAME COLUMN month TO year`);
    await queryRunner.query(`ALTER TABLE agency_yearly_figures ADD PRIMARY KEY (agency_id, year)`);
    await queryRunner.query(`LOCK TABLE agency_monthly_figures IN EXCLUSIVE MODE`);
    await queryRunner.query(`
      INSERT INTO agency_yearly_figures
      SELECT agency_id, date_trunc('year', month)::date, sum(received), sum(not_followed_up), sum(in_progress), sum(resolved),
             sum(declined), sum(forwarded), sum(escalated), sum(followed_up), sum(rating_sum), sum(rating_count),
             sum(deadlines_met), sum(deadlines_missed)
        FROM agency_monthly_figures GROUP BY 1, 2`);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP TABLE agency_yearly_figures`);
  }
}
