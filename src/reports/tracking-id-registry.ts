import { randomBytes } from 'node:crypto';
import { Inject, Injectable } from '@nestjs/common';
import { DomainError } from '../../contexts/domain-error.js';
import {
  newTrackingId,
  parseTrackingId,
  trackingIdDecider,
  trackingIdStream,
} from '../../contexts/reports/tracking-id.js';
import { newEvents, type CommandMetadata } from '../commands/run-command.js';
import { WrongExpectedVersionError } from '../event-store/errors.js';
import { EVENT_STORE, type EventStore, type NewStream } from '../event-store/event-store.port.js';
/** Assignments kept in memory: an id never changes report, so a cached one is never stale. */
const CACHED_ASSIGNMENTS = 100_000;

/**
 * Tracking ids are unique because each one is a stream of its own whose first event names the
 * report: the store's no_stream append lets only one report take an id.
 */
@Injectable()
export class TrackingIdRegistry {
  private readonly assigned = new Map<string, string>();

  constructor(@Inject(EVENT_STORE) private readonly store: EventStore) {}

  /**
   * Draws a free tracking id for the report and records it, in one write with the stream `alongside`
   * makes for that id (a submission's report: on PostgreSQL both are stored or neither). A drawn id already taken
   * is drawn again; should the stream alongside exist already, WrongExpectedVersionError says so.
   */
  async assign(
    reportId: string,
    metadata: CommandMetadata,
    alongside?: (trackingId: string) => NewStream,
  ): Promise<{ trackingId: string; position: bigint }> {
    for (let attempt = 0; attempt < 10; attempt++) {
      const trackingId = newTrackingId(randomBytes(7));
      const events = trackingIdDecider.decide(
        { type: 'AssignTrackingId', trackingId, reportId },
        trackingIdDecider.initial,
        undefined,
      );
      const other = alongside?.(trackingId);
      try {
        const position = await this.store.appendToNewStreams(
          [
            { streamId: trackingIdStream(trackingId), events: newEvents(trackingIdDecider.schemaVersions, events) },
            ...(other ? [other] : []),
          ],
          { metadata },
        );
        this.remember(trackingId, reportId);
        return { trackingId, position };
      } catch (error) {
        if (!(error instanceof WrongExpectedVersionError)) throw error;
        if (other && (await this.store.readStream(other.streamId, { toVersion: 1 })).length > 0) throw error;
      }
    }
    throw new DomainError('CONFLICT', 'Could not find a free tracking id; try again');
  }

  /** The report a typed tracking id names; NOT_FOUND for a mistyped or unknown one. */
  async resolve(typed: string): Promise<{ trackingId: string; reportId: string }> {
    const trackingId = parseTrackingId(typed);
    if (!trackingId)
      throw new DomainError('NOT_FOUND', `${typed} is not a tracking id (eight symbols, like 7K3M-9QX2)`);
    const cached = this.assigned.get(trackingId);
    if (cached) return { trackingId, reportId: cached };
    const [assigned] = await this.store.readStream(trackingIdStream(trackingId), { toVersion: 1 });
    if (!assigned) throw new DomainError('NOT_FOUND', `No report has tracking id ${trackingId}`);
    const { reportId } = assigned.data as { reportId: string };
    this.remember(trackingId, reportId);
    return { trackingId, reportId };
  }

  /** Oldest first out once full (a Map iterates in insertion order). */
  private remember(trackingId: string, reportId: string): void {
    if (this.assigned.size >= CACHED_ASSIGNMENTS) this.assigned.delete(this.assigned.keys().next().value!);
    this.assigned.set(trackingId, reportId);
  }
}
