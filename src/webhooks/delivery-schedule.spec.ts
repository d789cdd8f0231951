import { describe, expect, it } from '@jest/globals';
import { nextAttempt, RETRY_DELAYS_MS, settle } from './delivery-schedule.js';

const at = new Date('2026-12-01T00:00:00.000Z');
const message = { message_id: 'msg_1', endpoint_id: 'e', retries: 0, attempts: 0 };
const failed = { status: 500, durationMs: 12, error: 'HTTP 500', retryAfterMs: null };

describe('the retry schedule', () => {
  it('waits 5 s, 5 min, 30 min, 2 h, 5 h, 10 h and 10 h, each within ±10 %, then gives up', () => {
    const delays = RETRY_DELAYS_MS.map(
      (_, retries) => nextAttempt(retries, at, null, () => 0.5)!.getTime() - at.getTime(),
    );
    expect(delays).toEqual([5_000, 300_000, 1_800_000, 7_200_000, 18_000_000, 36_000_000, 36_000_000]);
    expect(nextAttempt(0, at, null, () => 0)!.getTime() - at.getTime()).toBe(4_500);
    expect(nextAttempt(0, at, null, () => 1)!.getTime() - at.getTime()).toBe(5_500);
    expect(nextAttempt(RETRY_DELAYS_MS.length, at, null)).toBeNull();
  });

  it('follows Retry-After instead, up to ten hours', () => {
    expect(nextAttempt(0, at, 120_000)!.getTime() - at.getTime()).toBe(120_000);
    expect(nextAttempt(1, at, 7 * 86_400_000)!.getTime() - at.getTime()).toBe(36_000_000);
  });
});

describe('settling an attempt', () => {
  it('delivers on a 2xx', () => {
    const outcome = settle(message, { status: 204, durationMs: 3, error: null, retryAfterMs: null }, at, nextAttempt);
    expect(outcome).toMatchObject({ state: 'DELIVERED', attempt: 1, deliveredAt: at, retries: 0 });
  });

  it('schedules a retry on any other answer, and fails the message when none is left', () => {
    expect(settle(message, failed, at, () => new Date(at.getTime() + 1))).toMatchObject({
      state: 'PENDING',
      retries: 1,
    });
    const last = { ...message, retries: RETRY_DELAYS_MS.length, attempts: 8 };
    expect(settle(last, failed, at, nextAttempt)).toMatchObject({ state: 'FAILED', attempt: 9 });
  });

  it('ends the message at once on 410 Gone', () => {
    expect(settle(message, { ...failed, status: 410, error: 'HTTP 410' }, at, nextAttempt)).toMatchObject({
      state: 'FAILED',
      status: 410,
    });
  });
});
