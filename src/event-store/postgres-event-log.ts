import type pg from 'pg';
import { ROUTING_EVENTS, type CoveredHead, type EventLog, type WalkedEventRow } from './event-log.port.js';
import type { StoredEventRow } from './chain-verifier.js';

const WALK_PAGE = 5000;
/** Streams per page of headsBelow. */
const HEADS_PAGE = 5000;
/** The types are literals so that the planner can use the partial index events_assigned_agency_idx. */
const ROUTED_TO = `SELECT DISTINCT stream_id FROM events
  WHERE type IN (${ROUTING_EVENTS.map((type) => `'${type}'`).join(', ')}) AND coalesce(data->>'toAgencyId', data->>'agencyId') = $1 AND (metadata->>'occurredAt')::timestamptz <= $2
  ORDER BY stream_id`;

/**
 * The EventLog on PostgreSQL's events table. readAll's order is (transaction_id, global_position)
 * below the snapshot's xmin (postgres-event-store.ts), so comparisons go through the events'
 * transaction ids, never the positions as numbers; the commit key is the transaction id.
 */
export class PostgresEventLog implements EventLog {
  constructor(
    private readonly pool: pg.Pool,
    /** Streams per page of headsBelow (HEADS_PAGE unless a spec needs many pages of a few). */
    private readonly headsPage = HEADS_PAGE,
  ) {}

  async head(): Promise<bigint | null> {
    const { rows } = await this.pool.query<{ position: string }>(
      `SELECT global_position::text AS position FROM events WHERE transaction_id < pg_snapshot_xmin(pg_current_snapshot())
        ORDER BY transaction_id DESC, global_position DESC LIMIT 1`,
    );
    return rows[0] ? BigInt(rows[0].position) : null;
  }

  async newestCommitted(): Promise<bigint | null> {
    const { rows } = await this.pool.query<{ position: string }>(
      `SELECT global_position::text AS position FROM events ORDER BY transaction_id DESC, global_position DESC LIMIT 1`,
    );
    return rows[0] ? BigInt(rows[0].position) : null;
  }

  async reached(position: bigint, checkpoints: readonly bigint[]): Promise<{ known: boolean; reached: boolean[] }> {
    const { rows } = await this.pool.query<{ known: boolean; reached: boolean[] }>(
      `SELECT EXISTS (SELECT 1 FROM events WHERE global_position = $1) AS known,
              coalesce((SELECT array_agg(coalesce((ce.transaction_id, ce.global_position) >= (pe.transaction_id, pe.global_position), false) ORDER BY c.i)
                 FROM unnest($2::bigint[]) WITH ORDINALITY AS c(position, i)
                 LEFT JOIN events ce ON ce.global_position = c.position
                 LEFT JOIN events pe ON pe.global_position = $1), '{}') AS reached`,
      [position.toString(), checkpoints.map(String)],
    );
    return rows[0]!;
  }

  async backlog(after: bigint): Promise<{ events: number; oldestRecordedAt: Date | null }> {
    // The checkpoint's transaction id is looked up first: compared with a value, the row comparison
    // is an index range scan (0.1 ms at 300,000 events); against a subquery the planner scans the
    // whole table (67 ms there, and /metrics and /health/ready ask for every read model).
    const {
      rows: [checkpoint],
    } = await this.pool.query<{ transaction_id: string }>(
      'SELECT transaction_id::text FROM events WHERE global_position = $1',
      [after.toString()],
    );
    const { rows } = checkpoint
      ? await this.pool.query<{ events: number; oldest: Date | null }>(
          `SELECT count(*)::int AS events, min(recorded_at) AS oldest FROM events WHERE (transaction_id, global_position) > ($1::xid8, $2)`,
          [checkpoint.transaction_id, after.toString()],
        )
      : await this.pool.query<{ events: number; oldest: Date | null }>(
          `SELECT count(*)::int AS events, min(recorded_at) AS oldest FROM events`,
        );
    return { events: rows[0]!.events, oldestRecordedAt: rows[0]!.oldest };
  }

