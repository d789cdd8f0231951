import { StreamHeadsDigest, type ProofStep } from './stream-heads-digest.js';
import type { WalkedEventRow } from '../event-store/event-log.port.js';
import { ANCHOR_STREAM } from '../../contexts/audit/anchor.js';

/**
 * Digests, while the store is walked in (stream, version) order, the head each anchor covered in
 * each stream, for several anchors at once: the anchor writer uses it with one anchor to come, the
 * verifier with every anchor recorded.
 */
export class AnchorDigests {
  private readonly digests: StreamHeadsDigest[];
  private readonly frontiers: bigint[];
  private readonly covered: ({ version: number; hash: Buffer } | null)[];
  private stream: string | null = null;
  /** Per anchor, the head it covered in the target stream. */
  private readonly targetHeads: ({ version: number } | null)[];

  /** @param target a stream whose inclusion proofs to collect (for an audit bundle) */
  constructor(
    frontiers: readonly bigint[],
    private readonly target: string | null = null,
  ) {
    this.frontiers = [...frontiers];
    this.digests = frontiers.map(() => new StreamHeadsDigest(target));
    this.covered = frontiers.map(() => null);
    this.targetHeads = frontiers.map(() => null);
  }

  add(row: WalkedEventRow): void {
    if (row.stream_id === ANCHOR_STREAM) return;
    if (row.stream_id !== this.stream) this.closeStream(row.stream_id);
    for (let i = 0; i < this.frontiers.length; i++) {
      if (row.commit_key < this.frontiers[i]!) this.covered[i] = { version: row.stream_version, hash: row.hash };
    }
  }

  /** The digest per anchor, in the order the frontiers were given. */
  finish(): { streams: number; root: string; target: { version: number; proof: ProofStep[] } | null }[] {
    this.closeStream(null);
    return this.digests.map((digest, i) => {
      const root = digest.root().toString('hex');
      const head = this.targetHeads[i];
      return { streams: digest.count, root, target: head ? { version: head.version, proof: digest.proof } : null };
    });
  }

  private closeStream(next: string | null): void {
    if (this.stream !== null) {
      for (let i = 0; i < this.digests.length; i++) {
        const head = this.covered[i];
        if (head) this.digests[i]!.add(this.stream, head.version, head.hash);
        if (head && this.stream === this.target) this.targetHeads[i] = { version: head.version };
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
