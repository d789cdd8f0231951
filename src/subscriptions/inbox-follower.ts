import { INITIAL_REPORT, type ReportState } from '../../contexts/reports/report.state.js';
import type { EventLog } from '../event-store/event-log.port.js';
import type { EventStore } from '../event-store/event-store.port.js';
import type { ReportEventChange } from './change-feed.js';
import type { Follower } from './follow.js';
import { evolveRecorded, leftAgency, stepsAfter } from './report-steps.js';

/** An agencyInboxChanged message: one report event that concerns the agency's worklist. */
export interface InboxMessage {
  trackingId: string;
  status: string;
  agencyId: string | null;
  position: string;
  version: number;
  eventType: string;
}

/**
 * agencyInboxChanged: one message per report event after which the report is with the agency, or
 * by which it left it (forwarded away, declined), in the store's order across reports.
 */
export class InboxFollower implements Follower<InboxMessage> {
  constructor(
    private readonly store: EventStore,
    private readonly log: EventLog,
    private readonly agencyId: string,
  ) {}

  concerns(change: Pick<ReportEventChange, 'agencyId' | 'leftAgencyId'>): boolean {
    return change.agencyId === this.agencyId || change.leftAgencyId === this.agencyId;
  }

  async live(change: ReportEventChange): Promise<InboxMessage[]> {
    const { trackingId, status, agencyId, position, version, type } = change;
    return [{ trackingId, status, agencyId, position, version, eventType: type }];
  }

  /**
   * The backlog walks the log after `after` (readAll: the store's order, across reports), since a
   * report that has left the agency is no longer with it in the report-status read model, yet its
   * leaving and what came before are the agency's to hear. A report can only concern the agency
   * once an event routed it there (ROUTING_EVENTS), so the streams routed to it (an index on
   * PostgreSQL) say which reports are worth folding; each of those is folded once, from its
   * stream up to its first event in the backlog and then with the walked events themselves. The
   * cost grows with what was recorded after `after`, not with the agency's whole history.
   */
  async backlog(after: bigint, until: bigint): Promise<InboxMessage[]> {
    if (after === until) return [];
    const routed = new Set(await this.log.streamsRoutedTo(this.agencyId, new Date()));
    const states = new Map<string, ReportState>();
    const messages: InboxMessage[] = [];
    for (let from = after; ;) {
      const page = await this.store.readAll({ after: from });
      for (const event of page.events) {
        if (routed.has(event.streamId)) {
          const reportId = event.streamId.slice('report-'.length);
          const before = states.get(reportId) ?? INITIAL_REPORT;
          const prefix = await stepsAfter(this.store, reportId, before, event.streamVersion - 1);
          const state = evolveRecorded(prefix.at(-1)?.state ?? before, event);
          states.set(reportId, state);
          const message = { agencyId: state.agencyId, leftAgencyId: leftAgency(event) };
          if (this.concerns(message))
            messages.push({
              trackingId: state.trackingId,
              status: state.status,
              agencyId: state.agencyId,
              position: event.globalPosition.toString(),
              version: event.streamVersion,
              eventType: event.type,
            });
        }
        if (event.globalPosition === until) return messages;
      }
      if (page.events.length === 0) return messages;
      from = page.position;
    }
  }
}
