import { chainHash, contentHash, GENESIS_HASH } from '../event-store/hash-chain.js';
import type { RecordedEvent } from '../event-store/event-store.port.js';
import type { AnchorProof } from './anchors.js';
import { rootFromProof } from './stream-heads-digest.js';

export const BUNDLE_FORMAT = 'aduan-audit-bundle/1';

/** How every hash in a bundle is computed, carried in the bundle so it can be checked with any SHA-256 tool. */
export const HASH_RULES = [
  'contentHash = SHA-256(UTF-8(canonicalJson({ data, eventId, metadata, schemaVersion, type })))',
  'hash = SHA-256(previousHash ‖ UTF-8(streamId) ‖ 0x00 ‖ int64be(streamVersion) ‖ int64be(recordedAt as milliseconds since 1970-01-01T00:00:00Z) ‖ contentHash)',
  'previousHash of version 1 = 32 zero bytes; hashes are written as lowercase hex',
  'canonicalJson: JSON with object keys sorted by UTF-16 code units, no whitespace, strings and numbers as ECMAScript JSON.stringify writes them (RFC 8785 for these values)',
  'anchor: leaf = SHA-256(0x00 ‖ UTF-8(streamId) ‖ 0x00 ‖ int64be(headVersion) ‖ hash of that event); for each proof step, node = SHA-256(0x01 ‖ left ‖ right) with the step hash on its side; the result must equal root',
];

export interface BundleEvent {
  streamVersion: number;
  globalPosition: string;
  eventId: string;
  type: string;
  schemaVersion: number;
  data: unknown;
  metadata: unknown;
  recordedAt: string;
  contentHash: string;
  hash: string;
}

export interface AuditBundle {
  format: typeof BUNDLE_FORMAT;
  exportedAt: string;
  trackingId: string;
  streamId: string;
  hashRules: string[];
  events: BundleEvent[];
  /** The newest anchor covering the report, and the report's inclusion proof in it; null before any anchor covers it. */
  anchor: AnchorProof | null;
}

export type BundleCheck =
  | { ok: true; events: number; headHash: string | null; anchor: { version: number; root: string } | null }
  | { ok: false; version: number | null; eventId: string | null; reason: string };

export function toBundle(
  trackingId: string,
  streamId: string,
  events: readonly RecordedEvent[],
  exportedAt: Date,
  anchor: AnchorProof | null,
): AuditBundle {
  return {
    format: BUNDLE_FORMAT,
    exportedAt: exportedAt.toISOString(),
    trackingId,
    streamId,
    hashRules: HASH_RULES,
    events: events.map((e) => ({
      streamVersion: e.streamVersion,
      globalPosition: e.globalPosition.toString(),
      eventId: e.eventId,
      type: e.type,
      schemaVersion: e.schemaVersion,
      data: e.data,
      metadata: e.metadata,
      recordedAt: e.recordedAt.toISOString(),
      contentHash: contentHash(e).toString('hex'),
      hash: e.hash,
    })),
    anchor,
  };
}

/** Checks a bundle's text with no database: its shape, then every event's content hash and link, in order. */
export function checkBundle(text: string): BundleCheck {
  let bundle: AuditBundle;
  try {
    bundle = JSON.parse(text) as AuditBundle;
  } catch (error) {
    return {
      ok: false,
      version: null,
      eventId: null,
      reason: `the file is not valid JSON (${(error as Error).message})`,
    };
  }
  if (bundle?.format !== BUNDLE_FORMAT || typeof bundle.streamId !== 'string' || !Array.isArray(bundle.events)) {
    return { ok: false, version: null, eventId: null, reason: `the file is not an ${BUNDLE_FORMAT} bundle` };
  }
  let previous: Buffer = GENESIS_HASH;
  for (const [index, event] of bundle.events.entries()) {
    const broken = (reason: string): BundleCheck => ({
      ok: false,
      version: index + 1,
      eventId: typeof event?.eventId === 'string' ? event.eventId : null,
      reason,
    });
    if (event?.streamVersion !== index + 1)
      return broken(
        `event ${index + 1} of the bundle says version ${event?.streamVersion}: an event is missing or out of order`,
      );
    const recordedAt = new Date(event.recordedAt);
    if (Number.isNaN(recordedAt.getTime()))
      return broken(`recordedAt ${JSON.stringify(event.recordedAt)} is not an instant`);
    let content: Buffer;
    try {
      content = contentHash({
        eventId: event.eventId,
        type: event.type,
        schemaVersion: event.schemaVersion,
        data: event.data,
        metadata: event.metadata,
      });
    } catch (error) {
      return broken(`its content cannot be hashed (${(error as Error).message})`);
    }
    if (content.toString('hex') !== event.contentHash)
      return broken('its content (type, data, metadata, ids) does not match its content hash');
    const expected = chainHash(previous, {
      streamId: bundle.streamId,
      streamVersion: event.streamVersion,
      recordedAt,
      contentHash: content,
    });
    if (expected.toString('hex') !== event.hash)
      return broken(
        'its hash does not chain from the previous event (changed hash, recordedAt or stream, or an event removed before it)',
      );
    previous = expected;
  }
  const anchor = bundle.anchor;
  if (anchor) {
    const head = bundle.events[anchor.headVersion - 1];
    if (!head || !Array.isArray(anchor.proof))
      return {
        ok: false,
        version: anchor.headVersion ?? null,
        eventId: null,
        reason: 'the anchor names an event the bundle does not hold',
      };
    const root = rootFromProof(
      bundle.streamId,
      anchor.headVersion,
      Buffer.from(head.hash, 'hex'),
      anchor.proof,
    ).toString('hex');
    if (root !== anchor.root)
      return {
        ok: false,
        version: anchor.headVersion,
        eventId: head.eventId,
        reason: `the inclusion proof does not lead to anchor ${anchor.anchorVersion}'s root`,
      };
  }
  return {
    ok: true,
    events: bundle.events.length,
    headHash: bundle.events.length > 0 ? previous.toString('hex') : null,
    anchor: anchor ? { version: anchor.anchorVersion, root: anchor.root } : null,
  };
}
