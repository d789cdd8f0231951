import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Counts over report_status (reportCounts, reports' totalCount) read only narrow indexes, never the
 * rows with their state and text (issue 20's growth table: a seq scan grew with every report):
 * - by region: the code in byte order, so a prefix is a range (`13` ≤ code < `13/` holds `13` and
 *   `13.76`), with the columns the counts group by;
 * - all and by status: status, kind, channel and overdue;
 * - overdue ones: a partial index of the same columns.
 */
export class ReportCountIndexes1763857800000 implements MigrationInterface {
  name = 'ReportCountIndexes1763857800000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      `CREATE INDEX report_status_region_idx ON report_status ((region_code COLLATE "C"), status, kind, channel, overdue)`,
    );
    await queryRunner.query(`CREATE INDEX report_status_counts_idx ON report_status (status, kind, channel, overdue)`);
    await queryRunner.query(
      `CREATE INDEX report_status_overdue_idx ON report_status (status, kind, channel) WHERE overdue`,
    );
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP INDEX report_status_overdue_idx`);
    await queryRunner.query(`DROP INDEX report_status_counts_idx`);
    await queryRunner.query(`DROP INDEX report_status_region_idx`);
  }
}
