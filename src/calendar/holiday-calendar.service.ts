import { Inject, Injectable } from '@nestjs/common';
import {
  evolveHolidays,
  HOLIDAYS_STREAM,
  NO_HOLIDAYS,
  type HolidayEvent,
  type Holidays,
} from '../../contexts/calendar/holidays.js';
import { foldHistory } from '../commands/run-command.js';
import { EVENT_STORE, type EventStore } from '../event-store/event-store.port.js';

/** The holidays as admins have declared them, folded from their stream. */
@Injectable()
export class HolidayCalendarService {
  constructor(@Inject(EVENT_STORE) private readonly store: EventStore) {}

  async current(): Promise<Holidays> {
    return foldHistory<Holidays, HolidayEvent>(
      { initial: NO_HOLIDAYS, evolve: evolveHolidays },
      await this.store.readStream(HOLIDAYS_STREAM),
    );
  }
}
