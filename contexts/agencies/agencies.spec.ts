import { describe, expect, it } from '@jest/globals';
import { DomainError } from '../domain-error.js';
import { decideAgency, evolveAgency, NO_AGENCY, type Agency, type AgencyCommand, type AgencyEvent } from './agency.js';
import { addCategory, evolveCategories, renameCategory, type Categories } from './categories.js';

const NOW = new Date('2026-11-23T03:00:00.000Z');
const registered: AgencyEvent = {
  type: 'AgencyRegistered',
  data: { agencyId: 'a-1', name: 'Kota Pontianak', agencyType: 'CITY', parentId: null, regionCode: '61.71' },
};
const given = (events: AgencyEvent[]) => {
  const state = events.reduce<Agency>(evolveAgency, NO_AGENCY);
  return {
    when: (command: AgencyCommand) => ({
      then: (expected: AgencyEvent[]) => expect(decideAgency(command, state, NOW)).toEqual(expected),
      thenThrows: (code: string) =>
        expect(() => decideAgency(command, state, NOW)).toThrow(expect.objectContaining({ code })),
    }),
  };
};

describe('agencies', () => {
  it('register once', () => {
    given([])
      .when({
        type: 'RegisterAgency',
        agencyId: 'a-1',
        name: ' Kota Pontianak ',
        agencyType: 'CITY',
        parentId: null,
        regionCode: '61.71',
      })
      .then([registered]);
    given([registered])
      .when({
        type: 'RegisterAgency',
        agencyId: 'a-1',
        name: 'X',
        agencyType: 'CITY',
        parentId: null,
        regionCode: null,
      })
      .thenThrows('CONFLICT');
    given([registered])
      .when({
        type: 'RegisterAgency',
        agencyId: 'a-1',
        name: 'Kota Pontianak',
        agencyType: 'CITY',
        parentId: null,
        regionCode: '61.71',
      })
      .then([]);
  });
  it('connect and disconnect, recording nothing when nothing changes', () => {
    given([registered])
      .when({ type: 'ConnectAgency', decree: 'SK 12/2019' })
      .then([{ type: 'AgencyConnected', data: { connectedAt: NOW.toISOString(), decree: 'SK 12/2019' } }]);
    const connected = [
      registered,
      { type: 'AgencyConnected', data: { connectedAt: NOW.toISOString(), decree: null } } as const,
    ];
    given(connected).when({ type: 'ConnectAgency', decree: null }).then([]);
    given(connected)
      .when({ type: 'DisconnectAgency', reason: 'SK dicabut' })
      .then([{ type: 'AgencyDisconnected', data: { reason: 'SK dicabut' } }]);
    given([registered]).when({ type: 'DisconnectAgency', reason: null }).then([]);
  });
  it('rename the agency and its units; units belong to their agency', () => {
    given([registered])
      .when({ type: 'RenameAgency', name: 'Pemerintah Kota Pontianak' })
      .then([{ type: 'AgencyRenamed', data: { name: 'Pemerintah Kota Pontianak' } }]);
    given([registered]).when({ type: 'RenameAgency', name: 'X' }).thenThrows('BAD_USER_INPUT');
    const withUnit = [registered, { type: 'UnitAdded', data: { unitId: 'u-1', name: 'Dinas Kesehatan' } } as const];
    given([registered]).when({ type: 'AddUnit', unitId: 'u-1', name: 'Dinas Kesehatan' }).then([withUnit[1]]);
    given(withUnit).when({ type: 'AddUnit', unitId: 'u-1', name: 'Lagi' }).thenThrows('CONFLICT');
    given(withUnit).when({ type: 'AddUnit', unitId: 'u-1', name: 'Dinas Kesehatan' }).then([]);
    given(withUnit)
      .when({ type: 'RenameUnit', unitId: 'u-1', name: 'Dinkes' })
      .then([{ type: 'UnitRenamed', data: { unitId: 'u-1', name: 'Dinkes' } }]);
    given(withUnit).when({ type: 'RenameUnit', unitId: 'u-2', name: 'Dinkes' }).thenThrows('UNIT_NOT_IN_AGENCY');
    expect(withUnit.reduce<Agency>(evolveAgency, NO_AGENCY).units.get('u-1')).toBe('Dinas Kesehatan');
  });
  it('refuse every command but registration for an unknown agency', () =>
    given([]).when({ type: 'ConnectAgency', decree: null }).thenThrows('NOT_FOUND'));
});

describe('the category taxonomy', () => {
  const taxonomy = (...events: ReturnType<typeof addCategory>) =>
    events.reduce<Categories>(evolveCategories, new Map());
  it('has two levels', () => {
    const top = addCategory(new Map(), 'kesejahteraan-sosial', 'Kesejahteraan Sosial', null);
    const sub = addCategory(taxonomy(...top), 'bansos', 'Bantuan Sosial', 'kesejahteraan-sosial');
    expect(sub).toEqual([
      { type: 'CategoryAdded', data: { code: 'bansos', name: 'Bantuan Sosial', parentCode: 'kesejahteraan-sosial' } },
    ]);
    expect(() => addCategory(taxonomy(...top, ...sub), 'pkh', 'PKH', 'bansos')).toThrow(DomainError);
    expect(() => addCategory(taxonomy(...top), 'x', 'Tanpa induk', 'tidak-ada')).toThrow(
      expect.objectContaining({ code: 'NOT_FOUND' }),
    );
    expect(addCategory(taxonomy(...top), 'kesejahteraan-sosial', 'Kesejahteraan Sosial', null)).toEqual([]);
    expect(() => addCategory(taxonomy(...top), 'kesejahteraan-sosial', 'Lagi', null)).toThrow(
      expect.objectContaining({ code: 'CONFLICT' }),
    );
    expect(() => addCategory(new Map(), 'Bad Code', 'Nama', null)).toThrow(
      expect.objectContaining({ code: 'BAD_USER_INPUT' }),
    );
    expect(renameCategory(taxonomy(...top), 'kesejahteraan-sosial', 'Kesos')).toEqual([
      { type: 'CategoryRenamed', data: { code: 'kesejahteraan-sosial', name: 'Kesos' } },
    ]);
  });
});
