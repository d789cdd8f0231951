import type { FieldProblem } from './field-problem.js';

const WIB_OFFSET_MS = 7 * 60 * 60 * 1000;
const DAY_MS = 24 * 60 * 60 * 1000;
/** GeoReport v2: a search spans at most 90 days, and the most recent 90 days when no date is given. */
export const MAX_RANGE_DAYS = 90;

/** An instant as the W3C profile of ISO 8601 writes it, on the WIB clock to the second: 2026-12-01T09:30:00+07:00. */
export function w3cWib(instant: string | Date): string {
  const ms = new Date(instant).getTime();
  const wib = new Date(Math.floor(ms / 1000) * 1000 + WIB_OFFSET_MS);
  return `${wib.toISOString().slice(0, 19)}+07:00`;
}

// The sign of an offset may arrive as a space: an unencoded `+` in a query string is read as one.
const W3C = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2})(?::(\d{2})(\.\d{1,9})?)?(Z|([+\- ])(\d{2}):(\d{2}))$/;

/** The instant of a W3C datetime with its time zone (Z or ±hh:mm), or null for anything else, an impossible date included. */
export function parseW3c(text: string): Date | null {
  const match = W3C.exec(text);
  if (!match) return null;
  const [, year, month, day, hour, minute, second = '0', fraction = '', zone, sign, offsetHours, offsetMinutes] = match;
  const fields = [year, month, day, hour, minute, second].map(Number) as [
    number,
    number,
    number,
    number,
    number,
    number,
  ];
  const local = Date.UTC(fields[0], fields[1] - 1, fields[2], fields[3], fields[4], fields[5]);
  const back = new Date(local);
  const exists =
    back.getUTCFullYear() === fields[0] &&
    back.getUTCMonth() === fields[1] - 1 &&
    back.getUTCDate() === fields[2] &&
    back.getUTCHours() === fields[3] &&
    back.getUTCMinutes() === fields[4] &&
    back.getUTCSeconds() === fields[5];
  if (!exists || Number(offsetHours ?? 0) > 23 || Number(offsetMinutes ?? 0) > 59) return null;
  const offsetMs =
    zone === 'Z' ? 0 : (sign === '-' ? -1 : 1) * (Number(offsetHours) * 60 + Number(offsetMinutes)) * 60_000;
  return new Date(local - offsetMs + Math.floor(Number(`0${fraction}`) * 1000));
}

/**
 * The [from, to] window of start_date and end_date: both given, at most 90 days apart; one given,
 * the 90 days after the start or before the end; none, the 90 days up to now.
 */
export function dateRange(
  start: string | null,
  end: string | null,
  now: Date,
): { from: Date; to: Date } | { problems: FieldProblem[] } {
  const problems: FieldProblem[] = [];
  const read = (field: string, text: string | null): Date | null => {
    if (text === null) return null;
    const instant = parseW3c(text);
    if (!instant)
      problems.push({
        field,
        description: `${field} must be a W3C datetime with its time zone, such as 2026-12-01T09:30:00+07:00 or 2026-12-01T02:30:00Z`,
      });
    return instant;
  };
  const from = read('start_date', start);
  const to = read('end_date', end);
  if (problems.length > 0) return { problems };
  const span = MAX_RANGE_DAYS * DAY_MS;
  const window = {
    from: from ?? new Date((to ?? now).getTime() - span),
    to: to ?? (from ? new Date(from.getTime() + span) : now),
  };
  if (window.to < window.from)
    return { problems: [{ field: 'end_date', description: 'end_date is before start_date' }] };
  if (window.to.getTime() - window.from.getTime() > span)
    return {
      problems: [
        { field: 'end_date', description: `start_date and end_date may be at most ${MAX_RANGE_DAYS} days apart` },
      ],
    };
  return window;
}
