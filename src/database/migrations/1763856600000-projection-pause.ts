import type { MigrationInterface, QueryRunner } from 'typeorm';

/** Lets a rebuild ask the instance running a projection to step aside while it swaps the rows in. */
export class ProjectionPause1763856600000 implements MigrationInterface {
  name = 'ProjectionPause1763856600000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE checkpoints ADD COLUMN paused_by text`);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE checkpoints DROP COLUMN paused_by`);
  }
}
