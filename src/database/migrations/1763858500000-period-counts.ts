import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * report_counts' month and hour cells (projections/report-status/report-count-cells.ts): a count over a
 * period added up a day's cells for every day of it, and a day holds more combinations the more reports
 * it has (a quarter read 3,736 cells at 1,000,000 reports), and counted the hours at either end from the
 * rows, more rows the more reports an hour has (issue 20's growth table). Now its whole months and hours
 * have cells of their own. The months are the sums of their days' cells, the hours are counted from the
 * rows, report_status locked against writes meanwhile so that no report moves between cells. As for
 * report_counts itself: stop instances running the code before this migration, or rebuild report-status
 * after it (docs/operations.md).
 */
export class PeriodCounts1763858500000 implements MigrationInterface {
  name = 'PeriodCounts1763858500000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`LOCK TABLE report_status IN EXCLUSIVE MODE`);
    await queryRunner.query(`
      INSERT INTO report_counts (scope, key, status, kind, channel, overdue, confidential, n)
      SELECT 'month', left(key, 7), status, kind, channel, overdue, confidential, sum(n)::int
        FROM report_counts WHERE scope = 'day'
       GROUP BY left(key, 7), status, kind, channel, overdue, confidential`);
    await queryRunner.query(`
      INSERT INTO report_counts (scope, key, status, kind, channel, overdue, confidential, n)
      SELECT 'hour', to_char(submitted_at AT TIME ZONE 'Asia/Jakarta', 'YYYY-MM-DD"T"HH24'),
             status, kind, channel, overdue, confidential, count(*)::int
        FROM report_status WHERE submitted_at IS NOT NULL
       GROUP BY 2, status, kind, channel, overdue, confidential`);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DELETE FROM report_counts WHERE scope IN ('month', 'hour')`);
  }
}
