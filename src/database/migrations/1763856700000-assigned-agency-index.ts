import type { MigrationInterface, QueryRunner } from 'typeorm';

/** Finds the reports routed to an agency straight from the events, for agencyCasesAt (src/audit). */
export class AssignedAgencyIndex1763856700000 implements MigrationInterface {
  name = 'AssignedAgencyIndex1763856700000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      `CREATE INDEX events_assigned_agency_idx ON events ((coalesce(data->>'toAgencyId', data->>'agencyId')), recorded_at)
        WHERE type IN ('ReportDispositioned', 'ReportForwarded')`,
    );
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP INDEX events_assigned_agency_idx`);
  }
}
