import { canonicalJson, contentHashOfCanonical } from './hash-chain.js';
import { InvalidEventError } from './errors.js';
import type { AppendOptions, EventMetadata, ExpectedVersion, NewEvent } from './event-store.port.js';
import { isUuid } from '../kernel/uuid.js';

/** An event checked and normalised for storage, whatever the adapter. */
export interface PreparedEvent {
  eventId: string;
  type: string;
  schemaVersion: number;
  /** Canonical JSON texts: what is stored is exactly what was hashed. */
  data: string;
  metadata: string;
  contentHash: Buffer;
}

/** `category-id`: a lower-camel category, a dash, then any id (usually a uuid). */
const STREAM_ID = /^[a-z][a-zA-Z0-9]*-[^\s]+$/;
const EVENT_TYPE = /^[A-Z][A-Za-z0-9]*$/;
const MAX_EVENTS_PER_APPEND = 1000;

export function assertStreamId(streamId: string): void {
  if (typeof streamId !== 'string' || streamId.length > 200 || !STREAM_ID.test(streamId)) {
    throw new InvalidEventError(`Stream id ${JSON.stringify(streamId)} must look like category-id, e.g. report-<uuid>`);
  }
}

export function streamCategory(streamId: string): string {
  return streamId.slice(0, streamId.indexOf('-'));
}

export function assertExpectedVersion(expected: ExpectedVersion): void {
  if (expected === 'any' || expected === 'no_stream') return;
  if (!Number.isSafeInteger(expected) || expected < 0) {
    throw new InvalidEventError(
      `Expected version ${JSON.stringify(expected)} must be 'any', 'no_stream' or a whole number ≥ 0`,
    );
  }
}

export function prepareEvents(
  streamId: string,
  events: readonly NewEvent<string, object>[],
  options: AppendOptions = {},
): PreparedEvent[] {
  assertStreamId(streamId);
  if (!Array.isArray(events) || events.length === 0) throw new InvalidEventError('An append needs at least one event');
  if (events.length > MAX_EVENTS_PER_APPEND)
    throw new InvalidEventError(`An append holds at most ${MAX_EVENTS_PER_APPEND} events`);
  const seen = new Set<string>();
  return events.map((event, index) => {
    const where = `Event ${index + 1} of the append to ${streamId}`;
    if (typeof event.eventId !== 'string' || !isUuid(event.eventId))
      throw new InvalidEventError(`${where}: eventId must be a uuid`);
    const eventId = event.eventId.toLowerCase();
    if (seen.has(eventId)) throw new InvalidEventError(`${where}: eventId ${eventId} appears twice in one append`);
    seen.add(eventId);
    if (typeof event.type !== 'string' || !EVENT_TYPE.test(event.type))
      throw new InvalidEventError(`${where}: type must be a PascalCase name`);
    if (!Number.isSafeInteger(event.schemaVersion) || event.schemaVersion < 1)
      throw new InvalidEventError(`${where}: schemaVersion must be a whole number ≥ 1`);
    if (event.data === null || typeof event.data !== 'object' || Array.isArray(event.data))
      throw new InvalidEventError(`${where}: data must be a JSON object`);
    const metadata = { ...options.metadata, ...event.metadata } as EventMetadata;
    assertMetadata(metadata, where);
    let data: string;
    let metadataText: string;
    try {
      data = canonicalJson(event.data);
      metadataText = canonicalJson(metadata);
    } catch (error) {
      throw new InvalidEventError(`${where}: ${(error as Error).message}`);
    }
    // Said without the stream id, which reaches the caller (JSON.stringify escapes half a surrogate
    // pair, which PostgreSQL's jsonb would refuse in its own words).
    if (
      data.includes('\\u0000') ||
      metadataText.includes('\\u0000') ||
      hasLoneSurrogate(event.data) ||
      hasLoneSurrogate(metadata)
    )
      throw new InvalidEventError(UNSTORABLE_TEXT);
    const prepared = { eventId, type: event.type, schemaVersion: event.schemaVersion, data, metadata: metadataText };
    return { ...prepared, contentHash: contentHashOfCanonical(prepared) };
  });
}

function assertMetadata(metadata: EventMetadata, where: string): void {
  if (typeof metadata.correlationId !== 'string' || metadata.correlationId === '')
    throw new InvalidEventError(`${where}: metadata.correlationId is required`);
  if (metadata.causationId != null && typeof metadata.causationId !== 'string')
    throw new InvalidEventError(`${where}: metadata.causationId must be a string`);
  const actor = metadata.actor;
  if (
    !actor ||
    typeof actor.id !== 'string' ||
    actor.id === '' ||
    typeof actor.role !== 'string' ||
    actor.role === ''
  ) {
    throw new InvalidEventError(`${where}: metadata.actor needs an id and a role`);
  }
  if (actor.agencyId !== undefined && typeof actor.agencyId !== 'string')
    throw new InvalidEventError(`${where}: metadata.actor.agencyId must be a string`);
  if (typeof metadata.occurredAt !== 'string' || Number.isNaN(Date.parse(metadata.occurredAt))) {
    throw new InvalidEventError(`${where}: metadata.occurredAt must be an ISO-8601 instant`);
  }
}

export const UNSTORABLE_TEXT =
  'Cannot store the event: its text holds the NUL character or half of a surrogate pair, which no event can hold';

const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;

/** Whether any string in a JSON value (keys included) holds half of a surrogate pair. */
function hasLoneSurrogate(value: unknown): boolean {
  if (typeof value === 'string') return LONE_SURROGATE.test(value);
  if (value === null || typeof value !== 'object') return false;
  return Object.entries(value).some(([key, item]) => LONE_SURROGATE.test(key) || hasLoneSurrogate(item));
}
