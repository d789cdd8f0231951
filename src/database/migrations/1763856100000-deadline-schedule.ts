import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Checkpoints of everything that follows the event log, and the deadline schedule: for each
 * report the earliest running deadline not yet recorded as missed, which the watcher scans.
 */
export class DeadlineSchedule1763856100000 implements MigrationInterface {
  name = 'DeadlineSchedule1763856100000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
      CREATE TABLE checkpoints (
        name text PRIMARY KEY,
        position bigint NOT NULL DEFAULT 0,
        updated_at timestamptz NOT NULL DEFAULT now()
      )`);
    await queryRunner.query(`
      CREATE TABLE deadline_schedule (
        report_id uuid PRIMARY KEY,
        next_due_at timestamptz
      )`);
    await queryRunner.query(
      `CREATE INDEX deadline_schedule_due_idx ON deadline_schedule (next_due_at) WHERE next_due_at IS NOT NULL`,
    );
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP TABLE deadline_schedule`);
    await queryRunner.query(`DROP TABLE checkpoints`);
  }
}
