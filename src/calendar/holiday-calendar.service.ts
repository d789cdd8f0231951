import { Inject, Injectable } from '@nestjs/common';
import {
  evolveHolidays,
  HOLIDAYS_STREAM,
  NO_HOLIDAYS,
  type HolidayEvent,
  type Holidays,
} from '../../contexts/calendar/holidays.js';
import { KeptStream } from '../commands/kept-stream.js';
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
  private readonly calendar: KeptStream<Holidays>;

  constructor(@Inject(EVENT_STORE) store: EventStore) {
    this.calendar = new KeptStream<Holidays>(store, HOLIDAYS_STREAM, NO_HOLIDAYS, (holidays, event) =>
      evolveHolidays(holidays, { type: event.type, data: event.data } as HolidayEvent),
    );
  }

  /** The holidays, as the stream said at most `maxAgeMs` ago (0: now). */
  current(maxAgeMs = CALENDAR_REFRESH_MS): Promise<Holidays> {
    return this.calendar.current(maxAgeMs);
  }

  /** This instance recorded a change at `position` (null: it changed nothing): answers from now on include it. */
  recorded(position: bigint | null): Promise<void> {
    return this.calendar.recorded(position);
  }
}
