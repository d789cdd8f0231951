import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Report owners became principals (ReportSubmitted schema 4, contexts/principals/principal.ts):
 * report-status rows keep the folded state, so they are projected again from position 0, through
 * the upcaster that gives old reports their principals. Nothing else is touched: the events stay.
 */
export class ReportOwnerPrincipals1763857000000 implements MigrationInterface {
  name = 'ReportOwnerPrincipals1763857000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DELETE FROM report_status`);
    await queryRunner.query(
      `UPDATE checkpoints SET position = 0, last_error = NULL, failed_position = NULL, failed_at = NULL, updated_at = now() WHERE name = 'report-status'`,
    );
  }

  async down(): Promise<void> {
    // The rows are projected again by whichever code runs; nothing to undo.
  }
}
