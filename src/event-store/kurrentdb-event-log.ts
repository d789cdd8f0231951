import { BACKWARDS, END, eventTypeFilter, excludeSystemEvents, FORWARDS, START } from '@kurrent/kurrentdb-client';
import { UnknownPositionError } from './errors.js';
import { ROUTING_EVENTS, type CoveredHead, type EventLog, type WalkedEventRow } from './event-log.port.js';
import { headsOfWalk } from './heads-of-walk.js';
import type { RecordedEvent } from './event-store.port.js';
import type { KurrentDbEventStore } from './kurrentdb-event-store.js';

const PAGE = 5000;

/**
 * The EventLog on KurrentDB. $all is one log ordered by commit position, and an event's position
 * is fixed when it commits, after every event before it: positions compare as numbers, and the
 * commit key is the position itself. What PostgreSQL answers from indexes is answered here by
 * reading: the backlog by counting the events after a checkpoint (small while the read models
 * keep up), walk by first collecting the stream ids from $all (memory: the ids), agencyCasesAt by
 * a server-side filtered read of the routing events. Not exercised in CI here: see docs/operations.md.
 */
export class KurrentDbEventLog implements EventLog {
  constructor(private readonly store: KurrentDbEventStore) {}

  async head(): Promise<bigint | null> {
    return this.newest(() => true);
  }

  /** $all is in commit order: its newest event is also the head. */
  newestCommitted(): Promise<bigint | null> {
    return this.head();
  }

  async reached(position: bigint, checkpoints: readonly bigint[]): Promise<{ known: boolean; reached: boolean[] }> {
    const known = await this.isPosition(position);
    return { known, reached: checkpoints.map((checkpoint) => known && checkpoint >= position) };
  }

  async backlog(after: bigint): Promise<{ events: number; oldestRecordedAt: Date | null }> {
    let events = 0;
    let oldestRecordedAt: Date | null = null;
    for await (const page of this.pages((await this.isPosition(after)) ? after : 0n)) {
      oldestRecordedAt ??= page[0]?.recordedAt ?? null;
      events += page.length;
    }
    return { events, oldestRecordedAt };
  }

  async *walk(): AsyncGenerator<WalkedEventRow[]> {
    const streams = new Set<string>();
    for await (const page of this.pages(0n)) for (const event of page) streams.add(event.streamId);
    let rows: WalkedEventRow[] = [];
    for (const streamId of [...streams].sort(byteOrder)) {
      for await (const row of this.store.storedRows(streamId)) rows.push(row);
      if (rows.length >= PAGE) {
        yield rows;
        rows = [];
      }
    }
    if (rows.length > 0) yield rows;
  }

  /** Folded from walk: $all keeps no index by stream to skip through. */
  headsBelow(frontier: bigint): AsyncGenerator<CoveredHead[]> {
    return headsOfWalk(this.walk(), frontier);
  }

  async frontier(): Promise<bigint> {
    return ((await this.head()) ?? 0n) + 1n;
  }

  async committedBetween(from: bigint, to: bigint, exceptStream: string): Promise<boolean> {
    const newest = await this.newest((event) => event.streamId !== exceptStream && event.globalPosition < to);
    return newest !== null && newest >= from;
  }

  async existingStreams(streamIds: readonly string[]): Promise<Set<string>> {
    const existing = new Set<string>();
    for (const streamId of streamIds) if ((await this.firstCommitKey(streamId)) !== null) existing.add(streamId);
    return existing;
  }

  async firstCommitKey(streamId: string): Promise<bigint | null> {
    for await (const row of this.store.storedRows(streamId)) return row.commit_key;
    return null;
  }

  async streamsRoutedTo(agencyId: string, until: Date): Promise<string[]> {
    const streams = new Set<string>();
    const types: readonly string[] = ROUTING_EVENTS;
    for await (const resolved of this.store.client.readAll({
      fromPosition: START,
      direction: FORWARDS,
      filter: eventTypeFilter({ prefixes: [...ROUTING_EVENTS] }),
    })) {
      const event = this.store.toRecorded(resolved);
      if (!event || !types.includes(event.type) || new Date(event.metadata.occurredAt) > until) continue;
      const data = event.data as { toAgencyId?: string; agencyId?: string };
      if ((data.toAgencyId ?? data.agencyId) === agencyId) streams.add(event.streamId);
    }
    return [...streams].sort(byteOrder);
  }

  /** The position of the newest of this service's events in $all that `accept` takes, or null. */
  private async newest(accept: (event: RecordedEvent) => boolean): Promise<bigint | null> {
    for await (const resolved of this.store.client.readAll({
      fromPosition: END,
      direction: BACKWARDS,
      filter: excludeSystemEvents(),
    })) {
      const event = this.store.toRecorded(resolved);
      if (event && accept(event)) return event.globalPosition;
    }
    return null;
  }

  private async isPosition(position: bigint): Promise<boolean> {
    if (position === 0n) return false;
    try {
      await this.store.readAll({ after: position, limit: 1 });
      return true;
    } catch (error) {
      if (error instanceof UnknownPositionError) return false;
      throw error;
    }
  }

  /** The service's events after `after` in $all, a page at a time. */
  private async *pages(after: bigint): AsyncGenerator<RecordedEvent[]> {
    for (let position = after; ;) {
      const page = await this.store.readAll({ after: position, limit: PAGE });
      if (page.events.length > 0) yield page.events;
      if (page.position === position) return;
      position = page.position;
    }
  }
}

/** The order PostgreSQL's "C" collation gives stream ids, which the anchors' digests follow (stream-heads-digest.ts). */
function byteOrder(a: string, b: string): number {
  return Buffer.compare(Buffer.from(a), Buffer.from(b));
}
