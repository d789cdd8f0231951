import type { MigrationInterface, QueryRunner } from 'typeorm';

/** The agency-performance read model. */
export class AgencyPerformance1763856500000 implements MigrationInterface {
  name = 'AgencyPerformance1763856500000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`CREATE TABLE performance_report_state (report_id uuid PRIMARY KEY, state jsonb NOT NULL)`);
    await queryRunner.query(`
      CREATE TABLE agency_report_performance (
        report_id uuid NOT NULL,
        agency_id text NOT NULL,
        received_at timestamptz NOT NULL,
        first_response_at timestamptz,
        resolved_at timestamptz,
        outcome text NOT NULL,
        rating integer,
        deadlines_met integer NOT NULL,
        deadlines_missed integer NOT NULL,
        PRIMARY KEY (report_id, agency_id)
      )`);
    await queryRunner.query(
      `CREATE INDEX agency_report_performance_received_idx ON agency_report_performance (agency_id, received_at)`,
    );
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP TABLE agency_report_performance`);
    await queryRunner.query(`DROP TABLE performance_report_state`);
  }
}
