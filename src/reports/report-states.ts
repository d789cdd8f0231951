import { Inject, Injectable } from '@nestjs/common';
import { reportDecider } from '../../contexts/reports/report.decide.js';
import { reportStream, type ReportEvent } from '../../contexts/reports/report.events.js';
import type { ReportState } from '../../contexts/reports/report.state.js';
import { foldHistory } from '../commands/run-command.js';
import { EVENT_STORE, type EventStore } from '../event-store/event-store.port.js';

/** Folded reports kept in memory: about 2 kB each, so ~20 MB when full. */
export const KEPT_REPORT_STATES = 10_000;

/**
 * A report's state as its stream says now. Each read is one round trip to the store, as a fold of
 * the whole stream was, but asks only for the events recorded after the state last folded here:
 * recorded events never change, so the kept state plus those is the whole fold, never a stale one.
 * States are shared between requests and never changed in place (evolve makes new ones).
 */
@Injectable()
export class ReportStates {
  /** The most recently read last (a Map iterates in insertion order). */
  private readonly folded = new Map<string, ReportState>();

  constructor(@Inject(EVENT_STORE) private readonly store: EventStore) {}

  async current(reportId: string): Promise<ReportState> {
    const known = this.folded.get(reportId);
    const newer = await this.store.readStream(
      reportStream(reportId),
      known ? { fromVersion: known.version + 1 } : undefined,
    );
    const state = foldHistory<ReportState, ReportEvent>(
      { initial: known ?? reportDecider.initial, evolve: reportDecider.evolve },
      newer,
    );
    if (state.exists) this.keep(reportId, state);
    return state;
  }

  private keep(reportId: string, state: ReportState): void {
    this.folded.delete(reportId);
    if (this.folded.size >= KEPT_REPORT_STATES) this.folded.delete(this.folded.keys().next().value!);
    this.folded.set(reportId, state);
  }
}
