import { chainHash, contentHash, GENESIS_HASH } from './hash-chain.js';
import type { VerifyResult } from './event-store.port.js';

/** An event row as stored: what the chain check recomputes from. */
export interface StoredEventRow {
  stream_id: string;
  stream_version: number;
  event_id: string;
  type: string;
  schema_version: number;
  data: unknown;
  metadata: unknown;
  recorded_at: Date;
  content_hash: Buffer;
  hash: Buffer;
}

/**
 * Checks one stream's rows, fed in version order: no version missing, each row's content
 * matching its content hash, each hash chaining from the previous one. Rows can be fed a page at
 * a time, so a whole store is checked in bounded memory.
 */
export class ChainVerifier {
  private previous: Buffer = GENESIS_HASH;
  version = 0;

  constructor(readonly streamId: string) {}

  /** Checks the next row; the failure when it breaks the chain, else null. */
  next(row: StoredEventRow): Extract<VerifyResult, { ok: false }> | null {
    const version = this.version + 1;
    const fail = (reason: string) => ({ ok: false as const, streamId: this.streamId, version, reason });
    if (row.stream_version !== version) return fail(`version ${version} is missing (found ${row.stream_version} next)`);
    const content = contentHash({
      eventId: row.event_id,
      type: row.type,
      schemaVersion: row.schema_version,
      data: row.data,
      metadata: row.metadata,
    });
    if (!content.equals(row.content_hash)) return fail('the event content does not match its content hash');
    const expected = chainHash(this.previous, {
      streamId: this.streamId,
      streamVersion: version,
      recordedAt: row.recorded_at,
      contentHash: content,
    });
    if (!expected.equals(row.hash)) return fail('the hash does not chain from the previous event');
    this.previous = row.hash;
    this.version = version;
    return null;
  }

  /** The newest hash checked (32 zero bytes before the first event). */
  get head(): Buffer {
    return this.previous;
  }
}
