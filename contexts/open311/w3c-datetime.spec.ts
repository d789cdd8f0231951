import { describe, expect, it } from '@jest/globals';
import { dateRange, parseW3c, w3cWib } from './w3c-datetime.js';

describe('W3C datetimes', () => {
  it('writes instants on the WIB clock to the second, with the offset', () => {
    expect(w3cWib('2026-12-01T02:30:00.999Z')).toBe('2026-12-01T09:30:00+07:00');
    expect(w3cWib('2026-12-04T16:59:59.999Z')).toBe('2026-12-04T23:59:59+07:00');
    expect(w3cWib(new Date('2026-12-31T20:00:00Z'))).toBe('2027-01-01T03:00:00+07:00');
  });

  it('reads a datetime with its zone, a space standing for an unencoded +', () => {
    const instant = '2026-12-01T02:30:00.000Z';
    for (const text of [
      '2026-12-01T02:30:00Z',
      '2026-12-01T09:30:00+07:00',
      '2026-12-01T09:30:00 07:00',
      '2026-12-01T09:30+07:00',
      '2026-11-30T21:30:00-05:00',
    ])
      expect(parseW3c(text)?.toISOString()).toBe(instant);
    expect(parseW3c('2026-12-01T09:30:00.250+07:00')?.toISOString()).toBe('2026-12-01T02:30:00.250Z');
  });

  it('refuses a date alone, a time without its zone and times that do not exist', () => {
    for (const text of [
      '2026-12-01',
      '2026-12-01T09:30:00',
      '2026-02-30T00:00:00Z',
      '2026-12-01T24:00:00Z',
      '2026-12-01T09:30:00+25:00',
      'kemarin',
    ])
      expect(parseW3c(text)).toBeNull();
  });

  it('spans at most 90 days, the 90 days up to now when no date is given', () => {
    const now = new Date('2026-12-01T00:00:00Z');
    expect(dateRange(null, null, now)).toEqual({ from: new Date('2026-09-02T00:00:00Z'), to: now });
    expect(dateRange('2026-01-01T00:00:00Z', null, now)).toEqual({
      from: new Date('2026-01-01T00:00:00Z'),
      to: new Date('2026-04-01T00:00:00Z'),
    });
    expect(dateRange('2026-01-01T00:00:00Z', '2026-04-01T00:00:00Z', now)).not.toHaveProperty('problems');
    expect(dateRange('2026-01-01T00:00:00Z', '2026-04-01T00:00:01Z', now)).toEqual({
      problems: [{ field: 'end_date', description: 'start_date and end_date may be at most 90 days apart' }],
    });
    expect(dateRange('2026-03-01T00:00:00Z', '2026-02-01T00:00:00Z', now)).toHaveProperty('problems');
    expect(dateRange('soon', 'later', now)).toEqual({
      problems: [expect.objectContaining({ field: 'start_date' }), expect.objectContaining({ field: 'end_date' })],
    });
  });
});
