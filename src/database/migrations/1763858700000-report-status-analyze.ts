import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * report_status is analysed after every 5,000 changed rows, not after a tenth of the table (autovacuum's
 * default): the planner chooses between its indexes by the statistics, and at 1,000,000 reports a tenth
 * is 100,000 changes. After a burst of 29,818 submissions from one regency (issue 20's growth table) the
 * statistics still said no report waited for verification, and the count of
 * `{ status: [SUBMITTED], regionCode: "61.71" }` walked every new submission by the status index: 10 ms,
 * 0.05 ms after an ANALYZE (0.7 s), by the region index (EXPLAIN ANALYZE).
 *
 * And the planner learns which statuses come from which regions (extended statistics, the most common
 * pairs): with fresh statistics per column only, the same filter's page walked the 47,000 SUBMITTED
 * reports, all of another regency, expecting 1,126 of 61.71 among them: 21 ms, 0.04 ms with these.
 * A rebuild keeps both (shadow tables take the live table's storage parameters and extended statistics).
 * Servers that run without autovacuum (and the embedded PGlite, which has none) are analysed by
 * their operators (docs/operations.md).
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
    await queryRunner.query(`DROP STATISTICS IF EXISTS report_status_status_region`);
    await queryRunner.query(
      `ALTER TABLE report_status RESET (autovacuum_analyze_scale_factor, autovacuum_analyze_threshold)`,
    );
  }
}
