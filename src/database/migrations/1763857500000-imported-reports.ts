import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Imported cases are marked in the report read models: report_status keeps the source system and
 * the case's id there, report_timeline the source of each imported event. Nothing was imported before
 * this version, so the new columns start empty without a replay.
 */
export class ImportedReports1763857500000 implements MigrationInterface {
  name = 'ImportedReports1763857500000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      `ALTER TABLE report_status ADD COLUMN import_source text, ADD COLUMN import_original_id text`,
    );
    await queryRunner.query(`ALTER TABLE report_timeline ADD COLUMN import_source text`);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE report_timeline DROP COLUMN import_source`);
    await queryRunner.query(`ALTER TABLE report_status DROP COLUMN import_source, DROP COLUMN import_original_id`);
  }
}
