import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * report_counts (projections/report-status/report-count-cells.ts): reports per status, kind, channel,
 * overdue and confidential in four scopes (all, agency, province, WIB day of submission), kept by the
 * report-status projection, filled here from the rows already projected (report_status locked against
 * writes meanwhile, so no batch lands between the rows read and the cells written). An instance still
 * running the code before this migration writes report_status without the cells: stop those before it
 * runs, or rebuild report-status after (docs/operations.md). Counts by status and the
 * overdue ones come from its cells now, so their indexes over report_status go (the region index stays:
 * a regency's or a district's count still reads the rows).
 */
export class ReportCounts1763857900000 implements MigrationInterface {
  name = 'ReportCounts1763857900000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
      CREATE TABLE report_counts (
        scope text NOT NULL,
        key text NOT NULL,
        status text NOT NULL,
        kind text NOT NULL,
        channel text NOT NULL,
        overdue boolean NOT NULL,
        confidential boolean NOT NULL,
        n integer NOT NULL,
        PRIMARY KEY (scope, key, status, kind, channel, overdue, confidential)
      )`);
    await queryRunner.query(`LOCK TABLE report_status IN EXCLUSIVE MODE`);
    await queryRunner.query(`
      INSERT INTO report_counts (scope, key, status, kind, channel, overdue, confidential, n)
      SELECT c.scope, c.key, status, kind, channel, overdue, confidential, count(*)::int
        FROM report_status,
             LATERAL (VALUES ('all', ''), ('agency', agency_id), ('province', split_part(region_code, '.', 1)),
                             ('day', to_char(submitted_at AT TIME ZONE 'Asia/Jakarta', 'YYYY-MM-DD'))) AS c(scope, key)
       WHERE c.key IS NOT NULL
       GROUP BY c.scope, c.key, status, kind, channel, overdue, confidential`);
    await queryRunner.query(`DROP INDEX report_status_counts_idx`);
    await queryRunner.query(`DROP INDEX report_status_overdue_idx`);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`CREATE INDEX report_status_counts_idx ON report_status (status, kind, channel, overdue)`);
    await queryRunner.query(
      `CREATE INDEX report_status_overdue_idx ON report_status (status, kind, channel) WHERE overdue`,
    );
    await queryRunner.query(`DROP TABLE report_counts`);
  }
}
