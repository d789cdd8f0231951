import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The service's own sessions in its database plan without parallel workers: its queries are many and
 * small, and on a 1,000,000-report store the planner gave each ranking two workers, which under
 * concurrent requests competed with the other requests for the same cores (the quarter's ranking, 8
 * clients on 2 cores: 119 queries/s with the workers, 255 without). A default of the role in this
 * database (pg_db_role_setting), not a connection option: poolers such as PgBouncer refuse startup
 * options they do not track, and other roles and databases on the server keep their own settings.
 * Sessions opened after the migration take it.
 */
export class NoParallelWorkers1763858200000 implements MigrationInterface {
  name = 'NoParallelWorkers1763858200000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      `DO $$ BEGIN EXECUTE format('ALTER ROLE %I IN DATABASE %I SET max_parallel_workers_per_gather = 0', current_user, current_database()); END $$`,
    );
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      `DO $$ BEGIN EXECUTE format('ALTER ROLE %I IN DATABASE %I RESET max_parallel_workers_per_gather', current_user, current_database()); END $$`,
    );
  }
}
