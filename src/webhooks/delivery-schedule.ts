import type { SendOutcome } from './webhook-sender.js';

/** After the first attempt, a message is tried again after each of these (with jitter): eight attempts over about a day and a half. */
export const RETRY_DELAYS_MS = [5_000, 300_000, 1_800_000, 7_200_000, 18_000_000, 36_000_000, 36_000_000] as const;
/** The longest a Retry-After is followed; a longer one is cut to this. */
const MAX_RETRY_AFTER_MS = 36_000_000;

/** When to try again after `retries` failed retries (0 after the first attempt); null when none is left. */
export function nextAttempt(
  retries: number,
  at: Date,
  retryAfterMs: number | null,
  random: () => number = Math.random,
): Date | null {
  const delay = RETRY_DELAYS_MS[retries];
  if (delay === undefined) return null;
  // A receiver that says when to come back is believed (within reason); otherwise ±10 % spreads a burst of failures apart.
  const wait = retryAfterMs !== null ? Math.min(retryAfterMs, MAX_RETRY_AFTER_MS) : delay * (0.9 + 0.2 * random());
  return new Date(at.getTime() + Math.round(wait));
}

/** One attempt's record and the message's next state, as the dispatcher writes them. */
export interface Settled {
  messageId: string;
  endpointId: string;
  attempt: number;
  attemptedAt: Date;
  status: number | null;
  durationMs: number;
  error: string | null;
  state: 'PENDING' | 'DELIVERED' | 'FAILED';
  retries: number;
  nextAttemptAt: Date;
  deliveredAt: Date | null;
}

/** A 2xx delivers; 410 Gone ends the message (and the dispatcher disables the endpoint); anything else is retried while retries are left. */
export function settle(
  message: { message_id: string; endpoint_id: string; retries: number; attempts: number },
  outcome: SendOutcome,
  attemptedAt: Date,
  schedule: typeof nextAttempt,
): Settled {
  const attempt = {
    messageId: message.message_id,
    endpointId: message.endpoint_id,
    attempt: message.attempts + 1,
    attemptedAt,
    status: outcome.status,
    durationMs: Math.round(outcome.durationMs),
    error: outcome.error,
  };
  if (outcome.error === null)
    return {
      ...attempt,
      state: 'DELIVERED',
      retries: message.retries,
      nextAttemptAt: attemptedAt,
      deliveredAt: attemptedAt,
    };
  const next = outcome.status === 410 ? null : schedule(message.retries, attemptedAt, outcome.retryAfterMs);
  return next === null
    ? { ...attempt, state: 'FAILED', retries: message.retries, nextAttemptAt: attemptedAt, deliveredAt: null }
    : { ...attempt, state: 'PENDING', retries: message.retries + 1, nextAttemptAt: next, deliveredAt: null };
}
