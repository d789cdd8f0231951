import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The events table, its append function and its immutability triggers.
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

    // One round trip per append. p_expected: -1 = any, 0 = no events yet, n = at version n.
    // A retry whose event ids are all stored already (same stream, same content, same order)
    // returns the stored rows instead of appending. Two writers racing for the same version
    // both pass the head check; the unique (stream_id, stream_version) key lets one win and the
    // other fails with 23505, which the adapter answers by running the function again.
    await queryRunner.query(`
      CREATE FUNCTION aduan_append_events(p_stream_id text, p_expected bigint, p_events jsonb)
      RETURNS TABLE (event_id uuid, stream_version bigint, global_position bigint, recorded_at timestamptz, duplicate boolean)
      LANGUAGE plpgsql AS $$
      DECLARE
        v_count integer := jsonb_array_length(p_events);
        v_stored integer;
        v_matching integer;
        v_head_version bigint;
        v_head_hash bytea;
        v_recorded timestamptz := date_trunc('milliseconds', clock_timestamp());
        v_recorded_ms bytea;
        v_event jsonb;
        v_version bigint;
      BEGIN
        SELECT count(*),
               count(*) FILTER (WHERE e.stream_id = p_stream_id AND e.content_hash = decode(i.value ->> 'contentHash', 'hex'))
          INTO v_stored, v_matching
          FROM jsonb_array_elements(p_events) WITH ORDINALITY AS i(value, n)
          JOIN events e ON e.event_id = (i.value ->> 'eventId')::uuid;
        IF v_stored > 0 THEN
          IF v_stored < v_count OR v_matching < v_count THEN
            RAISE EXCEPTION 'event ids already stored elsewhere or with other content' USING ERRCODE = 'AD001',
              DETAIL = format('%s of %s event ids are stored already, %s of them in this stream with the same content', v_stored, v_count, v_matching);
          END IF;
          RETURN QUERY
            SELECT e.event_id, e.stream_version, e.global_position, e.recorded_at, true
              FROM jsonb_array_elements(p_events) WITH ORDINALITY AS i(value, n)
              JOIN events e ON e.event_id = (i.value ->> 'eventId')::uuid
             ORDER BY i.n;
          RETURN;
        END IF;

        SELECT e.stream_version, e.hash INTO v_head_version, v_head_hash
          FROM events e WHERE e.stream_id = p_stream_id
         ORDER BY e.stream_version DESC LIMIT 1;
        v_head_version := coalesce(v_head_version, 0);
        v_head_hash := coalesce(v_head_hash, '\\x0000000000000000000000000000000000000000000000000000000000000000'::bytea);
        IF p_expected >= 0 AND v_head_version <> p_expected THEN
          RAISE EXCEPTION 'wrong expected version' USING ERRCODE = 'AD002', DETAIL = v_head_version::text;
        END IF;

        v_recorded_ms := int8send((extract(epoch FROM v_recorded) * 1000)::bigint);
        v_version := v_head_version;
        FOR v_event IN SELECT value FROM jsonb_array_elements(p_events) LOOP
          v_version := v_version + 1;
          v_head_hash := sha256(v_head_hash || convert_to(p_stream_id, 'UTF8') || '\\x00'::bytea
                                || int8send(v_version) || v_recorded_ms || decode(v_event ->> 'contentHash', 'hex'));
          RETURN QUERY
            INSERT INTO events AS e (stream_id, stream_version, event_id, type, schema_version, data, metadata, recorded_at, content_hash, hash)
            VALUES (p_stream_id, v_version, (v_event ->> 'eventId')::uuid, v_event ->> 'type', (v_event ->> 'schemaVersion')::integer,
                    v_event -> 'data', v_event -> 'metadata', v_recorded, decode(v_event ->> 'contentHash', 'hex'), v_head_hash)
            RETURNING e.event_id, e.stream_version, e.global_position, e.recorded_at, false;
        END LOOP;
      END $$`);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP FUNCTION aduan_append_events(text, bigint, jsonb)`);
    await queryRunner.query(`DROP TABLE events`);
    await queryRunner.query(`DROP FUNCTION aduan_events_refuse_change()`);
  }
}
