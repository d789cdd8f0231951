import { describe, expect, it } from '@jest/globals';
import { isUuid } from './uuid.js';

describe('isUuid', () => {
  it('takes a uuid of either case and nothing PostgreSQL would refuse as one', () => {
    expect(isUuid('4621d88a-d846-4215-af4c-d5fd927286de')).toBe(true);
    expect(isUuid('4621D88A-D846-4215-AF4C-D5FD927286DE')).toBe(true);
    for (const bad of [
      '',
      '-'.repeat(36),
      '4621d88a-d846-4215-af4c-d5fd927286d',
      '4621d88ad8464215af4cd5fd927286de',
      '4621d88a-d846-4215-af4c-d5fd927286dg',
      ' 4621d88a-d846-4215-af4c-d5fd927286de',
    ])
      expect(isUuid(bad)).toBe(false);
  });
});
