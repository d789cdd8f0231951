import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Open311's servicerequestupdates reads the public timeline entries of a time range in time order;
 * without this index it read the whole report_timeline table.
 */
export class TimelineByTime1763857700000 implements MigrationInterface {
  name = 'TimelineByTime1763857700000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      `CREATE INDEX report_timeline_public_time_idx ON report_timeline (occurred_at, global_position) WHERE NOT internal`,
    );
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP INDEX report_timeline_public_time_idx`);
  }
}
