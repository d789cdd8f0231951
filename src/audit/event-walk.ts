import type pg from 'pg';
import type { StoredEventRow } from '../event-store/chain-verifier.js';

export interface WalkedEventRow extends StoredEventRow {
  /** The appending transaction's id (xid8), as a bigint. */
  transaction_id: bigint;
}

const PAGE = 5000;

/**
 * Every stored event in (stream id, version) order, a page at a time: what the integrity checks
 * and the anchors walk, in memory bounded by one page whatever the store's size.
 */
export async function* walkEvents(pool: pg.Pool): AsyncGenerator<WalkedEventRow[]> {
  let after: [string, number] = ['', 0];
  for (;;) {
    const { rows } = await pool.query<StoredEventRow & { transaction_id: string }>(
      `SELECT stream_id, stream_version::int AS stream_version, event_id::text AS event_id, type, schema_version, data, metadata, recorded_at,
              content_hash, hash, transaction_id::text AS transaction_id
         FROM events WHERE (stream_id, stream_version) > ($1, $2) ORDER BY stream_id, stream_version LIMIT ${PAGE}`,
      after,
    );
    if (rows.length > 0) yield rows.map((row) => ({ ...row, transaction_id: BigInt(row.transaction_id) }));
    if (rows.length < PAGE) return;
    const last = rows[rows.length - 1]!;
    after = [last.stream_id, last.stream_version];
  }
}
