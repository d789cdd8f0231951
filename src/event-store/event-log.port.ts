import type { StoredEventRow } from './chain-verifier.js';

/** A stored event as the integrity walks see it, with its commit-order key (EventLog.walk). */
export interface WalkedEventRow extends StoredEventRow {
  /**
   * Orders commits: an event whose key is below a frontier (EventLog.frontier) had committed when
   * the frontier was taken. The appending transaction's id on PostgreSQL, the commit position on KurrentDB.
   */
  commit_key: bigint;
}

/** A stream's newest event committed below a frontier: what an anchor covers of the stream. */
export interface CoveredHead {
  stream_id: string;
  stream_version: number;
  hash: Buffer;
}

/**
 * What the service asks of the whole log beyond the EventStore port: where its head is, how far a
 * read model's checkpoint is behind, and the walks and lookups of the audit. Each store answers
 * in its own terms (PostgreSQL: SQL over the events table; KurrentDB: reads of $all), so nothing
 * outside the adapters queries the events table.
 */
export interface EventLog {
  /** The position of the newest event every earlier one of which has committed (readAll's order); null for an empty log. */
  head(): Promise<bigint | null>;
  /**
   * The position of the last committed event in readAll's order, in-flight transactions before it
   * or not: every write acknowledged before the call comes at or before it, so waiting for it
   * (minPosition) waits for them all. Null for an empty log.
   */
  newestCommitted(): Promise<bigint | null>;
  /** Whether an event has `position`, and for each checkpoint whether it is at or past that event in readAll's order. */
  reached(position: bigint, checkpoints: readonly bigint[]): Promise<{ known: boolean; reached: boolean[] }>;
  /** The events after `position` (0n: all of them) in readAll's order: how many, and when the oldest of them was recorded. */
  backlog(after: bigint): Promise<{ events: number; oldestRecordedAt: Date | null }>;
  /** Every event in (stream id, version) order, a page at a time, in memory bounded whatever the log's size. */
  walk(): AsyncGenerator<WalkedEventRow[]>;
  /**
   * Each stream's newest event with a commit key below `frontier` (streams with none left out), in
   * walk's order, a page at a time: what an anchor covers, without reading every event's row.
   */
  headsBelow(frontier: bigint): AsyncGenerator<CoveredHead[]>;
  /** A commit key below which every event has committed, and any event committed later will be at or above. */
  frontier(): Promise<bigint>;
  /** Whether an event outside `exceptStream` has a commit key in [from, to). */
  committedBetween(from: bigint, to: bigint, exceptStream: string): Promise<boolean>;
  /** Which of these streams have events (a bulk import asks once for many). */
  existingStreams(streamIds: readonly string[]): Promise<Set<string>>;
  /** The commit key of a stream's first event; null for a stream with none. */
  firstCommitKey(streamId: string): Promise<bigint | null>;
  /** The streams with a routing event (ROUTING_EVENTS) to `agencyId` (its data's toAgencyId, else agencyId) that happened (occurredAt) by `until`, sorted. */
  streamsRoutedTo(agencyId: string, until: Date): Promise<string[]>;
}

/** The events that route a report to an agency (events_assigned_agency_idx covers exactly these on PostgreSQL). */
export const ROUTING_EVENTS = ['ReportDispositioned', 'ReportForwarded'] as const;

/** Nest injection token of the EventLog port. */
export const EVENT_LOG = Symbol('EventLog');
