import { describe, expect, it } from '@jest/globals';
import {
  dataSubjectsOf,
  endUserPrincipal,
  guestPrincipal,
  integratorPrincipal,
  legacyOwner,
  principalOf,
  reporterPrincipal,
  reportOwner,
} from './principal.js';

describe('principals of ids that are not Unicode text', () => {
  const ids = ['\uD800', '\uDFFF', 'a\uD800b', '\uD800\uD800', '%uD800', '%25uD800', '\uD83D\uDE48', 'warga-1'];

  it('are made without throwing, for every kind of principal', () => {
    for (const id of ids) {
      expect(() => [
        reporterPrincipal(id),
        integratorPrincipal(id),
        endUserPrincipal('sms', id),
        endUserPrincipal(id, 'u-1'),
        guestPrincipal(id),
        principalOf({ id, role: 'ADMIN' }),
        reportOwner({ id: 'sms', role: 'INTEGRATOR' }, id),
        legacyOwner('INTEGRATOR', id, id),
        dataSubjectsOf(reporterPrincipal(id)),
      ]).not.toThrow();
    }
  });

  it('stay distinct from each other and from every other id, and are plain text', () => {
    const principals = ids.map(reporterPrincipal);
    expect(new Set(principals).size).toBe(ids.length);
    expect(reporterPrincipal('a\uD800b')).toBe('reporter:a%uD800b');
    expect(reporterPrincipal('%uD800')).toBe('reporter:%25uD800');
    // A surrogate pair is one character, encoded as encodeURIComponent does.
    expect(reporterPrincipal('\uD83D\uDE48')).toBe(`reporter:${encodeURIComponent('🙈')}`);
    for (const principal of principals) expect(principal).toMatch(/^[\x20-\x7e]+$/);
  });
});
