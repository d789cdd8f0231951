import {
  BACKWARDS,
  END,
  FORWARDS,
  jsonEvent,
  KurrentDBClient,
  NO_STREAM,
  START,
  StreamNotFoundError,
  WrongExpectedVersionError as KurrentWrongExpectedVersion,
  type AllStreamResolvedEvent,
  type ResolvedEvent,
} from '@kurrent/kurrentdb-client';
import { ChainVerifier } from './chain-verifier.js';
import { UnknownPositionError, WrongExpectedVersionError } from './errors.js';
import type {
  AppendOptions,
  AppendResult,
  EventMetadata,
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
import type { WalkedEventRow } from './event-log.port.js';
import { chainHash, GENESIS_HASH } from './hash-chain.js';
import {
  assertExpectedVersion,
  assertStreamId,
  prepareEvents,
  streamCategory,
  type PreparedEvent,
} from './prepare-events.js';

/** What the adapter keeps beside an event's own metadata: the port's fields KurrentDB has no place for. */
interface Stored {
  schemaVersion: number;
  recordedAt: string;
  contentHash: string;
  hash: string;
}
const STORED = '$aduan';
const MAX_ANY_ATTEMPTS = 10;

/**
 * The EventStore port on EventStoreDB / KurrentDB (20.6.1 or newer) through the official client.
 * Versions: the port counts from 1, KurrentDB revisions from 0. Global positions: the event's
 * commit position in $all (for events not written in explicit transactions, commit and prepare
 * positions are equal, so every event has its own); $all is one ordered log, so there are no
 * out-of-order positions to guard against. Idempotency: an append refused for its expected version
 * whose events are already stored at those versions with the same ids is the same append retried.
 * The hash chain is computed here, from the stream's head read just before the append, and kept
 * with the schema version and recording time in each event's metadata under `$aduan`; an append
 * expecting `any` expects the head it read and tries again when it lost that race, so the chain
 * never forks. Not exercised in CI here (no server can run on these machines): see docs/operations.md.
 */
export class KurrentDbEventStore implements EventStore {
  /** @param options.onAppended called after each append that stored new events */
  constructor(
    readonly client: KurrentDBClient,
    private readonly options: { onAppended?: () => void } = {},
  ) {}

  static connect(connectionString: string, options: { onAppended?: () => void } = {}): KurrentDbEventStore {
    return new KurrentDbEventStore(KurrentDBClient.connectionString(connectionString), options);
  }

  /**
   * KurrentDB has no write across streams: stream by stream, each one all or nothing. Every stream's events
   * are checked first, so events no stream could store leave none written; a stream found to exist part
   * way (another writer) leaves the earlier ones written.
   */
  async appendToNewStreams(streams: readonly NewStream[], options?: AppendOptions): Promise<bigint> {
    for (const { streamId, events } of streams) prepareEvents(streamId, events, options);
    let position = 0n;
    for (const { streamId, events } of streams)
      position = (await this.appendToStream(streamId, 'no_stream', events, options)).lastGlobalPosition;
    return position;
  }

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
      const head = await this.head(streamId);
      if (expected === 'any' || head.version === expected) {
        const at = expected === 'any' ? head : { version: expected, hash: head.hash };
        try {
          return await this.write(streamId, at, prepared);
        } catch (error) {
          if (!(error instanceof KurrentWrongExpectedVersion)) throw error;
          if (expected === 'any' && attempt < MAX_ANY_ATTEMPTS) continue;
        }
      }
      const retried = await this.storedAppend(
        streamId,
        typeof expected === 'number' ? expected : head.version,
        prepared,
      );
      if (retried) return retried;
      if (expected === 'any')
        throw new Error(`Gave up appending to ${streamId} after losing ${attempt} races for its next version`);
      throw new WrongExpectedVersionError(streamId, expectedVersion, (await this.head(streamId)).version);
    }
  }

  async readStream(streamId: string, options: ReadStreamOptions = {}): Promise<RecordedEvent[]> {
    assertStreamId(streamId);
    const from = Math.max(1, options.fromVersion ?? 1);
    const to = options.toVersion ?? Number.MAX_SAFE_INTEGER;
    if (to < from) return [];
    const read = this.client.readStream(streamId, {
      fromRevision: BigInt(from - 1),
      direction: FORWARDS,
      maxCount: to === Number.MAX_SAFE_INTEGER ? undefined : BigInt(to - from + 1),
    });
    return this.collect(read);
  }

  async readAll(options: ReadAllOptions = {}): Promise<ReadAllPage> {
    const after = options.after ?? 0n;
    const limit = Math.min(Math.max(Math.trunc(options.limit ?? 1000), 1), 10_000);
    const events: RecordedEvent[] = [];
    let position = after;
    let first = true;
    // Reading from a position includes the event there: it is skipped, and proves the position is an event's.
    for await (const resolved of this.client.readAll({
      fromPosition: after > 0n ? { commit: after, prepare: after } : START,
      direction: FORWARDS,
      maxCount: BigInt(limit + 1),
    })) {
      const commit = resolved.event?.position.commit;
      if (commit === undefined) continue;
      if (first && after > 0n && commit !== after) throw new UnknownPositionError(after);
      first = false;
      if (commit <= after) continue;
      position = commit;
      const event = this.toRecorded(resolved as AllStreamResolvedEvent);
      if (event && this.wanted(event, options)) events.push(event);
      if (events.length >= limit) break;
    }
    if (first && after > 0n) throw new UnknownPositionError(after);
    return { events, position };
  }

  async verifyStream(streamId: string): Promise<VerifyResult> {
    assertStreamId(streamId);
    const verifier = new ChainVerifier(streamId);
    for await (const row of this.storedRows(streamId)) {
      const failure = verifier.next(row);
      if (failure) return failure;
    }
    return { ok: true, streamId, version: verifier.version };
  }

  /** A stream's events as stored (what the hashes cover), each with its commit position as commit key. */
  async *storedRows(streamId: string): AsyncGenerator<WalkedEventRow> {
    try {
      for await (const { event } of this.client.readStream(streamId, { fromRevision: START, direction: FORWARDS })) {
        if (!event?.isJson) continue;
        const { [STORED]: stored, ...metadata } = (event.metadata ?? {}) as Record<string, unknown> & {
          [STORED]?: Stored;
        };
        yield {
          stream_id: streamId,
          stream_version: Number(event.revision) + 1,
          event_id: event.id,
          type: event.type,
          schema_version: stored?.schemaVersion ?? 0,
          data: event.data,
          metadata,
          recorded_at: new Date(stored?.recordedAt ?? 0),
          content_hash: Buffer.from(stored?.contentHash ?? '', 'hex'),
          hash: Buffer.from(stored?.hash ?? '', 'hex'),
          commit_key: event.position?.commit ?? 0n,
        };
      }
    } catch (error) {
      if (!(error instanceof StreamNotFoundError)) throw error;
    }
  }

  async close(): Promise<void> {
    await this.client.dispose();
  }

  private async write(
    streamId: string,
    head: { version: number; hash: Buffer },
    prepared: PreparedEvent[],
  ): Promise<AppendResult> {
    const recordedAt = new Date();
    let hash = head.hash;
    const data = prepared.map((event, index) => {
      hash = chainHash(hash, {
        streamId,
        streamVersion: head.version + index + 1,
        recordedAt,
        contentHash: event.contentHash,
      });
      const stored: Stored = {
        schemaVersion: event.schemaVersion,
        recordedAt: recordedAt.toISOString(),
        contentHash: event.contentHash.toString('hex'),
        hash: hash.toString('hex'),
      };
      return jsonEvent({
        id: event.eventId,
        type: event.type,
        data: JSON.parse(event.data),
        metadata: { ...JSON.parse(event.metadata), [STORED]: stored },
      });
    });
    const result = await this.client.appendToStream(streamId, data, {
      streamState: head.version === 0 ? NO_STREAM : BigInt(head.version - 1),
    });
    this.options.onAppended?.();
    const last = result.position?.commit ?? 0n;
    const positions = await this.positionsEndingAt(last, prepared.length);
    const appended = prepared.map((event, index) => ({
      eventId: event.eventId,
      streamVersion: head.version + index + 1,
      globalPosition: positions[index] ?? last,
      recordedAt,
    }));
    return {
      streamId,
      nextExpectedVersion: Number(result.nextExpectedRevision) + 1,
      lastGlobalPosition: last,
      events: appended,
      duplicate: false,
    };
  }

  /** The $all positions of the `count` events of one append, the last of which is at `last`. */
  private async positionsEndingAt(last: bigint, count: number): Promise<bigint[]> {
    if (count === 1) return [last];
    const positions: bigint[] = [];
    for await (const resolved of this.client.readAll({
      fromPosition: { commit: last, prepare: last },
      direction: BACKWARDS,
      maxCount: BigInt(count),
    })) {
      if (resolved.event) positions.unshift(resolved.event.position.commit);
    }
    return positions;
  }

  /** The earlier append that stored exactly these events at the versions after `expected`, or null. */
  private async storedAppend(
    streamId: string,
    expected: number,
    prepared: PreparedEvent[],
  ): Promise<AppendResult | null> {
    const stored = await this.readStream(streamId, {
      fromVersion: expected + 1,
      toVersion: expected + prepared.length,
    });
    if (stored.length !== prepared.length || stored.some((event, i) => event.eventId !== prepared[i]!.eventId))
      return null;
    const last = stored.at(-1)!;
    return {
      streamId,
      nextExpectedVersion: (await this.head(streamId)).version,
      lastGlobalPosition: last.globalPosition,
      events: stored.map((event) => ({
        eventId: event.eventId,
        streamVersion: event.streamVersion,
        globalPosition: event.globalPosition,
        recordedAt: event.recordedAt,
      })),
      duplicate: true,
    };
  }

  private async head(streamId: string): Promise<{ version: number; hash: Buffer }> {
    const [last] = await this.collect(
      this.client.readStream(streamId, { fromRevision: END, direction: BACKWARDS, maxCount: 1n }),
    );
    return last
      ? { version: last.streamVersion, hash: Buffer.from(last.hash, 'hex') }
      : { version: 0, hash: GENESIS_HASH };
  }

  private async collect(read: AsyncIterableIterator<ResolvedEvent>): Promise<RecordedEvent[]> {
    const events: RecordedEvent[] = [];
    try {
      for await (const resolved of read) {
        const event = this.toRecorded(resolved);
        if (event) events.push(event);
      }
    } catch (error) {
      if (error instanceof StreamNotFoundError) return [];
      throw error;
    }
    return events;
  }

  /** A KurrentDB event as the port's RecordedEvent; null for events other writers put in $all (system events, links). */
  toRecorded(resolved: ResolvedEvent | AllStreamResolvedEvent): RecordedEvent | null {
    const event = resolved.event;
    if (!event || !event.isJson || event.type.startsWith('$')) return null;
    const metadata = (event.metadata ?? {}) as Record<string, unknown>;
    const stored = metadata[STORED] as Stored | undefined;
    if (!stored) return null;
    return {
      eventId: event.id,
      type: event.type,
      schemaVersion: stored.schemaVersion,
      data: event.data as Record<string, unknown>,
      metadata: withoutStored(metadata) as EventMetadata,
      streamId: event.streamId,
      streamVersion: Number(event.revision) + 1,
      globalPosition: event.position?.commit ?? resolved.commitPosition ?? 0n,
      recordedAt: new Date(stored.recordedAt),
      hash: stored.hash,
    };
  }

  private wanted(event: RecordedEvent, options: ReadAllOptions): boolean {
    if (options.types?.length && !options.types.includes(event.type)) return false;
    if (options.categories?.length && !options.categories.includes(streamCategory(event.streamId))) return false;
    return true;
  }
}

function withoutStored(metadata: Record<string, unknown>): Record<string, unknown> {
  const { [STORED]: _, ...rest } = metadata;
  return rest;
}
