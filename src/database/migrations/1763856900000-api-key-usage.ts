import type { MigrationInterface, QueryRunner } from 'typeorm';

/** When each integrator API key was last used (src/integrators/api-key-registry.ts); the keys themselves are events. */
export class ApiKeyUsage1763856900000 implements MigrationInterface {
  name = 'ApiKeyUsage1763856900000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`CREATE TABLE api_key_usage (key_id uuid PRIMARY KEY, last_used_at timestamptz NOT NULL)`);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP TABLE api_key_usage`);
  }
}
