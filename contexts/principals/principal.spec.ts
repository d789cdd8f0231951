import { describe, expect, it } from '@jest/globals';
import {
  dataSubjectsOf,
  endUserPrincipal,
  integratorPrincipal,
  legacyOwner,
  principalOf,
  reporterPrincipal,
  reportOwner,
} from './principal.js';

describe('principals', () => {
  it('keep kinds apart whatever ids callers choose', () => {
    const chosen = ['warga-1', 'sms-gateway', 'sms-gateway/ref:warga-1', 'reporter:warga-1', 'a%2Fb', 'staff:x'];
    const all = chosen.flatMap((id) => [
      reporterPrincipal(id),
      integratorPrincipal(id),
      ...chosen.map((ref) => endUserPrincipal(id, ref)),
      principalOf({ id, role: 'ADMIN' }),
    ]);
    expect(new Set(all).size).toBe(all.length);
    expect(integratorPrincipal('sms-gateway/ref:warga-1')).not.toBe(endUserPrincipal('sms-gateway', 'warga-1'));
  });
  it('name a report’s owner: a reporter by their token, an integrator’s end user by its reference; nobody else may name one', () => {
    expect(reportOwner({ id: 'warga-1', role: 'REPORTER' }, null)).toBe('reporter:warga-1');
    expect(reportOwner({ id: 'sms', role: 'INTEGRATOR' }, 'u-7')).toBe('integrator:sms/ref:u-7');
    expect(reportOwner({ id: 'sms', role: 'INTEGRATOR' }, null)).toBeNull();
    expect(reportOwner({ id: 'anonymous', role: 'PUBLIC' }, null)).toBeNull();
    for (const role of ['PUBLIC', 'REPORTER', 'ADMIN'] as const)
      expect(() => reportOwner({ id: 'x', role }, 'warga-1')).toThrow(
        expect.objectContaining({ code: 'BAD_USER_INPUT' }),
      );
  });
  it('give reports stored with bare ids the principals their submitter’s role meant', () => {
    expect(legacyOwner('REPORTER', 'warga-1', 'warga-1')).toEqual({
      submittedBy: 'reporter:warga-1',
      reporterId: 'reporter:warga-1',
    });
    expect(legacyOwner('INTEGRATOR', 'sms', 'warga-1')).toEqual({
      submittedBy: 'integrator:sms',
      reporterId: 'integrator:sms/ref:warga-1',
    });
    expect(legacyOwner('INTEGRATOR', 'sms', null)).toEqual({ submittedBy: 'integrator:sms', reporterId: null });
    expect(legacyOwner('PUBLIC', 'anonymous', 'warga-2')).toEqual({
      submittedBy: 'public',
      reporterId: 'reporter:warga-2',
    });
    expect(legacyOwner('ADMIN', 'admin-1', 'warga-3')).toEqual({
      submittedBy: 'staff:admin-1',
      reporterId: 'reporter:warga-3',
    });
  });
  it('find a reporter’s data under their principal and the bare id it was sealed under before', () => {
    expect(dataSubjectsOf('reporter:warga%2F1')).toEqual(['reporter:warga%2F1', 'warga/1']);
    expect(dataSubjectsOf('integrator:sms/ref:u-7')).toEqual(['integrator:sms/ref:u-7']);
    expect(dataSubjectsOf('reporter:%E0%A4%A')).toEqual(['reporter:%E0%A4%A']);
  });
});
