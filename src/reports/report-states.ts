import { Inject, Injectable, Optional } from '@nestjs/common';
import { reportStream } from '../../contexts/reports/report.events.js';
import type { ReportState } from '../../contexts/reports/report.state.js';
import { EVENT_STORE, type EventStore } from '../event-store/event-store.port.js';
import { foldReport } from './fold-report.js';

/** Folded reports kept in memory, at most this many and this many bytes of their JSON (a state is ~2 kB on average, up to ~40 kB). */
export const KEPT_REPORT_STATES = { count: 10_000, bytes: 32 * 1024 * 1024 };
/** Other limits than KEPT_REPORT_STATES (tests). */
export const REPORT_STATE_LIMITS = Symbol('ReportStateLimits');

/**
 * A report's state as its stream says now. Each read is one round trip to the store, as a fold of
 * the whole stream was, but asks only for the events recorded after the state last folded here:
 * recorded events never change, so the kept state plus those is the whole fold, never a stale one.
 * States are shared between requests and never changed in place (evolve makes new ones).
 */
@Injectable()
export class ReportStates {
  /** The most recently read last (a Map iterates in insertion order). */
  private readonly states = new Map<string, { state: ReportState; bytes: number }>();
  private bytes = 0;

  constructor(
    @Inject(EVENT_STORE) private readonly store: EventStore,
    @Optional() @Inject(REPORT_STATE_LIMITS) private readonly limits = KEPT_REPORT_STATES,
  ) {}

  async current(reportId: string): Promise<ReportState> {
    const known = this.states.get(reportId)?.state;
    const newer = await this.store.readStream(
      reportStream(reportId),
      known ? { fromVersion: known.version + 1 } : undefined,
    );
    const state = foldReport(newer, known);
    // Kept only when its version is the stream's: the next read starts after it.
    if (state.exists && state.version === (newer.at(-1)?.streamVersion ?? known?.version)) this.keep(reportId, state);
    return state;
  }

  /** The state kept of a report, if any (of whatever version it was folded to). */
  kept(reportId: string): ReportState | undefined {
    return this.states.get(reportId)?.state;
  }

  /** Keeps a state folded elsewhere (from the report's events 1 to its version), unless a newer one is kept. */
  offer(reportId: string, state: ReportState): void {
    if (state.exists) this.keep(reportId, state);
  }

  private keep(reportId: string, state: ReportState): void {
    const earlier = this.states.get(reportId);
    // Two reads of one report at once: the one that folded less does not replace the other.
    if (earlier && earlier.state.version > state.version) return;
    if (earlier) this.forget(reportId, earlier.bytes);
    const bytes = earlier?.state === state ? earlier.bytes : JSON.stringify(state).length;
    this.states.set(reportId, { state, bytes });
    this.bytes += bytes;
    while (this.states.size > this.limits.count || this.bytes > this.limits.bytes) {
      const [oldest, { bytes: size }] = this.states.entries().next().value!;
      this.forget(oldest, size);
    }
  }

  private forget(reportId: string, bytes: number): void {
    this.states.delete(reportId);
    this.bytes -= bytes;
  }
}
