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
  private readonly stack: { size: number; hash: Buffer }[] = [];
  count = 0;

  add(streamId: string, version: number, headHash: Buffer): void {
    const id = Buffer.from(streamId, 'utf8');
    const leaf = Buffer.allocUnsafe(1 + id.length + 1 + 8 + 32);
    leaf.writeUInt8(0, 0);
    id.copy(leaf, 1);
    leaf.writeUInt8(0, 1 + id.length);
    leaf.writeBigInt64BE(BigInt(version), 2 + id.length);
    headHash.copy(leaf, 10 + id.length);
    let top = { size: 1, hash: sha256(leaf) };
    while (this.stack.length > 0 && this.stack[this.stack.length - 1]!.size === top.size) {
      const left = this.stack.pop()!;
      top = { size: left.size * 2, hash: node(left.hash, top.hash) };
    }
    this.stack.push(top);
    this.count++;
  }

  root(): Buffer {
    if (this.stack.length === 0) return Buffer.alloc(32);
    let right = this.stack[this.stack.length - 1]!.hash;
    for (let i = this.stack.length - 2; i >= 0; i--) right = node(this.stack[i]!.hash, right);
    return right;
  }
}

function node(left: Buffer, right: Buffer): Buffer {
  return sha256(Buffer.concat([Buffer.from([1]), left, right]));
}

function sha256(input: Buffer): Buffer {
  return hash('sha256', input, 'buffer');
}
