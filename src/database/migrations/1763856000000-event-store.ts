import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The events table and its immutability triggers. Writers rely on its two unique keys:
 * (stream_id, stream_version) decides which of two racing appends wins, and event_id makes a
 * retried append detectable (PostgresEventStore.appendToStream).
 *
 * Ordering. global_position is taken from a sequence when a row is inserted, but transactions
 * commit in another order: a reader that follows `global_position > checkpoint` can pass a
 * position whose transaction is still open and skip that event for ever once it commits.
 * Each row therefore also records its transaction id (xid8, never wraps), and readers follow the
 * order (transaction_id, global_position) and only read rows whose transaction id is below the
 * xmin of their snapshot: every transaction below xmin has ended, and every transaction that
 * starts later gets a larger id, so the set of rows below that frontier never grows behind a
 * reader. The technique is Emmett's; see PostgresEventStore.readAll.
 */
export class EventStore1763856000000 implements MigrationInterface {
  name = 'EventStore1763856000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
      CREATE TABLE events (
        global_position bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
        transaction_id xid8 NOT NULL DEFAULT pg_current_xact_id(),
        stream_id text NOT NULL,
        category text NOT NULL GENERATED ALWAYS AS (split_part(stream_id, '-', 1)) STORED,
        stream_version bigint NOT NULL CHECK (stream_version > 0),
        event_id uuid NOT NULL,
        type text NOT NULL,
        schema_version integer NOT NULL,
        data jsonb NOT NULL,
        metadata jsonb NOT NULL,
        recorded_at timestamptz NOT NULL,
        content_hash bytea NOT NULL,
        hash bytea NOT NULL,
        CONSTRAINT events_stream_version_key UNIQUE (stream_id, stream_version),
        CONSTRAINT events_event_id_key UNIQUE (event_id)
      )`);
    await queryRunner.query(`CREATE INDEX events_commit_order_idx ON events (transaction_id, global_position)`);

    await queryRunner.query(`
      CREATE FUNCTION aduan_events_refuse_change() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        RAISE EXCEPTION 'events are immutable: % on events is refused', TG_OP USING ERRCODE = 'AD003';
      END $$`);
    await queryRunner.query(`
      CREATE TRIGGER events_refuse_update_delete BEFORE UPDATE OR DELETE ON events
      FOR EACH ROW EXECUTE FUNCTION aduan_events_refuse_change()`);
    await queryRunner.query(`
      CREATE TRIGGER events_refuse_truncate BEFORE TRUNCATE ON events
      FOR EACH STATEMENT EXECUTE FUNCTION aduan_events_refuse_change()`);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP TABLE events`);
    await queryRunner.query(`DROP FUNCTION aduan_events_refuse_change()`);
  }
}
