import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The service's own sessions in its database plan without JIT compilation: PostgreSQL compiles a
 * statement whose estimated cost passes jit_above_cost (100,000), and on a 1,000,000-report store a
 * full-text search for one common word was estimated above it (the GIN branch it runs only when its walk
 * comes up short counts in the estimate), so it spent 12–14 ms compiling a statement that runs in 2 ms.
 * The service's statements are short and many, and would pay that again at every execution. A default of
 * the role in this database, as migration 1763858200000's parallel workers, for the same reasons.
 */
export class NoJit1763858900000 implements MigrationInterface {
  name = 'NoJit1763858900000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      `DO $$ BEGIN EXECUTE format('ALTER ROLE %I IN DATABASE %I SET jit = off', current_user, current_database()); END $$`,
    );
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      `DO $$ BEGIN EXECUTE format('ALTER ROLE %I IN DATABASE %I RESET jit', current_user, current_database()); END $$`,
    );
  }
}
