/**
 * Working days: Monday to Friday except holidays, counted on the national calendar in Western
 * Indonesian Time (WIB, UTC+7, no daylight saving). Holidays are data (HolidayCalendar), never
 * constants. Dates are ISO `YYYY-MM-DD` strings of that calendar.
 */
const WIB_OFFSET_MS = 7 * 60 * 60 * 1000;
const DAY_MS = 24 * 60 * 60 * 1000;

export interface HolidayCalendar {
  /** Holiday dates (`YYYY-MM-DD`, WIB). */
  readonly holidays: ReadonlySet<string>;
}

/** The WIB calendar date of an instant. */
export function wibDate(instant: Date): string {
  return new Date(instant.getTime() + WIB_OFFSET_MS).toISOString().slice(0, 10);
}

/** The WIB date and hour of an instant, as 2026-11-23T14. */
export function wibHour(instant: Date): string {
  return new Date(instant.getTime() + WIB_OFFSET_MS).toISOString().slice(0, 13);
}

/** The first millisecond of a WIB calendar date (00:00 +07:00), as an instant. */
export function startOfWibDay(date: string): Date {
  return new Date(Date.parse(`${date}T00:00:00.000Z`) - WIB_OFFSET_MS);
}

/** The last millisecond of a WIB calendar date, as an instant. */
export function endOfWibDay(date: string): Date {
  return new Date(Date.parse(`${date}T00:00:00.000Z`) - WIB_OFFSET_MS + DAY_MS - 1);
}

function nextDate(date: string): string {
  return new Date(Date.parse(`${date}T00:00:00.000Z`) + DAY_MS).toISOString().slice(0, 10);
}

export function isWorkingDay(date: string, calendar: HolidayCalendar): boolean {
  const weekday = new Date(`${date}T00:00:00.000Z`).getUTCDay();
  return weekday !== 0 && weekday !== 6 && !calendar.holidays.has(date);
}

/**
 * The deadline `days` working days after `from`: the end (WIB) of the days-th working day after
 * from's date. Zero days: the end of from's own date.
 */
export function addWorkingDays(from: Date, days: number, calendar: HolidayCalendar): Date {
  if (!Number.isInteger(days) || days < 0) throw new RangeError(`days must be a whole number ≥ 0, not ${days}`);
  let date = wibDate(from);
  for (let left = days; left > 0;) {
    date = nextDate(date);
    if (isWorkingDay(date, calendar)) left--;
  }
  return endOfWibDay(date);
}

/** Working days d with date(from) < d ≤ date(to); 0 when `to` is not after `from`. */
export function workingDaysBetween(from: Date, to: Date, calendar: HolidayCalendar): number {
  const last = wibDate(to);
  let count = 0;
  for (let date = nextDate(wibDate(from)); date <= last; date = nextDate(date)) {
    if (isWorkingDay(date, calendar)) count++;
  }
  return count;
}

/**
 * The working days left from `now` to a deadline `due`, counted between their WIB dates: the working
 * days after today up to the due date (0 when it is due today); once the due date has passed, minus
 * the working days since it, at least -1 (a deadline of Friday is -1 on Saturday and on Monday).
 */
export function workingDaysLeft(now: Date, due: Date, calendar: HolidayCalendar): number {
  if (wibDate(due) >= wibDate(now)) return workingDaysBetween(now, due, calendar);
  return -Math.max(1, workingDaysBetween(due, now, calendar));
}
