import { startOfWibDay } from '../../contexts/calendar/working-days.js';
import { DomainError } from '../../contexts/domain-error.js';

const DAY_MS = 86_400_000;

/** [from, to) of WIB days (Date scalars), from before to and at most `maxDays` apart. */
export function assertDayPeriod(from: string, to: string, maxDays: number): void {
  if (from >= to) throw new DomainError('BAD_USER_INPUT', 'from must be before to', { argument: 'from' });
  const days = (Date.parse(to) - Date.parse(from)) / DAY_MS;
  if (days > maxDays)
    throw new DomainError('BAD_USER_INPUT', `The period may span at most ${maxDays} days, not ${days}`, {
      argument: 'to',
    });
}

/** [from, to) of WIB days as the instants they start at (UTC ISO strings), for queries over timestamps. */
export function wibDayPeriod(from: string, to: string): { from: string; to: string } {
  assertDayPeriod(from, to, 110_000);
  return { from: startOfWibDay(from).toISOString(), to: startOfWibDay(to).toISOString() };
}
