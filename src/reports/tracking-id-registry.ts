import { randomBytes } from 'node:crypto';
import { Inject, Injectable } from '@nestjs/common';
import { DomainError } from '../../contexts/domain-error.js';
import {
  newTrackingId,
  parseTrackingId,
  trackingIdDecider,
  trackingIdStream,
} from '../../contexts/reports/tracking-id.js';
import { KeyedLock } from '../commands/keyed-lock.js';
import { runDecider, type CommandMetadata } from '../commands/run-command.js';
import { EVENT_STORE, type EventStore } from '../event-store/event-store.port.js';
/** Assignments kept in memory: an id never changes report, so a cached one is never stale. */
const CACHED_ASSIGNMENTS = 100_000;

/**
 * Tracking ids are unique because each one is a stream of its own whose first event names the
 * report: the store's no_stream append lets only one report take an id.
 */
@Injectable()
export class TrackingIdRegistry {
  private readonly assigned = new Map<string, string>();

  constructor(
    @Inject(EVENT_STORE) private readonly store: EventStore,
    private readonly streams: KeyedLock,
  ) {}

  /** Draws a free tracking id for the report and records it (a drawn id already taken is drawn again). */
  async reserve(reportId: string, metadata: CommandMetadata): Promise<string> {
    for (let attempt = 0; attempt < 10; attempt++) {
      const trackingId = newTrackingId(randomBytes(7));
      try {
        await runDecider(this.store, this.streams, trackingIdDecider, {
          streamId: trackingIdStream(trackingId),
          command: { type: 'AssignTrackingId', trackingId, reportId },
          context: undefined,
          metadata,
          freshStream: true,
        });
        this.remember(trackingId, reportId);
        return trackingId;
      } catch (error) {
        if (!(error instanceof DomainError && error.code === 'CONFLICT')) throw error;
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
