/** The newest version of a stream known to this process, and that version's chain hash. */
export interface StreamHead {
  version: number;
  hash: Buffer;
}

/**
 * A bounded, least-recently-used memory of stream heads. Because events are immutable and a
 * (stream, version) pair is stored at most once, "version v of stream s has hash h" never goes
 * stale: several processes can each keep their own without coordinating. It spares the append
 * that follows a command's readStream a second round trip for the previous hash.
 */
export class StreamHeads {
  private readonly heads = new Map<string, StreamHead>();

  constructor(private readonly capacity = 10_000) {}

  get(streamId: string): StreamHead | undefined {
    const head = this.heads.get(streamId);
    if (head) {
      this.heads.delete(streamId);
      this.heads.set(streamId, head);
    }
    return head;
  }

  remember(streamId: string, head: StreamHead): void {
    const known = this.heads.get(streamId);
    if (known && known.version > head.version) return;
    this.heads.delete(streamId);
    this.heads.set(streamId, head);
    if (this.heads.size > this.capacity) this.heads.delete(this.heads.keys().next().value!);
  }
}
