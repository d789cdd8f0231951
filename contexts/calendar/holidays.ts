import type { Decider } from '../decider.js';
import { DomainError, unreachable } from '../domain-error.js';
import type { HolidayCalendar } from './working-days.js';

/** Holidays are one stream of facts that admins maintain. */
export const HOLIDAYS_STREAM = 'calendar-holidays';

export type HolidayEvent =
  | { type: 'HolidayDeclared'; data: { date: string; name: string } }
  | { type: 'HolidayRemoved'; data: { date: string } };

export const HOLIDAY_EVENT_SCHEMA_VERSIONS: Record<HolidayEvent['type'], number> = {
  HolidayDeclared: 1,
  HolidayRemoved: 1,
};

export interface Holidays extends HolidayCalendar {
  readonly names: ReadonlyMap<string, string>;
}

export const NO_HOLIDAYS: Holidays = { holidays: new Set(), names: new Map() };

export function evolveHolidays(state: Holidays, event: HolidayEvent): Holidays {
  const names = new Map(state.names);
  switch (event.type) {
    case 'HolidayDeclared':
      names.set(event.data.date, event.data.name);
      break;
    case 'HolidayRemoved':
      names.delete(event.data.date);
      break;
    default:
      return unreachable(event);
  }
  return { names, holidays: new Set(names.keys()) };
}

const ISO_DATE = /^\d{4}-\d{2}-\d{2}$/;

export function declareHoliday(state: Holidays, date: string, name: string): HolidayEvent[] {
  if (
    !ISO_DATE.test(date) ||
    Number.isNaN(Date.parse(`${date}T00:00:00Z`)) ||
    new Date(`${date}T00:00:00Z`).toISOString().slice(0, 10) !== date
  ) {
    throw new DomainError('BAD_USER_INPUT', `${date} is not a calendar date (YYYY-MM-DD)`);
  }
  const trimmed = name.trim();
  if (trimmed === '' || trimmed.length > 120)
    throw new DomainError('BAD_USER_INPUT', 'A holiday needs a name of 1 to 120 characters');
  if (state.names.get(date) === trimmed) return [];
  return [{ type: 'HolidayDeclared', data: { date, name: trimmed } }];
}

export function removeHoliday(state: Holidays, date: string): HolidayEvent[] {
  if (!state.names.has(date)) throw new DomainError('NOT_FOUND', `${date} is not a holiday`);
  return [{ type: 'HolidayRemoved', data: { date } }];
}

export type HolidayCommand =
  { type: 'DeclareHoliday'; date: string; name: string } | { type: 'RemoveHoliday'; date: string };

/** The national holidays, one stream: data admins maintain, never constants. */
export const holidaysDecider: Decider<HolidayCommand, Holidays, HolidayEvent, void> = {
  initial: NO_HOLIDAYS,
  evolve: (state, event) => evolveHolidays(state, event),
  decide: (command, state) =>
    command.type === 'DeclareHoliday'
      ? declareHoliday(state, command.date, command.name)
      : removeHoliday(state, command.date),
  schemaVersions: HOLIDAY_EVENT_SCHEMA_VERSIONS,
};
