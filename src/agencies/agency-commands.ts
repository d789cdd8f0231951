import { Inject, Injectable } from '@nestjs/common';
import { Command, CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import {
  AGENCY_EVENT_SCHEMA_VERSIONS,
  agencyStream,
  decideAgency,
  evolveAgency,
  NO_AGENCY,
  type Agency,
  type AgencyCommand,
  type AgencyEvent,
} from '../../contexts/agencies/agency.js';
import {
  addCategory,
  CATEGORIES_STREAM,
  CATEGORY_EVENT_SCHEMA_VERSIONS,
  evolveCategories,
  renameCategory,
  type Categories,
  type CategoryEvent,
} from '../../contexts/agencies/categories.js';
import {
  declareHoliday,
  evolveHolidays,
  HOLIDAY_EVENT_SCHEMA_VERSIONS,
  HOLIDAYS_STREAM,
  NO_HOLIDAYS,
  removeHoliday,
  type HolidayEvent,
  type Holidays,
} from '../../contexts/calendar/holidays.js';
import { DomainError } from '../../contexts/domain-error.js';
import type { TargetAgency } from '../../contexts/reports/report.commands.js';
import { CLOCK, type Clock } from '../clock.js';
import { eventMetadata } from '../commands/event-metadata.js';
import { KeyedLock } from '../commands/keyed-lock.js';
import { foldHistory, runCommand, type CommandOutcome } from '../commands/run-command.js';
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

export type CategoryChange =
  | { type: 'AddCategory'; code: string; name: string; parentCode: string | null }
  | { type: 'RenameCategory'; code: string; name: string };
export class ChangeCategories extends Command<CommandOutcome<Categories, CategoryEvent>> {
  constructor(
    readonly change: CategoryChange,
    readonly origin: CommandOrigin,
  ) {
    super();
  }
}

export type HolidayChange =
  { type: 'DeclareHoliday'; date: string; name: string } | { type: 'RemoveHoliday'; date: string };
export class ChangeHolidays extends Command<CommandOutcome<Holidays, HolidayEvent>> {
  constructor(
    readonly change: HolidayChange,
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
    return runCommand<Agency, AgencyEvent>(
      this.store,
      {
        streamId: agencyStream(agencyId),
        initial: NO_AGENCY,
        evolve: evolveAgency,
        decide: (state) => decideAgency(command, state, now),
        schemaVersions: AGENCY_EVENT_SCHEMA_VERSIONS,
      },
      eventMetadata(origin, now, command.type),
      this.streams,
    );
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
    return runCommand<Categories, CategoryEvent>(
      this.store,
      {
        streamId: CATEGORIES_STREAM,
        initial: new Map(),
        evolve: evolveCategories,
        decide: (state) =>
          change.type === 'AddCategory'
            ? addCategory(state, change.code, change.name, change.parentCode)
            : renameCategory(state, change.code, change.name),
        schemaVersions: CATEGORY_EVENT_SCHEMA_VERSIONS,
      },
      eventMetadata(origin, this.clock.now(), change.type),
      this.streams,
    );
  }
}

@CommandHandler(ChangeHolidays)
export class ChangeHolidaysHandler implements ICommandHandler<ChangeHolidays> {
  constructor(
    @Inject(EVENT_STORE) private readonly store: EventStore,
    @Inject(CLOCK) private readonly clock: Clock,
    private readonly streams: KeyedLock,
  ) {}

  execute({ change, origin }: ChangeHolidays) {
    return runCommand<Holidays, HolidayEvent>(
      this.store,
      {
        streamId: HOLIDAYS_STREAM,
        initial: NO_HOLIDAYS,
        evolve: evolveHolidays,
        decide: (state) =>
          change.type === 'DeclareHoliday'
            ? declareHoliday(state, change.date, change.name)
            : removeHoliday(state, change.date),
        schemaVersions: HOLIDAY_EVENT_SCHEMA_VERSIONS,
      },
      eventMetadata(origin, this.clock.now(), change.type),
      this.streams,
    );
  }
}

/** Reads the registry: agencies by id and the category taxonomy, folded from their streams. */
@Injectable()
export class AgencyRegistry {
  constructor(@Inject(EVENT_STORE) private readonly store: EventStore) {}

  async agency(agencyId: string): Promise<Agency> {
    const agency = foldHistory<Agency, AgencyEvent>(
      { initial: NO_AGENCY, evolve: evolveAgency },
      await this.store.readStream(agencyStream(agencyId)),
    );
    if (!agency.exists) throw new DomainError('NOT_FOUND', `No agency ${agencyId}`);
    return agency;
  }

  async target(agencyId: string): Promise<TargetAgency> {
    const agency = await this.agency(agencyId);
    return { agencyId, name: agency.name, connected: agency.connected, unitIds: new Set(agency.units.keys()) };
  }

  async categories(): Promise<Categories> {
    return foldHistory<Categories, CategoryEvent>(
      { initial: new Map(), evolve: evolveCategories },
      await this.store.readStream(CATEGORIES_STREAM),
    );
  }

  async assertCategory(code: string): Promise<void> {
    if (!(await this.categories()).has(code))
      throw new DomainError('BAD_USER_INPUT', `${code} is not a category of the taxonomy`);
  }
}
