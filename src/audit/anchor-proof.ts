import type { EventLog } from '../event-store/event-log.port.js';
import type { EventStore } from '../event-store/event-store.port.js';
import { ANCHOR_STREAM, type AnchorData } from '../../contexts/audit/anchor.js';
import { AnchorDigests, type AnchorProof } from './anchors.js';

/**
 * The newest anchor that covers any event of the stream, with the stream's inclusion proof in it;
 * null when no anchor covers the stream yet. It walks the whole store (bounded memory), as
 * verify-all does: seconds for a store of a hundred thousand events.
 */
export async function anchorProof(
  { stored, log }: { stored: EventStore; log: EventLog },
  streamId: string,
): Promise<AnchorProof | null> {
  const first = await log.firstCommitKey(streamId);
  if (first === null) return null;
  const anchor = (await stored.readStream(ANCHOR_STREAM)).findLast(
    (event) => BigInt((event.data as unknown as AnchorData).frontier) > first,
  );
  if (!anchor) return null;
  const data = anchor.data as unknown as AnchorData;
  const digests = new AnchorDigests([BigInt(data.frontier)], streamId);
  for await (const rows of log.walk()) for (const row of rows) digests.add(row);
  const [found] = digests.finish();
  if (!found?.target) return null;
  return {
    anchorVersion: anchor.streamVersion,
    anchorHash: anchor.hash,
    frontier: data.frontier,
    streams: data.streams,
    root: data.root,
    headVersion: found.target.version,
    proof: found.target.proof,
  };
}
