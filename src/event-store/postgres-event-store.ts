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
  NewStream,
} from './event-store.port.js';
import { ChainVerifier } from './chain-verifier.js';
import { chainHash, GENESIS_HASH } from './hash-chain.js';
import {
  assertExpectedVersion,
  assertStreamId,
  prepareEvents,
  UNSTORABLE_TEXT,
  type PreparedEvent,
} from './prepare-events.js';
import { StreamHeads, type StreamHead } from './stream-heads.js';

const COLUMNS = `global_position::text AS global_position, stream_id, stream_version::int AS stream_version, event_id::text AS event_id,
  type, schema_version, data, metadata, recorded_at, hash`;
const READ_STREAM = `SELECT ${COLUMNS} FROM events WHERE stream_id = $1 AND stream_version BETWEEN $2 AND $3 ORDER BY stream_version`;
const STREAM_HEAD =
  'SELECT stream_version::int AS version, hash FROM events WHERE stream_id = $1 ORDER BY stream_version DESC LIMIT 1';
const STREAM_HASH = 'SELECT hash FROM events WHERE stream_id = $1 AND stream_version = $2';
const INSERT_COLUMNS = [
  'stream_id',
  'stream_version',
  'event_id',
  'type',
  'schema_version',
  'data',
  'metadata',
  'recorded_at',
  'content_hash',
  'hash',
];

/**
 * Readers follow (transaction_id, global_position) and only see rows of transactions below the
 * xmin of the statement's own snapshot (pg_current_snapshot() is the active snapshot, the one
 * the scan uses): all of those have ended, and any later writer gets a larger transaction id, so
 * nothing can appear behind a reader's position. See the event-store migration.
 */
const BELOW_FRONTIER = `e.transaction_id < pg_snapshot_xmin(pg_current_snapshot())`;
const READ_ALL_FROM_START = `SELECT ${COLUMNS} FROM events e WHERE ${BELOW_FRONTIER}`;
const READ_ALL_AFTER = `SELECT ${COLUMNS} FROM events e WHERE ${BELOW_FRONTIER}
  AND (e.transaction_id, e.global_position) > (SELECT c.transaction_id, c.global_position FROM events c WHERE c.global_position = $1)`;

const UNIQUE_VIOLATION = '23505';
/** 22P02 invalid text representation, 22P05 untranslatable character, 22021 bad encoding. */
const INVALID_JSON_TEXT = new Set(['22P02', '22P05', '22021']);
/** How often an append with 'any' tries again after losing a race for the next version. */
const MAX_ATTEMPTS = 20;
/** New streams written with at most this many events in all go through a prepared statement. */
const PREPARED_ROWS = 16;

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
  hash: Buffer;
}

/**
 * The event store on PostgreSQL. An append computes versions and the hash chain here and writes
 * every event in one INSERT: the unique (stream_id, stream_version) key decides races between
 * writers and the unique event_id key catches retries, so the common case (a command's events,
 * after the command read its stream) is one round trip and never holds a lock across calls.
 */
export class PostgresEventStore implements EventStore {
  private readonly heads = new StreamHeads();

  /**
   * @param pool a pool, or one client whose open transaction the store's writes then join
   * @param options.preparedStatements name the hot statements so the server parses and plans
   *   them once per connection; off for PGlite, whose connections share one backend and so
   *   would collide on the names
   * @param options.onAppended called after each append that stored new events
   */
  constructor(
    private readonly pool: pg.Pool | pg.ClientBase,
    private readonly options: { preparedStatements?: boolean; onAppended?: () => void } = {},
  ) {}

  async appendToStream(
    streamId: string,
    expectedVersion: ExpectedVersion,
    events: readonly NewEvent<string, object>[],
    options?: AppendOptions,
  ): Promise<AppendResult> {
    assertExpectedVersion(expectedVersion);
    const prepared = prepareEvents(streamId, events, options);
    const expected = expectedVersion === 'no_stream' ? 0 : expectedVersion;
    for (let attempt = 1; ; attempt++) {
      const head = await this.headAt(streamId, expected);
      if (head) {
        try {
          const result = await this.insert(streamId, head, prepared);
          this.options.onAppended?.();
          return result;
        } catch (error) {
          const code = (error as { code?: string }).code;
          if (code && INVALID_JSON_TEXT.has(code))
            // prepareEvents refuses such text first; should any pass, the same words, not the database's.
            throw new InvalidEventError(UNSTORABLE_TEXT);
          if (code !== UNIQUE_VIOLATION) throw error;
        }
      }
      // Refused: an earlier attempt stored these very events, or another writer got there first.
      const original = await this.storedAppend(streamId, prepared);
      if (original) return original;
      if (expected !== 'any')
        throw new WrongExpectedVersionError(streamId, expectedVersion, await this.currentVersion(streamId));
      if (attempt >= MAX_ATTEMPTS)
        throw new Error(`Gave up appending to ${streamId} after losing ${attempt} races for its next version`);
    }
  }