  async *walk(): AsyncGenerator<WalkedEventRow[]> {
    let after: [string, number] = ['', 0];
    for (;;) {
      const { rows } = await this.pool.query<StoredEventRow & { commit_key: string }>(
        `SELECT stream_id, stream_version::int AS stream_version, event_id::text AS event_id, type, schema_version, data, metadata, recorded_at,
                content_hash, hash, transaction_id::text AS commit_key
           FROM events WHERE (stream_id, stream_version) > ($1, $2) ORDER BY stream_id, stream_version LIMIT ${WALK_PAGE}`,
        after,
      );
      if (rows.length > 0) yield rows.map((row) => ({ ...row, commit_key: BigInt(row.commit_key) }));
      if (rows.length < WALK_PAGE) return;
      const last = rows[rows.length - 1]!;
      after = [last.stream_id, last.stream_version];
    }
  }

  /**
   * Skips from stream to stream through the (stream_id, stream_version) index (the next stream id is one
   * index probe, its head below the frontier one backward probe), so it reads a row per stream, not per event.
   */
  async *headsBelow(frontier: bigint): AsyncGenerator<CoveredHead[]> {
    let after = '';
    for (;;) {
      const { rows } = await this.pool.query<{ stream_id: string; stream_version: number | null; hash: Buffer | null }>(
        `WITH RECURSIVE streams(stream_id) AS (
           (SELECT stream_id FROM events WHERE stream_id > $1 ORDER BY stream_id LIMIT 1)
           UNION ALL
           SELECT (SELECT e.stream_id FROM events e WHERE e.stream_id > streams.stream_id ORDER BY e.stream_id LIMIT 1)
             FROM streams WHERE streams.stream_id IS NOT NULL)
         SELECT page.stream_id, head.stream_version::int AS stream_version, head.hash
           FROM (SELECT stream_id FROM streams WHERE stream_id IS NOT NULL LIMIT $3) page
           LEFT JOIN LATERAL (SELECT stream_version, hash FROM events
                               WHERE events.stream_id = page.stream_id AND transaction_id < $2::xid8
                               ORDER BY stream_version DESC LIMIT 1) head ON true
          ORDER BY page.stream_id`,
        [after, frontier.toString(), this.headsPage],
      );
      const heads = rows.filter((row): row is CoveredHead => row.stream_version !== null);
      if (heads.length > 0) yield heads;
      if (rows.length < this.headsPage) return;
      after = rows[rows.length - 1]!.stream_id;
    }
  }

  async frontier(): Promise<bigint> {
    const { rows } = await this.pool.query<{ frontier: string }>(
      `SELECT pg_snapshot_xmin(pg_current_snapshot())::text AS frontier`,
    );
    return BigInt(rows[0]!.frontier);
  }

  async committedBetween(from: bigint, to: bigint, exceptStream: string): Promise<boolean> {
    const { rows } = await this.pool.query<{ any: boolean }>(
      `SELECT EXISTS (SELECT 1 FROM events WHERE stream_id <> $1 AND transaction_id >= $2::xid8 AND transaction_id < $3::xid8) AS any`,
      [exceptStream, from.toString(), to.toString()],
    );
    return rows[0]!.any;
  }

  async existingStreams(streamIds: readonly string[]): Promise<Set<string>> {
    const { rows } = await this.pool.query<{ stream_id: string }>(
      `SELECT stream_id FROM events WHERE stream_id = ANY($1::text[]) AND stream_version = 1`,
      [streamIds],
    );
    return new Set(rows.map((row) => row.stream_id));
  }

  async firstCommitKey(streamId: string): Promise<bigint | null> {
    const { rows } = await this.pool.query<{ key: string | null }>(
      `SELECT min(transaction_id)::text AS key FROM events WHERE stream_id = $1`,
      [streamId],
    );
    return rows[0]?.key == null ? null : BigInt(rows[0].key);
  }

  async streamsRoutedTo(agencyId: string, until: Date): Promise<string[]> {
    const { rows } = await this.pool.query<{ stream_id: string }>(ROUTED_TO, [agencyId, until.toISOString()]);
    return rows.map((row) => row.stream_id);
  }
}
