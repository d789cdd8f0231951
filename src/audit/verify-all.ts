import { ChainVerifier } from '../event-store/chain-verifier.js';
import type { EventLog } from '../event-store/event-log.port.js';
import type { EventStore, VerifyResult } from '../event-store/event-store.port.js';
import { ANCHOR_STREAM, type AnchorData } from '../../contexts/audit/anchor.js';
import { AnchorDigests } from './anchors.js';

export interface AnchorFailure {
  /** The anchor's version in the anchor stream. */
  anchor: number;
  reason: string;
}

export interface VerifyAllSummary {
  streams: number;
  events: number;
  broken: Extract<VerifyResult, { ok: false }>[];
  anchors: number;
  brokenAnchors: AnchorFailure[];
}

/**
 * Checks the hash chain of every stream and every anchor (anchors.ts) in one walk over the store
 * in (stream, version) order: memory stays at one page of rows plus O(log n) hashes per anchor.
 * A chain shows an event changed or removed inside a stream; the anchors show a stream, or the
 * newest events of one, removed (or a chain rewritten) since they were recorded.
 */
export async function verifyAll(
  { stored, log }: { stored: EventStore; log: EventLog },
  onProgress: (progress: { done: number; total: number }) => void = () => undefined,
): Promise<VerifyAllSummary> {
  const { events: total } = await log.backlog(0n);
  const anchors = (await stored.readStream(ANCHOR_STREAM)).map((event) => ({
    version: event.streamVersion,
    data: event.data as unknown as AnchorData,
  }));
  const digests = new AnchorDigests(anchors.map((a) => BigInt(a.data.frontier)));
  const summary: VerifyAllSummary = { streams: 0, events: 0, broken: [], anchors: anchors.length, brokenAnchors: [] };
  let chain = null as ChainVerifier | null;
  let failed = false;
  for await (const rows of log.walk()) {
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
      digests.add(row);
    }
    summary.events += rows.length;
    onProgress({ done: summary.events, total: Math.max(total, summary.events) });
  }
  for (const [i, found] of digests.finish().entries()) {
    const { version, data } = anchors[i]!;
    if (found.streams !== data.streams || found.root !== data.root) {
      summary.brokenAnchors.push({
        anchor: version,
        reason: `the store no longer matches anchor ${version}: it covered ${data.streams} streams, ${found.streams} are there now${found.root === data.root ? '' : ', and their heads digest differently'} (a stream or its newest events removed, or a chain rewritten)`,
      });
    }
  }
  return summary;
}
