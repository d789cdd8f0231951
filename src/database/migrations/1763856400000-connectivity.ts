import type { MigrationInterface, QueryRunner } from 'typeorm';

/** The connectivity read model: agencies and the periods they were connected. */
export class Connectivity1763856400000 implements MigrationInterface {
  name = 'Connectivity1763856400000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
      CREATE TABLE agency_directory (
        agency_id uuid PRIMARY KEY,
        name text NOT NULL,
        agency_type text NOT NULL,
        region_code text,
        version integer NOT NULL
      )`);
    await queryRunner.query(`
      CREATE TABLE agency_connections (
        opened_by uuid PRIMARY KEY,
        agency_id uuid NOT NULL,
        connected_at timestamptz NOT NULL,
        disconnected_at timestamptz
      )`);
    await queryRunner.query(`CREATE INDEX agency_connections_agency_idx ON agency_connections (agency_id)`);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP TABLE agency_connections`);
    await queryRunner.query(`DROP TABLE agency_directory`);
  }
}
