import type { MigrationInterface, QueryRunner } from 'typeorm';

/** The report-timeline read model (the audit trail, one row per event) and the agency inbox's index on report-status. */
export class ReportTimeline1763856300000 implements MigrationInterface {
  name = 'ReportTimeline1763856300000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
      CREATE TABLE report_timeline (
        report_id uuid NOT NULL,
        stream_version integer NOT NULL,
        global_position bigint NOT NULL,
        occurred_at timestamptz NOT NULL,
        recorded_at timestamptz NOT NULL,
        actor_id text,
        actor_role text NOT NULL,
        actor_agency_id text,
        event_type text NOT NULL,
        from_status text,
        to_status text NOT NULL,
        internal boolean NOT NULL,
        description_id text NOT NULL,
        description_en text NOT NULL,
        PRIMARY KEY (report_id, stream_version)
      )`);
    await queryRunner.query(
      `CREATE INDEX report_status_inbox_idx ON report_status (agency_id, (coalesce(next_due_at, 'infinity')), report_id) WHERE status IN ('DISPOSITIONED', 'IN_PROGRESS')`,
    );
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP INDEX report_status_inbox_idx`);
    await queryRunner.query(`DROP TABLE report_timeline`);
  }
}
