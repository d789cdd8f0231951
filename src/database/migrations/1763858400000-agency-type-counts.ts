import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * report_counts' agencyType cells (projections/report-status/report-count-cells.ts): a count filtered by
 * agency type added up every cell of every agency of that type, more cells the more reports each agency
 * had (issue 20's growth table); now the type has cells of its own. report-status remembers each
 * agency's type in report_agency_types, filled here from the registrations in the events table (on
 * PostgreSQL; one scan, before the lock, whatever the database's collation: a stream-id range would
 * depend on how it orders '-') and the agency directory (which holds them when the events are in
 * KurrentDB), then the
 * cells from the rows already projected, report_status locked against writes meanwhile. As for
 * report_counts itself: stop instances running the code before this migration, or rebuild report-status
 * after it (docs/operations.md).
 */
export class AgencyTypeCounts1763858400000 implements MigrationInterface {
  name = 'AgencyTypeCounts1763858400000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`CREATE TABLE report_agency_types (agency_id text PRIMARY KEY, agency_type text NOT NULL)`);
    await queryRunner.query(`
      INSERT INTO report_agency_types (agency_id, agency_type)
      SELECT substr(stream_id, length('agency-') + 1), data->>'agencyType' FROM events
       WHERE type = 'AgencyRegistered' AND stream_id LIKE 'agency-%'
      UNION
      SELECT agency_id::text, agency_type FROM agency_directory
      ON CONFLICT (agency_id) DO NOTHING`);
    await queryRunner.query(`LOCK TABLE report_status IN EXCLUSIVE MODE`);
    await queryRunner.query(`
      INSERT INTO report_counts (scope, key, status, kind, channel, overdue, confidential, n)
      SELECT 'agencyType', t.agency_type, status, kind, channel, overdue, confidential, count(*)::int
        FROM report_status JOIN report_agency_types t USING (agency_id)
       GROUP BY t.agency_type, status, kind, channel, overdue, confidential`);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DELETE FROM report_counts WHERE scope = 'agencyType'`);
    await queryRunner.query(`DROP TABLE report_agency_types`);
  }
}
