import { readFileSync } from 'node:fs';
import { describe, expect, it } from '@jest/globals';
import { renderAccessMatrix } from './access-matrix.js';

describe('the access matrix in docs/api.md', () => {
  it('is the table the code enforces (npx aduan access-matrix prints it)', () => {
    const readme = readFileSync(new URL('../../docs/api.md', import.meta.url), 'utf8');
    const section = /<!-- access-matrix -->\n([\s\S]*?)\n<!-- \/access-matrix -->/.exec(readme);
    expect(section?.[1]).toBe(renderAccessMatrix());
  });
});
