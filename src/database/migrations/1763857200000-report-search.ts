import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Indonesian full-text search over a report's title and description: PostgreSQL's `indonesian`
 * configuration stems "pelayanan", "layanan" and "dilayani" alike. The vector is a generated
 * column (the title weighs more than the description) under a GIN index; the description is
 * taken from the folded state each row keeps, so nothing is projected again.
 */
export class ReportSearch1763857200000 implements MigrationInterface {
  name = 'ReportSearch1763857200000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE report_status ADD COLUMN description text NOT NULL DEFAULT ''`);
    await queryRunner.query(`UPDATE report_status SET description = coalesce(state->>'description', '')`);
    await queryRunner.query(`
      ALTER TABLE report_status ADD COLUMN search_vector tsvector GENERATED ALWAYS AS (
        setweight(to_tsvector('indonesian'::regconfig, title), 'A') || setweight(to_tsvector('indonesian'::regconfig, description), 'B')
      ) STORED`);
    await queryRunner.query(`CREATE INDEX report_status_search_idx ON report_status USING gin (search_vector)`);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE report_status DROP COLUMN search_vector, DROP COLUMN description`);
  }
}
