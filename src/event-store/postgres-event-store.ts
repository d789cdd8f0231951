import type pg from 'pg';
import { DuplicateEventIdError, InvalidEventError, UnknownPositionError, WrongExpectedVersionError } from './errors.js';
import type {
  AppendOptions,
  AppendResult,
  EventStore,
  ExpectedVersion,
  NewEvent,
  ReadAllOptions,
  ReadAllPage,
  ReadStreamOptions,
  RecordedEvent,
  VerifyResult,
} from './event-store.port.js';
import { chainHash, contentHash, GENESIS_HASH } from './hash-chain.js';
import { assertExpectedVersion, assertStreamId, prepareEvents, type PreparedEvent } from './prepare-events.js';

const COLUMNS = `global_position::text AS global_position, stream_id, stream_version::int AS stream_version, event_id::text AS event_id,
  type, schema_version, data, metadata, recorded_at, content_hash, hash`;

/** Reads that only see rows of transactions that have ended (see the event-store migration). */
const BELOW_FRONTIER = `e.transaction_id < pg_snapshot_xmin(pg_current_snapshot())`;
const READ_ALL_FROM_START = `SELECT ${COLUMNS} FROM events e WHERE ${BELOW_FRONTIER}`;
const READ_ALL_AFTER = `SELECT ${COLUMNS} FROM events e WHERE ${BELOW_FRONTIER}
  AND (e.transaction_id, e.global_position) > (SELECT c.transaction_id, c.global_position FROM events c WHERE c.global_position = $1)`;

const APPEND = 'SELECT event_id::text, stream_version, global_position, recorded_at, duplicate FROM aduan_append_events($1, $2, $3::jsonb)';
interface AppendedRow {
  event_id: string;
  stream_version: string;
  global_position: string;
  recorded_at: Date;
  duplicate: boolean;
}

const UNIQUE_VIOLATION = '23505';
const IDS_STORED_ELSEWHERE = 'AD001';
const WRONG_EXPECTED_VERSION = 'AD002';
/** 22P02 invalid text representation, 22P05 untranslatable character, 22021 bad encoding. */
const INVALID_JSON_TEXT = new Set(['22P02', '22P05', '22021']);
/** Losers of a race for the same version retry through the function's own checks this often. */
const MAX_ATTEMPTS = 20;

interface EventRow {
  global_position: string;
  stream_id: string;
  stream_version: number;
  event_id: string;
  type: string;
  schema_version: number;
  data: Record<string, unknown>;
  metadata: RecordedEvent['metadata'];
  recorded_at: Date;
  content_hash: Buffer;
  hash: Buffer;
}

export class PostgresEventStore implements EventStore {
  constructor(private readonly pool: pg.Pool) {}

  async appendToStream(
    streamId: string,
    expectedVersion: ExpectedVersion,
    events: readonly NewEvent<string, object>[],
    options?: AppendOptions,
  ): Promise<AppendResult> {
    assertExpectedVersion(expectedVersion);
    const prepared = prepareEvents(streamId, events, options);
    const expected = expectedVersion === 'any' ? -1 : expectedVersion === 'no_stream' ? 0 : expectedVersion;
    const payload = eventsPayload(prepared);
    for (let attempt = 1; ; attempt++) {
      try {
        const { rows } = await this.pool.query<AppendedRow>(APPEND, [streamId, expected, payload]);
        const appended = rows.map((row) => ({
          eventId: row.event_id,
          streamVersion: Number(row.stream_version),
          globalPosition: BigInt(row.global_position),
          recordedAt: row.recorded_at,
        }));
        const last = appended[appended.length - 1]!;
        return {
          streamId,
          nextExpectedVersion: last.streamVersion,
          lastGlobalPosition: appended.reduce((max, e) => (e.globalPosition > max ? e.globalPosition : max), 0n),
          events: appended,
          duplicate: rows.every((row) => row.duplicate),
        };
      } catch (error) {
        const code = (error as { code?: string }).code;
        if (code === WRONG_EXPECTED_VERSION) {
          throw new WrongExpectedVersionError(streamId, expectedVersion, Number((error as pg.DatabaseError).detail));
        }
        if (code === IDS_STORED_ELSEWHERE) throw new DuplicateEventIdError(streamId, (error as pg.DatabaseError).detail ?? '');
        if (code && INVALID_JSON_TEXT.has(code)) throw new InvalidEventError(`Cannot store an event of ${streamId}: ${(error as Error).message}`);
        if (code === UNIQUE_VIOLATION && attempt < MAX_ATTEMPTS) continue;
        throw error;
      }
    }
  }

