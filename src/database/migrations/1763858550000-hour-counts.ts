import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * report_counts' hour cells (projections/report-status/report-count-cells.ts): a count over a period
 * counted the hours before its first whole day and after its last from the rows, more rows the more
 * reports an hour has (~940 rows for the growth table's quarter at 1,000,000 reports; issue 20). Now
 * whole hours have cells of their own, counted here from the rows, report_status locked against writes
 * meanwhile so that no report moves between cells. As for report_counts itself: stop instances running
 * the code before this migration, or rebuild report-status after it (docs/operations.md).
 */
export class HourCounts1763858550000 implements MigrationInterface {
  name = 'HourCounts1763858550000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`LOCK TABLE report_status IN EXCLUSIVE MODE`);
    await queryRunner.query(`
      INSERT INTO report_counts (scope, key, status, kind, channel, overdue, confidential, n)
      SELECT 'hour', to_char(submitted_at AT TIME ZONE 'Asia/Jakarta', 'YYYY-MM-DD"T"HH24'),
             status, kind, channel, overdue, confidential, count(*)::int
        FROM report_status WHERE submitted_at IS NOT NULL
       GROUP BY 2, status, kind, channel, overdue, confidential`);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DELETE FROM report_counts WHERE scope = 'hour'`);
  }
}
