import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Webhooks. webhook_endpoints and webhook_reports are the outbox consumer's view of the log (its
 * checkpoint is `webhook-outbox`); webhook_messages is what it decided to send, one row per event and
 * endpoint, and webhook_attempts every try. The signing keys live in webhook_keys, wrapped by the
 * master key, never in an event.
 */
export class Webhooks1763857600000 implements MigrationInterface {
  name = 'Webhooks1763857600000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`CREATE TABLE webhook_endpoints (
      endpoint_id uuid PRIMARY KEY,
      owner text NOT NULL,
      status text NOT NULL,
      endpoint jsonb NOT NULL,
      position bigint NOT NULL,
      failing_since timestamptz,
      last_success_at timestamptz,
      last_failure_at timestamptz)`);
    await queryRunner.query(`CREATE INDEX webhook_endpoints_owner_idx ON webhook_endpoints (owner)`);
    await queryRunner.query(`CREATE TABLE webhook_reports (stream_id text PRIMARY KEY, state jsonb NOT NULL)`);
    await queryRunner.query(`CREATE TABLE webhook_messages (
      message_id text PRIMARY KEY,
      endpoint_id uuid NOT NULL,
      event_id uuid NOT NULL,
      stream_id text NOT NULL,
      stream_version integer NOT NULL,
      global_position bigint NOT NULL,
      event_type text NOT NULL,
      body text NOT NULL,
      correlation_id text,
      recorded_at timestamptz NOT NULL,
      state text NOT NULL DEFAULT 'PENDING',
      attempts integer NOT NULL DEFAULT 0,
      retries integer NOT NULL DEFAULT 0,
      next_attempt_at timestamptz NOT NULL,
      claimed_by integer,
      claimed_until timestamptz,
      last_status integer,
      last_error text,
      delivered_at timestamptz)`);
    await queryRunner.query(
      `CREATE INDEX webhook_messages_due_idx ON webhook_messages (next_attempt_at) WHERE state = 'PENDING'`,
    );
    await queryRunner.query(
      `CREATE INDEX webhook_messages_queue_idx ON webhook_messages (endpoint_id, stream_id, stream_version) WHERE state = 'PENDING'`,
    );
    await queryRunner.query(
      `CREATE INDEX webhook_messages_endpoint_idx ON webhook_messages (endpoint_id, global_position DESC)`,
    );
    await queryRunner.query(`CREATE TABLE webhook_attempts (
      attempt_id bigserial PRIMARY KEY,
      message_id text NOT NULL,
      endpoint_id uuid NOT NULL,
      attempt integer NOT NULL,
      attempted_at timestamptz NOT NULL,
      status integer,
      duration_ms integer NOT NULL,
      error text)`);
    await queryRunner.query(`CREATE INDEX webhook_attempts_message_idx ON webhook_attempts (message_id, attempt_id)`);
    await queryRunner.query(`CREATE TABLE webhook_keys (
      key_id uuid PRIMARY KEY,
      endpoint_id uuid NOT NULL,
      master_key_id text NOT NULL,
      wrapped_key bytea NOT NULL,
      created_at timestamptz NOT NULL DEFAULT now())`);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      `DROP TABLE webhook_keys, webhook_attempts, webhook_messages, webhook_reports, webhook_endpoints`,
    );
    await queryRunner.query(`DELETE FROM checkpoints WHERE name = 'webhook-outbox'`);
  }
}