  async readStream(streamId: string, options: ReadStreamOptions = {}): Promise<RecordedEvent[]> {
    assertStreamId(streamId);
    const { rows } = await this.pool.query<EventRow>(
      `SELECT ${COLUMNS} FROM events WHERE stream_id = $1 AND stream_version BETWEEN $2 AND $3 ORDER BY stream_version`,
      [streamId, options.fromVersion ?? 1, options.toVersion ?? Number.MAX_SAFE_INTEGER],
    );
    return rows.map(toRecordedEvent);
  }

  async readAll(options: ReadAllOptions = {}): Promise<ReadAllPage> {
    const after = options.after ?? 0n;
    const limit = Math.min(Math.max(Math.trunc(options.limit ?? 1000), 1), 10_000);
    const values: unknown[] = after > 0n ? [after.toString()] : [];
    let sql = after > 0n ? READ_ALL_AFTER : READ_ALL_FROM_START;
    if (options.types?.length) sql += ` AND e.type = ANY($${values.push(options.types)})`;
    if (options.categories?.length) sql += ` AND e.category = ANY($${values.push(options.categories)})`;
    sql += ` ORDER BY e.transaction_id, e.global_position LIMIT $${values.push(limit)}`;
    const { rows } = await this.pool.query<EventRow>(sql, values);
    if (rows.length === 0 && after > 0n) {
      const known = await this.pool.query('SELECT 1 FROM events WHERE global_position = $1', [after.toString()]);
      if (known.rowCount === 0) throw new UnknownPositionError(after);
    }
    const events = rows.map(toRecordedEvent);
    return { events, position: events.length > 0 ? events[events.length - 1]!.globalPosition : after };
  }

  async verifyStream(streamId: string): Promise<VerifyResult> {
    assertStreamId(streamId);
    const { rows } = await this.pool.query<EventRow>(`SELECT ${COLUMNS} FROM events WHERE stream_id = $1 ORDER BY stream_version`, [streamId]);
    let previous: Buffer = GENESIS_HASH;
    for (const [index, row] of rows.entries()) {
      const version = index + 1;
      if (row.stream_version !== version) {
        return { ok: false, streamId, version, reason: `version ${version} is missing (found ${row.stream_version} next)` };
      }
      const content = contentHash({ eventId: row.event_id, type: row.type, schemaVersion: row.schema_version, data: row.data, metadata: row.metadata });
      if (!content.equals(row.content_hash)) {
        return { ok: false, streamId, version, reason: 'the event content does not match its content hash' };
      }
      const expected = chainHash(previous, { streamId, streamVersion: version, recordedAt: row.recorded_at, contentHash: content });
      if (!expected.equals(row.hash)) {
        return { ok: false, streamId, version, reason: 'the hash does not chain from the previous event' };
      }
      previous = row.hash;
    }
    return { ok: true, streamId, version: rows.length };
  }
}

/** The JSON array the append function takes, built from texts that are already canonical JSON. */
function eventsPayload(events: PreparedEvent[]): string {
  return `[${events
    .map(
      (e) =>
        `{"eventId":"${e.eventId}","type":${JSON.stringify(e.type)},"schemaVersion":${e.schemaVersion},"contentHash":"${e.contentHash}","data":${e.data},"metadata":${e.metadata}}`,
    )
    .join(',')}]`;
}

function toRecordedEvent(row: EventRow): RecordedEvent {
  return {
    eventId: row.event_id,
    type: row.type,
    schemaVersion: row.schema_version,
    data: row.data,
    metadata: row.metadata,
    streamId: row.stream_id,
    streamVersion: row.stream_version,
    globalPosition: BigInt(row.global_position),
    recordedAt: row.recorded_at,
    hash: row.hash.toString('hex'),
  };
}
