import { StreamHeadsDigest, type ProofStep } from './stream-heads-digest.js';
import type { EventLog, WalkedEventRow } from '../event-store/event-log.port.js';
import { ANCHOR_STREAM } from '../../contexts/audit/anchor.js';

/** An anchor's digest: how many streams, their heads' Merkle root, and a target stream's head and proof. */
export interface AnchorDigest {
  streams: number;
  root: string;
  target: { version: number; proof: ProofStep[] } | null;
}

/**
 * The digest of every stream's head below `frontier` (the anchor stream aside), read with
 * EventLog.headsBelow: what the anchor writer records and an inclusion proof is checked against.
 */
export async function digestHeads(
  log: EventLog,
  frontier: bigint,
  target: string | null = null,
): Promise<AnchorDigest> {
  const digest = new StreamHeadsDigest(target);
  let targetVersion: number | null = null;
  for await (const heads of log.headsBelow(frontier))
    for (const head of heads) {
      if (head.stream_id === ANCHOR_STREAM) continue;
      digest.add(head.stream_id, head.stream_version, head.hash);
      if (head.stream_id === target) targetVersion = head.stream_version;
    }
  const root = digest.root().toString('hex');
  return {
    streams: digest.count,
    root,
    target: targetVersion === null ? null : { version: targetVersion, proof: digest.proof },
  };
}

/**
 * Digests, while the store is walked in (stream, version) order, the head each anchor covered in
 * each stream, for several anchors at once: verify-all checks every recorded anchor in the one walk
 * that checks the chains (the writer and the inclusion proofs read only the heads: digestHeads).
 */
export class AnchorDigests {
  private readonly digests: StreamHeadsDigest[];
  private readonly frontiers: bigint[];
  private readonly covered: ({ version: number; hash: Buffer } | null)[];
  private stream: string | null = null;

  constructor(frontiers: readonly bigint[]) {
    this.frontiers = [...frontiers];
    this.digests = frontiers.map(() => new StreamHeadsDigest());
    this.covered = frontiers.map(() => null);
  }

  add(row: WalkedEventRow): void {
    if (row.stream_id === ANCHOR_STREAM) return;
    if (row.stream_id !== this.stream) this.closeStream(row.stream_id);
    for (let i = 0; i < this.frontiers.length; i++) {
      if (row.commit_key < this.frontiers[i]!) this.covered[i] = { version: row.stream_version, hash: row.hash };
    }
  }

  /** The digest per anchor (streams and root), in the order the frontiers were given. */
  finish(): Omit<AnchorDigest, 'target'>[] {
    this.closeStream(null);
    return this.digests.map((digest) => ({ streams: digest.count, root: digest.root().toString('hex') }));
  }

  private closeStream(next: string | null): void {
    if (this.stream !== null) {
      for (let i = 0; i < this.digests.length; i++) {
        const head = this.covered[i];
        if (head) this.digests[i]!.add(this.stream, head.version, head.hash);
      }
    }
    this.stream = next;
    this.covered.fill(null);
  }
}

/** Where a stream stands in an anchor: the head it covered and the Merkle path from it to the root. */
export interface AnchorProof {
  /** The anchor's version in the anchor stream, and its own chain hash there. */
  anchorVersion: number;
  anchorHash: string;
  frontier: string;
  streams: number;
  root: string;
  headVersion: number;
  proof: ProofStep[];
}
