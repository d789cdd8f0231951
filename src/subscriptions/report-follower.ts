import type { Actor } from '../../contexts/principals/actor.js';
import { INITIAL_REPORT, type ReportState } from '../../contexts/reports/report.state.js';
import { permits } from '../auth/access-policy.js';
import type { EventLog } from '../event-store/event-log.port.js';
import type { EventStore } from '../event-store/event-store.port.js';
import { ReportView, toReportView } from '../reports/report.model.js';
import type { ReportEventChange } from './change-feed.js';
import type { Follower } from './follow.js';
import { comeAfter } from './positions.js';
import { stepsAfter, type ReportStep } from './report-steps.js';

/** A reportUpdated message: the report as of one event, and that event's position. */
export type ReportUpdate = ReportView & { position: string };

/**
 * reportUpdated: one message per event of the report, in stream order, each showing the report
 * folded up to that event. `state` is the report as of the last event handled, so each event is
 * read once, and a change heard with a version beyond the next one (what a read-model rebuild
 * applies is never announced) brings the events in between too.
 */
export class ReportFollower implements Follower<ReportUpdate> {
  private state: ReportState = INITIAL_REPORT;

  constructor(
    private readonly store: EventStore,
    private readonly log: EventLog,
    private readonly reportId: string,
    private readonly actor: Actor,
  ) {}

  concerns(change: ReportEventChange): boolean {
    return change.reportId === this.reportId;
  }

  async backlog(after: bigint, until: bigint): Promise<ReportUpdate[]> {
    const steps = await stepsAfter(this.store, this.reportId, this.state);
    const positions = steps.map((step) => step.event.globalPosition);
    const [pastAfter, pastUntil] = await Promise.all([
      comeAfter(this.log, after, positions),
      comeAfter(this.log, until, positions),
    ]);
    const messages: ReportUpdate[] = [];
    for (const [i, step] of steps.entries()) {
      // A stream's events are in the store's order, so the rest are past `until` too: the live feed brings them.
      if (pastUntil[i]) break;
      this.state = step.state;
      if (pastAfter[i]) messages.push(...this.message(step));
    }
    return messages;
  }

  async live(change: ReportEventChange): Promise<ReportUpdate[]> {
    const steps = await stepsAfter(this.store, this.reportId, this.state, change.version);
    this.state = steps.at(-1)?.state ?? this.state;
    return steps.flatMap((step) => this.message(step));
  }

  /**
   * Nothing for an event after which the caller may not read the report (it became confidential,
   * or left their agency), nor for an internal note to a caller who may not read those: the
   * note changes nothing else they can see, and its message would tell them one was written.
   */
  private message({ event, state }: ReportStep): ReportUpdate[] {
    if (!permits('Subscription.reportUpdated', this.actor, { report: state })) return [];
    if (event.type === 'InternalNoteAdded' && !permits('TimelineEntry (internal notes)', this.actor, { report: state }))
      return [];
    return [{ ...toReportView(state), position: event.globalPosition.toString() }];
  }
}
