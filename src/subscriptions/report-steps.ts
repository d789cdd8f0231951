import type { ReportEvent } from '../../contexts/reports/report.events.js';
import { reportStream } from '../../contexts/reports/report.events.js';
import { evolve, type ReportState } from '../../contexts/reports/report.state.js';
import type { EventStore, RecordedEvent } from '../event-store/event-store.port.js';

/** One event of a report and the report as of it: what a subscription message is made of. */
export interface ReportStep {
  event: RecordedEvent;
  state: ReportState;
}

/** The report as of `event`, the next event of its stream after `state` (the projections' own evolve). */
export function evolveRecorded(state: ReportState, event: RecordedEvent): ReportState {
  return evolve(state, { type: event.type, data: event.data } as ReportEvent, event.metadata.occurredAt);
}

/**
 * Folds on from `state` through the report's later events up to `toVersion` (every one when
 * omitted), keeping the state as of each: a message shows the report as of its event, not as it
 * is by the time the message is made.
 */
export async function stepsAfter(
  store: EventStore,
  reportId: string,
  state: ReportState,
  toVersion?: number,
): Promise<ReportStep[]> {
  if (toVersion !== undefined && toVersion <= state.version) return [];
  return foldSteps(
    state,
    await store.readStream(reportStream(reportId), { fromVersion: state.version + 1, toVersion }),
  );
}

/** Folds on from `state` through `events` (the report's next ones, in order), keeping the state as of each. */
export function foldSteps(state: ReportState, events: readonly RecordedEvent[]): ReportStep[] {
  return events.map((event) => {
    state = evolveRecorded(state, event);
    return { event, state };
  });
}

/** The agency an event takes the report away from (forwarded away, declined): its inbox hears of it too. */
export function leftAgency(event: Pick<RecordedEvent, 'type' | 'data'>): string | null {
  if (event.type === 'ReportForwarded') return (event.data as { fromAgencyId: string }).fromAgencyId;
  if (event.type === 'DispositionDeclined') return (event.data as { agencyId: string }).agencyId;
  return null;
}
