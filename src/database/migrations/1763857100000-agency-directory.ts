import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The connectivity read model becomes the agency directory (projections/agency-directory): each
 * agency's parent, connection and units, and its name folded for search. Projected again from
 * position 0 under its new name; the events stay.
 */
export class AgencyDirectory1763857100000 implements MigrationInterface {
  name = 'AgencyDirectory1763857100000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DELETE FROM agency_connections`);
    await queryRunner.query(`DELETE FROM agency_directory`);
    await queryRunner.query(`
      ALTER TABLE agency_directory
        ADD COLUMN search_name text NOT NULL,
        ADD COLUMN parent_id uuid,
        ADD COLUMN connected boolean NOT NULL DEFAULT false,
        ADD COLUMN connected_at timestamptz,
        ADD COLUMN units jsonb NOT NULL DEFAULT '[]',
        ADD COLUMN registered_at timestamptz NOT NULL`);
    await queryRunner.query(`CREATE INDEX agency_directory_name_idx ON agency_directory (search_name, agency_id)`);
    await queryRunner.query(`CREATE INDEX agency_directory_parent_idx ON agency_directory (parent_id)`);
    await queryRunner.query(
      `UPDATE checkpoints SET name = 'agency-directory', position = 0, last_error = NULL, failed_position = NULL,
              failed_at = NULL, updated_at = now() WHERE name = 'connectivity'`,
    );
  }

  async down(): Promise<void> {
    // The rows are projected again by whichever code runs; nothing to undo.
  }
}
