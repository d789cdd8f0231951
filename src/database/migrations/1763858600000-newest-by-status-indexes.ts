import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * `reports` pages filtered by status or overdue, newest first (projections/report-status/report-status.queries.ts):
 * they walked report_status_submitted_idx past every newer report of another status or not overdue
 * (12,619 rows for a page of 21 at 1,000,000 reports, 55-120 ms; issue 20's growth table). Each status
 * now has its own newest-first order, and the overdue reports theirs.
 */
export class NewestByStatusIndexes1763858600000 implements MigrationInterface {
  name = 'NewestByStatusIndexes1763858600000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      `CREATE INDEX report_status_status_newest_idx ON report_status (status, submitted_at DESC, report_id DESC)`,
    );
    await queryRunner.query(
      `CREATE INDEX report_status_overdue_newest_idx ON report_status (submitted_at DESC, report_id DESC) WHERE overdue`,
    );
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP INDEX report_status_overdue_newest_idx`);
    await queryRunner.query(`DROP INDEX report_status_status_newest_idx`);
  }
}
