/**
 * The event store port: what the application needs from an append-only, per-stream-versioned,
 * globally ordered log of immutable events. Adapters: PostgreSQL (postgres-event-store.ts).
 */

import type { EventMetadata, RecordedEvent } from '../kernel/event.js';

export type { EventActor, EventMetadata, RecordedEvent } from '../kernel/event.js';

export interface NewEvent<Type extends string = string, Data extends object = Record<string, unknown>> {
  /** A uuid chosen by the writer; retrying an append with the same ids stores nothing new. */
  eventId: string;
  type: Type;
  schemaVersion: number;
  data: Data;
  /** Merged over AppendOptions.metadata; the result must be a complete EventMetadata. */
  metadata?: Partial<EventMetadata>;
}

/**
 * A number is the version the stream must be at (0 = the stream has no events yet);
 * 'no_stream' demands an empty stream; 'any' skips the check.
 */
export type ExpectedVersion = number | 'no_stream' | 'any';

export interface AppendOptions {
  /** Metadata shared by every event of the append (one command's correlation, actor, time). */
  metadata?: Partial<EventMetadata>;
}

export interface AppendedEvent {
  eventId: string;
  streamVersion: number;
  globalPosition: bigint;
  recordedAt: Date;
}

export interface AppendResult {
  streamId: string;
  /** The stream's version after the append: pass it as expectedVersion next time. */
  nextExpectedVersion: number;
  /** Position of the append's last event: what read-your-writes waits for. */
  lastGlobalPosition: bigint;
  events: AppendedEvent[];
  /** True when every event was already stored by an earlier attempt: nothing new was written. */
  duplicate: boolean;
}

export interface NewStream {
  streamId: string;
  events: readonly NewEvent<string, object>[];
}

export interface ReadStreamOptions {
  fromVersion?: number;
  toVersion?: number;
}

export interface ReadAllOptions {
  /** The globalPosition of the last event already processed; omit or 0n to start at the beginning. */
  after?: bigint;
  /** At most this many events (default 1000, at most 10000). */
  limit?: number;
  types?: readonly string[];
  /** Stream categories: the part of the stream id before the first '-'. */
  categories?: readonly string[];
}

export interface ReadAllPage {
  events: RecordedEvent[];
  /** Where to continue from: the last returned event's position, or `after` when none was returned. */
  position: bigint;
  /**
   * Set on an empty page when events have committed that cannot be read in order yet (PostgreSQL: a
   * transaction that began before theirs is still open): read again shortly rather than at the next poll.
   */
  awaiting?: true;
}

export type VerifyResult =
  { ok: true; streamId: string; version: number } | { ok: false; streamId: string; version: number; reason: string };

export interface EventStore {
  appendToStream(
    streamId: string,
    expectedVersion: ExpectedVersion,
    events: readonly NewEvent<string, object>[],
    options?: AppendOptions,
  ): Promise<AppendResult>;
  /**
   * Starts many new streams in one write (a bulk import): every stream must have no events yet. On
   * PostgreSQL it is one statement, all or nothing; should any stream exist already, nothing is written and
   * WrongExpectedVersionError says so (the caller then appends stream by stream to learn which).
   * Resolves to the global position of the write's last event (what read-your-writes waits for).
   */
  appendToNewStreams(streams: readonly NewStream[], options?: AppendOptions): Promise<bigint>;
  readStream(streamId: string, options?: ReadStreamOptions): Promise<RecordedEvent[]>;
  readAll(options?: ReadAllOptions): Promise<ReadAllPage>;
  verifyStream(streamId: string): Promise<VerifyResult>;
}

/** Nest injection token of the EventStore port. */
export const EVENT_STORE = Symbol('EventStore');
/** The same store without upcasting: events exactly as stored (what the hashes cover). */
export const STORED_EVENT_STORE = Symbol('StoredEventStore');
