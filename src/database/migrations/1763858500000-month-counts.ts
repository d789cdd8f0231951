import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * report_counts' month cells (projections/report-status/report-count-cells.ts): a count over a period
 * added up a day's cells for every day of it, and a day holds more combinations the more reports it has
 * (a quarter read 3,736 cells at 1,000,000 reports, 725 at 10,000; issue 20's growth table); now its
 * whole months are read from cells of their own. Filled from the day cells (a month's are the sum of
 * its days'), report_status locked against writes meanwhile so that no report moves between cells. As
 * for report_counts itself: stop instances running the code before this migration, or rebuild
 * report-status after it (docs/operations.md).
 */
export class MonthCounts1763858500000 implements MigrationInterface {
  name = 'MonthCounts1763858500000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`LOCK TABLE report_status IN EXCLUSIVE MODE`);
    await queryRunner.query(`
      INSERT INTO report_counts (scope, key, status, kind, channel, overdue, confidential, n)
      SELECT 'month', left(key, 7), status, kind, channel, overdue, confidential, sum(n)::int
        FROM report_counts WHERE scope = 'day'
       GROUP BY left(key, 7), status, kind, channel, overdue, confidential`);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DELETE FROM report_counts WHERE scope = 'month'`);
  }
}
