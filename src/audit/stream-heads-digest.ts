import { hash } from 'node:crypto';

/**
 * A Merkle root over stream heads, built as the heads arrive in stream-id order and holding only
 * O(log n) hashes (a binary counter of subtrees), so a store of any size is digested in bounded
 * memory:
 *
 *   leaf(s)  = SHA-256( 0x00 ‖ UTF-8(streamId) ‖ 0x00 ‖ int64be(headVersion) ‖ headHash )
 *   node     = SHA-256( 0x01 ‖ left ‖ right )
 *
 * Leaves are added in ascending stream-id order (byte order of the ids, as PostgreSQL's "C"
 * collation sorts them); two subtrees of equal size merge as soon as both exist; at the end the
 * remaining subtrees fold right to left (root = node(s1, node(s2, … node(sk-1, sk)))). The root of
 * no streams is 32 zero bytes.
 */
export class StreamHeadsDigest {
  private readonly stack: { size: number; hash: Buffer; target: boolean }[] = [];
  count = 0;
  /** The sibling hashes from the target leaf up to the root, when a target stream was named. */
  readonly proof: ProofStep[] = [];

  /** @param target a stream whose inclusion proof to collect while digesting */
  constructor(private readonly target: string | null = null) {}

  add(streamId: string, version: number, headHash: Buffer): void {
    let top = { size: 1, hash: leafHash(streamId, version, headHash), target: streamId === this.target };
    while (this.stack.length > 0 && this.stack[this.stack.length - 1]!.size === top.size) {
      top = this.merge(this.stack.pop()!, top);
    }
    this.stack.push(top);
    this.count++;
  }

  root(): Buffer {
    if (this.stack.length === 0) return Buffer.alloc(32);
    let right = this.stack[this.stack.length - 1]!;
    for (let i = this.stack.length - 2; i >= 0; i--) right = this.merge(this.stack[i]!, right);
    return right.hash;
  }

  private merge(
    left: { size: number; hash: Buffer; target: boolean },
    right: { size: number; hash: Buffer; target: boolean },
  ) {
    if (left.target) this.proof.push({ side: 'right', hash: right.hash.toString('hex') });
    if (right.target) this.proof.push({ side: 'left', hash: left.hash.toString('hex') });
    return { size: left.size + right.size, hash: node(left.hash, right.hash), target: left.target || right.target };
  }
}

/** One step of an inclusion proof: the sibling's hash, and on which side of the path it sits. */
export interface ProofStep {
  side: 'left' | 'right';
  hash: string;
}

/** The root an inclusion proof leads to from a stream's head (compare it with the anchor's root). */
export function rootFromProof(
  streamId: string,
  version: number,
  headHash: Buffer,
  proof: readonly ProofStep[],
): Buffer {
  let hash = leafHash(streamId, version, headHash);
  for (const step of proof) {
    const sibling = Buffer.from(step.hash, 'hex');
    hash = step.side === 'left' ? node(sibling, hash) : node(hash, sibling);
  }
  return hash;
}

function leafHash(streamId: string, version: number, headHash: Buffer): Buffer {
  const id = Buffer.from(streamId, 'utf8');
  const leaf = Buffer.allocUnsafe(1 + id.length + 1 + 8 + 32);
  leaf.writeUInt8(0, 0);
  id.copy(leaf, 1);
  leaf.writeUInt8(0, 1 + id.length);
  leaf.writeBigInt64BE(BigInt(version), 2 + id.length);
  headHash.copy(leaf, 10 + id.length);
  return sha256(leaf);
}

function node(left: Buffer, right: Buffer): Buffer {
  return sha256(Buffer.concat([Buffer.from([1]), left, right]));
}

function sha256(input: Buffer): Buffer {
  return hash('sha256', input, 'buffer');
}