  async appendToNewStreams(streams: readonly NewStream[], options?: AppendOptions): Promise<bigint> {
    if (streams.length === 0) return 0n;
    const recordedAt = new Date();
    const values: unknown[] = [];
    const heads = streams.map(({ streamId, events }) => {
      const head = chainedRows(
        streamId,
        { version: 0, hash: GENESIS_HASH },
        prepareEvents(streamId, events, options),
        recordedAt,
        values,
      );
      return [streamId, head] as const;
    });
    const count = values.length / INSERT_COLUMNS.length;
    let rows: { global_position: string }[];
    try {
      // A few rows (a submission: its tracking id and its report) share the appends' prepared statements;
      // a bulk import's batches, a new shape every time, are not prepared.
      ({ rows } =
        count <= PREPARED_ROWS
          ? await this.hot<{ global_position: string }>(`aduan_append_${count}`, insertStatement(count), values)
          : await this.pool.query<{ global_position: string }>(insertSql(count), values));
    } catch (error) {
      const code = (error as { code?: string }).code;
      if (code === UNIQUE_VIOLATION)
        throw new WrongExpectedVersionError(`one of ${streams.length} new streams`, 'no_stream', 1);
      if (code && INVALID_JSON_TEXT.has(code)) throw new InvalidEventError(UNSTORABLE_TEXT);
      throw error;
    }
    for (const [streamId, head] of heads) this.heads.remember(streamId, head);
    this.options.onAppended?.();
    return maxPosition(rows.map((row) => BigInt(row.global_position)));
  }

  async readStream(streamId: string, options: ReadStreamOptions = {}): Promise<RecordedEvent[]> {
    assertStreamId(streamId);
    const { rows } = await this.hot<EventRow>('aduan_read_stream', READ_STREAM, [
      streamId,
      options.fromVersion ?? 1,
      options.toVersion ?? Number.MAX_SAFE_INTEGER,
    ]);
    const last = rows[rows.length - 1];
    if (last) this.heads.remember(streamId, { version: last.stream_version, hash: last.hash });
    return rows.map(toRecordedEvent);
  }

  async readAll(options: ReadAllOptions = {}): Promise<ReadAllPage> {
    const after = options.after ?? 0n;
    const limit = Math.min(Math.max(Math.trunc(options.limit ?? 1000), 1), 10_000);
    const values: unknown[] = after > 0n ? [after.toString()] : [];
    let sql = after > 0n ? READ_ALL_AFTER : READ_ALL_FROM_START;
    if (options.types?.length) sql += ` AND e.type = ANY($${values.push(options.types)})`;
    if (options.categories?.length)
      sql += ` AND split_part(e.stream_id, '-', 1) = ANY($${values.push(options.categories)})`;
    sql += ` ORDER BY e.transaction_id, e.global_position LIMIT $${values.push(limit)}`;
    const { rows } = await this.pool.query<EventRow>(sql, values);
    if (rows.length === 0) {
      const [{ known, awaiting }] = (
        await this.pool.query<{ known: boolean; awaiting: boolean }>(
          `SELECT $1::bigint = 0 OR EXISTS (SELECT 1 FROM events WHERE global_position = $1) AS known,
                  EXISTS (SELECT 1 FROM events WHERE transaction_id >= pg_snapshot_xmin(pg_current_snapshot())) AS awaiting`,
          [after.toString()],
        )
      ).rows as [{ known: boolean; awaiting: boolean }];
      if (!known) throw new UnknownPositionError(after);
      if (awaiting) return { events: [], position: after, awaiting };
    }
    const events = rows.map(toRecordedEvent);
    return { events, position: events.length > 0 ? events[events.length - 1]!.globalPosition : after };
  }

  async verifyStream(streamId: string): Promise<VerifyResult> {
    assertStreamId(streamId);
    const { rows } = await this.pool.query<EventRow & { content_hash: Buffer }>(
      `SELECT ${COLUMNS}, content_hash FROM events WHERE stream_id = $1 ORDER BY stream_version`,
      [streamId],
    );
    const chain = new ChainVerifier(streamId);
    for (const row of rows) {
      const failure = chain.next(row);
      if (failure) return failure;
    }
    return { ok: true, streamId, version: chain.version };
  }

  /** The head an append at `expected` builds on, or null when the stream is not at that version. */
  private async headAt(streamId: string, expected: number | 'any'): Promise<StreamHead | null> {
    if (expected === 0) return { version: 0, hash: GENESIS_HASH };
    if (expected === 'any') {
      const { rows } = await this.hot<StreamHead>('aduan_stream_head', STREAM_HEAD, [streamId]);
      return rows[0] ?? { version: 0, hash: GENESIS_HASH };
    }
    const known = this.heads.get(streamId);
    if (known?.version === expected) return known;
    const { rows } = await this.hot<{ hash: Buffer }>('aduan_stream_hash', STREAM_HASH, [streamId, expected]);
    return rows[0] ? { version: expected, hash: rows[0].hash } : null;
  }

