import { DomainError } from '../../contexts/domain-error.js';

const ISO = /^(\d{4})-(\d{2})-(\d{2})(?:T(\d{2}):(\d{2})(?::(\d{2})(?:\.\d{1,9})?)?(Z|[+-]\d{2}:\d{2}))?$/;

/**
 * An ISO-8601 date (YYYY-MM-DD, midnight UTC as before) or instant with its offset, as an ISO string;
 * BAD_USER_INPUT naming the argument for anything else (a day that does not exist, a bare number, a
 * date written the way one locale writes it), so nothing malformed reaches the database.
 */
export function parseInstant(argument: string, text: string): string {
  const match = ISO.exec(text);
  const [, year, month, day, hour, minute] = match ?? [];
  const calendarDay =
    match && new Date(`${year}-${month}-${day}T00:00:00Z`).toISOString().slice(0, 10) === `${year}-${month}-${day}`;
  const instant = match ? new Date(hour === undefined ? `${text}T00:00:00Z` : text) : null;
  if (
    !calendarDay ||
    !instant ||
    Number.isNaN(instant.getTime()) ||
    Number(hour ?? 0) > 23 ||
    Number(minute ?? 0) > 59
  ) {
    throw new DomainError(
      'BAD_USER_INPUT',
      `${argument} must be an ISO-8601 date or instant such as 2026-11-23 or 2026-11-23T10:00:00+07:00, not ${JSON.stringify(text.slice(0, 60))}`,
      { argument },
    );
  }
  return instant.toISOString();
}

/** [from, to) as ISO strings, from before to. */
export function parsePeriod(from: string, to: string): { from: string; to: string } {
  const period = { from: parseInstant('from', from), to: parseInstant('to', to) };
  if (period.from >= period.to) throw new DomainError('BAD_USER_INPUT', 'from must be before to', { argument: 'from' });
  return period;
}
