import type { EventLog } from '../event-store/event-log.port.js';
import type { EventStore } from '../event-store/event-store.port.js';
import { ANCHOR_STREAM, type AnchorData } from '../../contexts/audit/anchor.js';
import { digestHeads, type AnchorProof } from './anchors.js';

/**
 * The newest anchor that covers any event of the stream, with the stream's inclusion proof in it;
 * null when no anchor covers the stream yet. It reads every stream's head below the anchor's
 * frontier (EventLog.headsBelow: a row per stream, in bounded memory).
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
  const found = await digestHeads(log, BigInt(data.frontier), streamId);
  if (!found.target) return null;
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
