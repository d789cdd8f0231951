import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * One data key per reporter, wrapped by a master key (src/privacy/reporter-vault.ts). Deleting a
 * reporter's row is the erasure: their sealed identity in the events can no longer be opened.
 */
export class ReporterKeys1763856800000 implements MigrationInterface {
  name = 'ReporterKeys1763856800000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
      CREATE TABLE reporter_keys (
        key_id uuid PRIMARY KEY,
        subject text NOT NULL UNIQUE,
        master_key_id text NOT NULL,
        wrapped_key bytea NOT NULL,
        created_at timestamptz NOT NULL DEFAULT now()
      )`);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP TABLE reporter_keys`);
  }
}
