import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Settled webhook messages (delivered, failed, cancelled) by when they settled, so that pruning them after
 * WEBHOOK_RETENTION_DAYS reads only those due to go, however many millions the table holds.
 */
export class SettledDeliveriesIndex1763858300000 implements MigrationInterface {
  name = 'SettledDeliveriesIndex1763858300000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      `CREATE INDEX webhook_messages_settled_idx ON webhook_messages ((greatest(delivered_at, next_attempt_at))) WHERE state <> 'PENDING'`,
    );
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP INDEX webhook_messages_settled_idx`);
  }
}
