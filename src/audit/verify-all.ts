import type pg from 'pg';
import { ChainVerifier, type StoredEventRow } from '../event-store/chain-verifier.js';
import type { VerifyResult } from '../event-store/event-store.port.js';

const PAGE = 5000;

export interface VerifyAllSummary {
  streams: number;
  events: number;
  broken: Extract<VerifyResult, { ok: false }>[];
}

/**
 * Checks the hash chain of every stream in the store, reading it in pages of rows ordered by
 * (stream, version): memory stays at one page whatever the store's size.
 */
export async function verifyAll(pool: pg.Pool, onProgress: (progress: { done: number; total: number }) => void = () => undefined): Promise<VerifyAllSummary> {
  const [{ total }] = (await pool.query<{ total: number }>(`SELECT count(*)::int AS total FROM events`)).rows as [{ total: number }];
  const summary: VerifyAllSummary = { streams: 0, events: 0, broken: [] };
  let chain = null as ChainVerifier | null;
  let failed = false;
  let after: [string, number] = ['', 0];
  for (;;) {
    const { rows } = await pool.query<StoredEventRow>(
      `SELECT stream_id, stream_version::int AS stream_version, event_id::text AS event_id, type, schema_version, data, metadata, recorded_at, content_hash, hash
         FROM events WHERE (stream_id, stream_version) > ($1, $2) ORDER BY stream_id, stream_version LIMIT ${PAGE}`,
      after,
    );
    for (const row of rows) {
      if (chain?.streamId !== row.stream_id) {
        chain = new ChainVerifier(row.stream_id);
        failed = false;
        summary.streams++;
      }
      if (!failed) {
        const failure = chain.next(row);
        if (failure) {
          summary.broken.push(failure);
          failed = true;
        }
      }
    }
    summary.events += rows.length;
    onProgress({ done: summary.events, total: Math.max(total, summary.events) });
    if (rows.length < PAGE) return summary;
    const last = rows[rows.length - 1]!;
    after = [last.stream_id, last.stream_version];
  }
}