  private async insert(streamId: string, head: StreamHead, events: PreparedEvent[]): Promise<AppendResult> {
    const recordedAt = new Date();
    const values: unknown[] = [];
    const { hash } = chainedRows(streamId, head, events, recordedAt, values);
    const { rows } = await this.hot<{ global_position: string }>(
      `aduan_append_${events.length}`,
      insertStatement(events.length),
      values,
    );
    if (rows.length !== events.length)
      throw new Error(`The database acknowledged ${rows.length} of ${events.length} events appended to ${streamId}`);
    const nextExpectedVersion = head.version + events.length;
    this.heads.remember(streamId, { version: nextExpectedVersion, hash });
    const appended = events.map((event, index) => ({
      eventId: event.eventId,
      streamVersion: head.version + index + 1,
      globalPosition: BigInt(rows[index]!.global_position),
      recordedAt,
    }));
    return {
      streamId,
      nextExpectedVersion,
      lastGlobalPosition: maxPosition(appended.map((event) => event.globalPosition)),
      events: appended,
      duplicate: false,
    };
  }

  /**
   * The result of the earlier append that stored exactly these events in this stream, or null
   * when none of them is stored. Anything in between is a client error.
   */
  private async storedAppend(streamId: string, events: PreparedEvent[]): Promise<AppendResult | null> {
    const { rows } = await this.pool.query<{
      event_id: string;
      stream_id: string;
      stream_version: number;
      global_position: string;
      recorded_at: Date;
      content_hash: Buffer;
    }>(
      `SELECT event_id::text AS event_id, stream_id, stream_version::int AS stream_version, global_position::text AS global_position, recorded_at, content_hash
         FROM events WHERE event_id = ANY($1::uuid[])`,
      [events.map((e) => e.eventId)],
    );
    if (rows.length === 0) return null;
    const stored = new Map(rows.map((row) => [row.event_id, row]));
    const mismatched = events.filter((e) => {
      const row = stored.get(e.eventId);
      return !row || row.stream_id !== streamId || !row.content_hash.equals(e.contentHash);
    });
    if (mismatched.length > 0) {
      throw new DuplicateEventIdError(
        streamId,
        `${rows.length} of the ${events.length} event ids are stored already, ${events.length - mismatched.length} of them in this stream with the same content`,
      );
    }
    const appended = events.map((e) => {
      const row = stored.get(e.eventId)!;
      return {
        eventId: e.eventId,
        streamVersion: row.stream_version,
        globalPosition: BigInt(row.global_position),
        recordedAt: row.recorded_at,
      };
    });
    const nextExpectedVersion = Math.max(...appended.map((e) => e.streamVersion));
    return {
      streamId,
      nextExpectedVersion,
      lastGlobalPosition: maxPosition(appended.map((event) => event.globalPosition)),
      events: appended,
      duplicate: true,
    };
  }

  /** A statement run often enough to be worth a server-side prepared statement. */
  private hot<Row extends pg.QueryResultRow>(
    name: string,
    text: string,
    values: unknown[],
  ): Promise<pg.QueryResult<Row>> {
    return this.pool.query<Row>(this.options.preparedStatements ? { name, text, values } : { text, values });
  }

  private async currentVersion(streamId: string): Promise<number> {
    const { rows } = await this.pool.query<{ version: number }>(
      'SELECT coalesce(max(stream_version), 0)::int AS version FROM events WHERE stream_id = $1',
      [streamId],
    );
    return rows[0]!.version;
  }
}

const insertStatements: string[] = [];

/** INSERT of `count` events; the text depends only on the count, so it is built once per count. */
/** Adds the events' rows, chained from `head`, to `values`; answers the stream's head after them. */
function chainedRows(
  streamId: string,
  head: StreamHead,
  events: PreparedEvent[],
  recordedAt: Date,
  values: unknown[],
): StreamHead {
  const recordedText = recordedAt.toISOString();
  let hash = head.hash;
  events.forEach((event, index) => {
    const streamVersion = head.version + index + 1;
    hash = chainHash(hash, { streamId, streamVersion, recordedAt, contentHash: event.contentHash });
    values.push(
      streamId,
      streamVersion,
      event.eventId,
      event.type,
      event.schemaVersion,
      event.data,
      event.metadata,
      recordedText,
      event.contentHash,
      hash,
    );
  });
  return { version: head.version + events.length, hash };
}

function insertStatement(count: number): string {
  return (insertStatements[count] ??= insertSql(count));
}

function insertSql(count: number): string {
  const tuples = Array.from(
    { length: count },
    (_, row) => `(${INSERT_COLUMNS.map((_, column) => `$${row * INSERT_COLUMNS.length + column + 1}`).join(', ')})`,
  );
  return `INSERT INTO events (${INSERT_COLUMNS.join(', ')}) VALUES ${tuples.join(', ')} RETURNING global_position::text`;
}

function maxPosition(positions: bigint[]): bigint {
  return positions.reduce((max, position) => (position > max ? position : max), 0n);
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
