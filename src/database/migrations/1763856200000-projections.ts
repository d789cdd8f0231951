import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Projection status next to each checkpoint, and the report-status read model. The deadline
 * watcher now reads report-status (next_due_at), so its own schedule table goes.
 */
export class Projections1763856200000 implements MigrationInterface {
  name = 'Projections1763856200000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      `ALTER TABLE checkpoints ADD COLUMN last_error text, ADD COLUMN failed_position bigint, ADD COLUMN failed_at timestamptz`,
    );
    await queryRunner.query(`
      CREATE TABLE report_status (
        report_id uuid PRIMARY KEY,
        tracking_id text NOT NULL UNIQUE,
        status text NOT NULL,
        kind text NOT NULL,
        title text NOT NULL,
        category text,
        channel text NOT NULL,
        region_code text,
        agency_id text,
        unit_id text,
        anonymous boolean NOT NULL,
        confidential boolean NOT NULL,
        overdue boolean NOT NULL,
        next_due_at timestamptz,
        submitted_at timestamptz NOT NULL,
        updated_at timestamptz NOT NULL,
        version integer NOT NULL,
        state jsonb NOT NULL
      )`);
    await queryRunner.query(
      `CREATE INDEX report_status_submitted_idx ON report_status (submitted_at DESC, report_id DESC)`,
    );
    await queryRunner.query(`CREATE INDEX report_status_agency_idx ON report_status (agency_id, status)`);
    await queryRunner.query(
      `CREATE INDEX report_status_due_idx ON report_status (next_due_at) WHERE next_due_at IS NOT NULL`,
    );
    await queryRunner.query(`DROP TABLE deadline_schedule`);
    await queryRunner.query(`DELETE FROM checkpoints WHERE name = 'deadline-schedule'`);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`CREATE TABLE deadline_schedule (report_id uuid PRIMARY KEY, next_due_at timestamptz)`);
    await queryRunner.query(`DROP TABLE report_status`);
    await queryRunner.query(
      `ALTER TABLE checkpoints DROP COLUMN last_error, DROP COLUMN failed_position, DROP COLUMN failed_at`,
    );
  }
}
