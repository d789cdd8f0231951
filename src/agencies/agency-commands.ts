import { Inject, Logger } from '@nestjs/common';
import { Command, CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import {
  agencyDecider,
  agencyStream,
  type Agency,
  type AgencyCommand,
  type AgencyEvent,
} from '../../contexts/agencies/agency.js';
import {
  CATEGORIES_STREAM,
  categoriesDecider,
  type Categories,
  type CategoryCommand,
  type CategoryEvent,
} from '../../contexts/agencies/categories.js';
import {
  HOLIDAYS_STREAM,
  holidaysDecider,
  type HolidayCommand,
  type HolidayEvent,
  type Holidays,
} from '../../contexts/calendar/holidays.js';
import { HolidayCalendarService } from '../calendar/holiday-calendar.service.js';
import { CLOCK, type Clock } from '../clock.js';
import { eventMetadata } from '../commands/event-metadata.js';
import { KeyedLock } from '../commands/keyed-lock.js';
import { runDecider, type CommandOutcome } from '../commands/run-command.js';
import { EVENT_STORE, type EventStore } from '../event-store/event-store.port.js';
import type { CommandOrigin } from '../commands/event-metadata.js';

export class ExecuteAgencyCommand extends Command<CommandOutcome<Agency, AgencyEvent>> {
  constructor(
    readonly agencyId: string,
    readonly command: AgencyCommand,
    readonly origin: CommandOrigin,
  ) {
    super();
  }
}

export class ChangeCategories extends Command<CommandOutcome<Categories, CategoryEvent>> {
  constructor(
    readonly change: CategoryCommand,
    readonly origin: CommandOrigin,
  ) {
    super();
  }
}

export class ChangeHolidays extends Command<CommandOutcome<Holidays, HolidayEvent>> {
  constructor(
    readonly change: HolidayCommand,
    readonly origin: CommandOrigin,
  ) {
    super();
  }
}

@CommandHandler(ExecuteAgencyCommand)
export class ExecuteAgencyCommandHandler implements ICommandHandler<ExecuteAgencyCommand> {
  constructor(
    @Inject(EVENT_STORE) private readonly store: EventStore,
    @Inject(CLOCK) private readonly clock: Clock,
    private readonly streams: KeyedLock,
  ) {}

  execute({ agencyId, command, origin }: ExecuteAgencyCommand) {
    const now = this.clock.now();
    return runDecider(this.store, this.streams, agencyDecider, {
      streamId: agencyStream(agencyId),
      command,
      context: { now },
      metadata: eventMetadata(origin, now, command.type),
    });
  }
}

@CommandHandler(ChangeCategories)
export class ChangeCategoriesHandler implements ICommandHandler<ChangeCategories> {
  constructor(
    @Inject(EVENT_STORE) private readonly store: EventStore,
    @Inject(CLOCK) private readonly clock: Clock,
    private readonly streams: KeyedLock,
  ) {}

  execute({ change, origin }: ChangeCategories) {
    return runDecider(this.store, this.streams, categoriesDecider, {
      streamId: CATEGORIES_STREAM,
      command: change,
      context: undefined,
      metadata: eventMetadata(origin, this.clock.now(), change.type),
    });
  }
}

@CommandHandler(ChangeHolidays)
export class ChangeHolidaysHandler implements ICommandHandler<ChangeHolidays> {
  private readonly logger = new Logger('ChangeHolidays');

  constructor(
    @Inject(EVENT_STORE) private readonly store: EventStore,
    @Inject(CLOCK) private readonly clock: Clock,
    private readonly streams: KeyedLock,
    private readonly calendar: HolidayCalendarService,
  ) {}

  async execute({ change, origin }: ChangeHolidays) {
    const outcome = await runDecider(this.store, this.streams, holidaysDecider, {
      streamId: HOLIDAYS_STREAM,
      command: change,
      context: undefined,
      metadata: eventMetadata(origin, this.clock.now(), change.type),
    });
    // Deadlines computed in this instance from now on count the change (others within CALENDAR_REFRESH_MS).
    await this.calendar.recorded(outcome.position).catch((error: Error) =>
      // The change is recorded: this instance counts it at its next read of the calendar instead.
      this.logger.warn(`could not read the calendar after a change: ${error.message}`),
    );
    return outcome;
  }
}
