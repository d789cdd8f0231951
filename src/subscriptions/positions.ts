import { DomainError } from '../../contexts/domain-error.js';
import type { EventLog } from '../event-store/event-log.port.js';

/** The largest position there can be (PostgreSQL's bigint). */
const MAX_POSITION = 9223372036854775807n;

/**
 * Which of `positions` come after `from` in the store's order. On PostgreSQL that order is the
 * commit order, (transaction id, position), which the positions as numbers need not follow across
 * transactions, so the comparison is the EventLog's. 0n stands before every event.
 */
export async function comeAfter(log: EventLog, from: bigint, positions: readonly bigint[]): Promise<boolean[]> {
  if (from === 0n || positions.length === 0) return positions.map((position) => position !== from);
  const { reached } = await log.reached(from, positions);
  return reached.map((atOrPast, i) => atOrPast && positions[i] !== from);
}

export async function isAfter(log: EventLog, from: bigint, position: bigint): Promise<boolean> {
  return (await comeAfter(log, from, [position]))[0]!;
}

/** A subscription's `afterPosition`: 0 (before every event) or a position some event has; BAD_USER_INPUT otherwise. */
export async function parseAfterPosition(log: EventLog, value: string | null | undefined): Promise<bigint | null> {
  if (value == null) return null;
  if (!/^\d{1,19}$/.test(value) || BigInt(value) > MAX_POSITION)
    throw new DomainError('BAD_USER_INPUT', 'afterPosition is a position a message or a mutation returned (digits)');
  const position = BigInt(value);
  if (position > 0n && !(await log.reached(position, [])).known)
    throw new DomainError('BAD_USER_INPUT', `No event has position ${value}`);
  return position;
}
