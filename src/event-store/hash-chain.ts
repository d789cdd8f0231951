import { hash } from 'node:crypto';

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
 * (RFC 8785 for the values events hold). Appends compute both here; verification recomputes
 * both from the stored row, so what is checked is what is stored.
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
  return contentHashOfCanonical({ ...event, data: canonicalJson(event.data), metadata: canonicalJson(event.metadata) });
}

/** contentHash for data and metadata that are canonical JSON texts already (keys below in sorted order). */
export function contentHashOfCanonical(event: {
  eventId: string;
  type: string;
  schemaVersion: number;
  data: string;
  metadata: string;
}): Buffer {
  const text = `{"data":${event.data},"eventId":${JSON.stringify(event.eventId)},"metadata":${event.metadata},"schemaVersion":${canonicalJson(event.schemaVersion)},"type":${JSON.stringify(event.type)}}`;
  return sha256(text);
}

export function chainHash(previous: Buffer, link: ChainLink): Buffer {
  const idLength = Buffer.byteLength(link.streamId, 'utf8');
  const input = Buffer.allocUnsafe(32 + idLength + 17 + 32);
  previous.copy(input, 0);
  input.write(link.streamId, 32, 'utf8');
  input.writeUInt8(0, 32 + idLength);
  input.writeBigInt64BE(BigInt(link.streamVersion), 33 + idLength);
  input.writeBigInt64BE(BigInt(link.recordedAt.getTime()), 41 + idLength);
  link.contentHash.copy(input, 49 + idLength);
  return sha256(input);
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
    const record = value as Record<string, unknown>;
    let text = '';
    for (const key of Object.keys(record).sort()) {
      const item = record[key];
      if (item === undefined || typeof item === 'function') continue;
      text += `${text ? ',' : ''}${JSON.stringify(key)}:${canonicalJson(item)}`;
    }
    return `{${text}}`;
  }
  throw new TypeError(`a ${typeof value} cannot be stored in JSON`);
}

function sha256(input: Buffer | string): Buffer {
  return hash('sha256', input, 'buffer');
}
