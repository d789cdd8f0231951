import { randomBytes } from 'node:crypto';
import { describe, expect, it } from '@jest/globals';
import { newTrackingId, parseTrackingId } from './tracking-id.js';

describe('tracking ids', () => {
  it('are eight unambiguous symbols in two groups', () => {
    for (let i = 0; i < 200; i++)
      expect(newTrackingId(randomBytes(7))).toMatch(/^[0-9A-HJKMNP-TV-Y]{4}-[0-9A-HJKMNP-TV-Y]{4}$/);
  });

  it('read back however a person types them', () => {
    const id = newTrackingId(Uint8Array.from([0, 1, 2, 3, 4, 5, 6]));
    expect(id).toBe('0123-456K');
    expect(parseTrackingId('o123 456k')).toBe(id);
    expect(parseTrackingId('0I23-456K')).toBe(id);
  });

  it('refuse any single mistyped symbol and any swap of neighbours', () => {
    const id = newTrackingId(randomBytes(7)).replace('-', '');
    const alphabet = '0123456789ABCDEFGHJKMNPQRSTVWXYZ';
    for (let position = 0; position < 8; position++) {
      for (const symbol of alphabet) {
        if (symbol === id[position]) continue;
        expect(parseTrackingId(id.slice(0, position) + symbol + id.slice(position + 1))).toBeNull();
      }
      if (position < 7 && id[position] !== id[position + 1]) {
        expect(
          parseTrackingId(id.slice(0, position) + id[position + 1] + id[position] + id.slice(position + 2)),
        ).toBeNull();
      }
    }
    expect(parseTrackingId('ABC')).toBeNull();
  });
});
