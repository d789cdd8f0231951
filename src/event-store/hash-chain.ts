import { createHash } from 'node:crypto';

/**
 * The hash chain that makes every stream tamper-evident. Written so an auditor can recompute it
 * with any SHA-256 tool:
 *
 *   contentHash(e) = SHA-256( UTF-8( canonicalJson({ data, eventId, metadata, schemaVersion, type }) ) )
 *   hash(e)        = SHA-256( hash(previous) ‖ UTF-8(streamId) ‖ 0x00 ‖ int64be(streamVersion)
 *                             ‖ int64be(recordedAt in milliseconds since 1970-01-01T00:00:00Z) ‖ contentHash(e) )
 *
 * with hash(previous) = 32 zero bytes for version 1. canonicalJson is JSON with object keys sorted
 * by UTF-16 code units, no whitespace, and numbers and strings as JSON.stringify writes them
 * (RFC 8785 for the values events hold). The PostgreSQL adapter computes the chain step in SQL
 * (aduan_append_events), the contentHash here; verification recomputes both from the stored row.
 */
export const GENESIS_HASH = Buffer.alloc(32);

export interface HashedContent {
  eventId: string;
  type: string;
  schemaVersion: number;
  data: unknown;
  metadata: unknown;
}

export interface ChainLink {
  streamId: string;
  streamVersion: number;
  recordedAt: Date;
  contentHash: Buffer;
}

export function contentHash(event: HashedContent): Buffer {
  const { data, eventId, metadata, schemaVersion, type } = event;
  return sha256(Buffer.from(canonicalJson({ data, eventId, metadata, schemaVersion, type }), 'utf8'));
}

export function chainHash(previous: Buffer, link: ChainLink): Buffer {
  const header = Buffer.alloc(17);
  header.writeUInt8(0, 0);
  header.writeBigInt64BE(BigInt(link.streamVersion), 1);
  header.writeBigInt64BE(BigInt(link.recordedAt.getTime()), 9);
  return sha256(Buffer.concat([previous, Buffer.from(link.streamId, 'utf8'), header, link.contentHash]));
}

export function canonicalJson(value: unknown): string {
  if (value === null || typeof value === 'boolean' || typeof value === 'string') return JSON.stringify(value);
  if (typeof value === 'number') {
    if (!Number.isFinite(value)) throw new TypeError(`${value} cannot be stored in JSON`);
    return JSON.stringify(value);
  }
  if (Array.isArray(value)) {
    return `[${value.map((item) => (item === undefined || typeof item === 'function' ? 'null' : canonicalJson(item))).join(',')}]`;
  }
  if (typeof value === 'object') {
    const withJson = value as { toJSON?: () => unknown };
    if (typeof withJson.toJSON === 'function') return canonicalJson(withJson.toJSON());
    const entries = Object.entries(value as Record<string, unknown>)
      .filter(([, item]) => item !== undefined && typeof item !== 'function')
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    return `{${entries.map(([key, item]) => `${JSON.stringify(key)}:${canonicalJson(item)}`).join(',')}}`;
  }
  throw new TypeError(`a ${typeof value} cannot be stored in JSON`);
}

function sha256(bytes: Buffer): Buffer {
  return createHash('sha256').update(bytes).digest();
}
