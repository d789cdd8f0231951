import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * report_status is analysed after every 5,000 changed rows, not after a tenth of the table (autovacuum's
 * default): the planner chooses between its indexes by the statistics, and at 1,000,000 reports a tenth
 * is 100,000 changes. A burst of new reports from one regency (issue 20's growth table: 29,818
 * submissions after the last ANALYZE) left the statistics saying no report waits for verification, so
 * `{ status: [SUBMITTED], regionCode: "61.71" }` walked every new submission by the status index (10 ms)
 * where the region index answers at once (0.05 ms after an ANALYZE, which took 0.7 s).
 *
 * And the planner learns which statuses come from which regions (extended statistics, the most common
 * pairs): with the statistics fresh but only per column, the same filter walked the 47,000 SUBMITTED
 * reports, all of one other regency, expecting 1,126 of 61.71 among them (21 ms instead of 0.04). A
 * rebuild keeps both (shadow tables take the live table's storage parameters and extended statistics).
 */
export class ReportStatusAnalyze1763858700000 implements MigrationInterface {
  name = 'ReportStatusAnalyze1763858700000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      `ALTER TABLE report_status SET (autovacuum_analyze_scale_factor = 0, autovacuum_analyze_threshold = 5000)`,
    );
    await queryRunner.query(
      `CREATE STATISTICS report_status_status_region (mcv) ON status, region_code FROM report_status`,
    );
    await queryRunner.query(`ANALYZE report_status`);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP STATISTICS report_status_status_region`);
    await queryRunner.query(
      `ALTER TABLE report_status RESET (autovacuum_analyze_scale_factor, autovacuum_analyze_threshold)`,
    );
  }
}
