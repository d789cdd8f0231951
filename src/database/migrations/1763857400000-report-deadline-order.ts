import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The worklists' order: report_status.due_at, the earliest deadline of the report's current step, a
 * missed one included (next_due_at leaves missed deadlines out, for the deadline watcher, which put an
 * overdue report last). Filled from each row's folded state, so nothing is replayed;
 * reports(orderBy: DEADLINE) across agencies and agencyInbox within one read it through these indexes.
 */
export class ReportDeadlineOrder1763857400000 implements MigrationInterface {
  name = 'ReportDeadlineOrder1763857400000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE report_status ADD COLUMN due_at timestamptz`);
    await queryRunner.query(
      `UPDATE report_status SET due_at = (SELECT min((d->>'dueAt')::timestamptz) FROM jsonb_each(state->'deadlines') AS e(kind, d)
                                           WHERE jsonb_typeof(d) = 'object')`,
    );
    await queryRunner.query(
      `CREATE INDEX report_status_deadline_order_idx ON report_status ((coalesce(due_at, 'infinity')), report_id)`,
    );
    await queryRunner.query(`DROP INDEX report_status_inbox_idx`);
    await queryRunner.query(
      `CREATE INDEX report_status_inbox_idx ON report_status (agency_id, (coalesce(due_at, 'infinity')), report_id) WHERE status IN ('DISPOSITIONED', 'IN_PROGRESS')`,
    );
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP INDEX report_status_inbox_idx`);
    await queryRunner.query(
      `CREATE INDEX report_status_inbox_idx ON report_status (agency_id, (coalesce(next_due_at, 'infinity')), report_id) WHERE status IN ('DISPOSITIONED', 'IN_PROGRESS')`,
    );
    await queryRunner.query(`DROP INDEX report_status_deadline_order_idx`);
    await queryRunner.query(`ALTER TABLE report_status DROP COLUMN due_at`);
  }
}
