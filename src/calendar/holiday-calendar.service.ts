import { Inject, Injectable } from '@nestjs/common';
import {
  evolveHolidays,
  HOLIDAYS_STREAM,
  NO_HOLIDAYS,
  type HolidayEvent,
  type Holidays,
} from '../../contexts/calendar/holidays.js';
import { EVENT_STORE, type EventStore } from '../event-store/event-store.port.js';

/**
 * How old this instance's copy of the calendar may be when a deadline is computed: a holiday
 * declared through another instance counts there within this (one declared here counts at once).
 */
export const CALENDAR_REFRESH_MS = 1_000;

/**
 * The holidays as admins have declared them, folded from their stream. Every submission and
 * report command computes deadlines with them, so each instance keeps its copy and reads on from
 * its last event at most once per CALENDAR_REFRESH_MS instead of reading the stream each time.
 */
@Injectable()
export class HolidayCalendarService {
  private holidays: Holidays = NO_HOLIDAYS;
  private version = 0;
  /** The global position of the newest holiday event folded in. */
  private position = 0n;
  private checkedAt = -Infinity;
  private refreshing: Promise<void> | null = null;

  constructor(@Inject(EVENT_STORE) private readonly store: EventStore) {}

  /** The holidays, as the stream said at most `maxAgeMs` ago (0: now). */
  async current(maxAgeMs = CALENDAR_REFRESH_MS): Promise<Holidays> {
    await this.refresh(maxAgeMs);
    return this.holidays;
  }

  /** This instance recorded a change at `position` (none when it changed nothing): answers from now on include it. */
  async recorded(position: bigint | null): Promise<void> {
    // A refresh already under way may have read before the change: read until it is folded in.
    while (position !== null && this.position < position) await this.refresh(0);
  }

  private refresh(maxAgeMs: number): Promise<void> {
    if (performance.now() - this.checkedAt < maxAgeMs) return Promise.resolve();
    this.refreshing ??= (async () => {
      try {
        const started = performance.now();
        for (const event of await this.store.readStream(HOLIDAYS_STREAM, { fromVersion: this.version + 1 })) {
          this.holidays = evolveHolidays(this.holidays, { type: event.type, data: event.data } as HolidayEvent);
          this.version = event.streamVersion;
          this.position = event.globalPosition;
        }
        this.checkedAt = started;
      } finally {
        this.refreshing = null;
      }
    })();
    return this.refreshing;
  }
}
