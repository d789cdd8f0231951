import type pg from 'pg';
import { ANCHOR_STREAM, AnchorDigests, type AnchorData, type AnchorProof } from './anchors.js';
import { walkEvents } from './event-walk.js';

/**
 * The newest anchor that covers any event of the stream, with the stream's inclusion proof in it;
 * null when no anchor covers the stream yet. It walks the whole store (bounded memory), as
 * verify-all does: seconds for a store of a hundred thousand events.
 */
export async function anchorProof(pool: pg.Pool, streamId: string): Promise<AnchorProof | null> {
  const { rows: anchors } = await pool.query<{ version: number; data: AnchorData; hash: Buffer }>(
    `SELECT stream_version::int AS version, data, hash FROM events
      WHERE stream_id = $1 AND (data->>'frontier')::xid8 > (SELECT min(transaction_id) FROM events WHERE stream_id = $2)
      ORDER BY stream_version DESC LIMIT 1`,
    [ANCHOR_STREAM, streamId],
  );
  const anchor = anchors[0];
  if (!anchor) return null;
  const digests = new AnchorDigests([BigInt(anchor.data.frontier)], streamId);
  for await (const rows of walkEvents(pool)) for (const row of rows) digests.add(row);
  const [found] = digests.finish();
  if (!found?.target) return null;
  return {
    anchorVersion: anchor.version,
    anchorHash: anchor.hash.toString('hex'),
    frontier: anchor.data.frontier,
    streams: anchor.data.streams,
    root: anchor.data.root,
    headVersion: found.target.version,
    proof: found.target.proof,
  };
}
