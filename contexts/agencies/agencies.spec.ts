import { describe, expect, it } from '@jest/globals';
import { DomainError } from '../domain-error.js';
import {
  connectedAt,
  decideAgency,
  evolveAgency,
  NO_AGENCY,
  type Agency,
  type AgencyCommand,
  type AgencyEvent,
} from './agency.js';
import { addCategory, evolveCategories, renameCategory, type Categories } from './categories.js';

const NOW = new Date('2026-11-23T03:00:00.000Z');
const registered: AgencyEvent = {
  type: 'AgencyRegistered',
  data: { agencyId: 'a-1', name: 'Kota Pontianak', agencyType: 'CITY', parentId: null, regionCode: '61.71' },
};
/** Folds events as recorded at `at` (their occurredAt). */
const fold = (events: AgencyEvent[], at: string | null = NOW.toISOString()) =>
  events.reduce<Agency>((state, event) => evolveAgency(state, event, at), NO_AGENCY);
const given = (events: AgencyEvent[]) => {
  const state = fold(events);
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
      .then([{ type: 'AgencyDisconnected', data: { reason: 'SK dicabut', disconnectedAt: NOW.toISOString() } }]);
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
    expect(fold(withUnit).units.get('u-1')).toBe('Dinas Kesehatan');
  });
  it('refuse every command but registration for an unknown agency', () =>
    given([]).when({ type: 'ConnectAgency', decree: null }).thenThrows('NOT_FOUND'));
});

describe('an agency connected by a decree of the past (effective dates)', () => {
  const decree2016 = new Date('2016-02-29T17:00:00.000Z'); // 1 March 2016, 00:00 WIB
  const connected2016: AgencyEvent = {
    type: 'AgencyConnected',
    data: { connectedAt: decree2016.toISOString(), decree: 'SK 1/2016' },
  };
  const midnight2018 = new Date('2018-06-29T17:00:00.000Z'); // 30 June 2018, 00:00 WIB
  const disconnected2018: AgencyEvent = {
    type: 'AgencyDisconnected',
    data: { reason: 'SK dicabut', disconnectedAt: midnight2018.toISOString() },
  };

  it('connects as of the decree, not as of when it is recorded', () =>
    given([registered])
      .when({ type: 'ConnectAgency', decree: 'SK 1/2016', effectiveAt: decree2016 })
      .then([connected2016]));
  it('disconnects as of the date given', () =>
    given([registered, connected2016])
      .when({ type: 'DisconnectAgency', reason: 'SK dicabut', effectiveAt: midnight2018 })
      .then([disconnected2018]));
  it('refuses an effective date in the future, connecting or disconnecting', () => {
    const tomorrow = new Date(NOW.getTime() + 86_400_000);
    given([registered])
      .when({ type: 'ConnectAgency', decree: null, effectiveAt: tomorrow })
      .thenThrows('BAD_USER_INPUT');
    given([registered, connected2016])
      .when({ type: 'DisconnectAgency', reason: null, effectiveAt: tomorrow })
      .thenThrows('BAD_USER_INPUT');
    given([registered])
      .when({ type: 'ConnectAgency', decree: null, effectiveAt: new Date(Number.NaN) })
      .thenThrows('BAD_USER_INPUT');
  });
  it('refuses a disconnection effective before its connection', () =>
    given([registered, connected2016])
      .when({ type: 'DisconnectAgency', reason: null, effectiveAt: new Date('2015-12-31T00:00:00.000Z') })
      .thenThrows('BAD_USER_INPUT'));
  it('accepts a disconnection effective the instant it was connected (an empty period)', () =>
    given([registered, connected2016])
      .when({ type: 'DisconnectAgency', reason: null, effectiveAt: decree2016 })
      .then([{ type: 'AgencyDisconnected', data: { reason: null, disconnectedAt: decree2016.toISOString() } }]));
  it('refuses a reconnection effective before the last disconnection', () =>
    given([registered, connected2016, disconnected2018])
      .when({ type: 'ConnectAgency', decree: null, effectiveAt: new Date('2017-01-01T00:00:00.000Z') })
      .thenThrows('BAD_USER_INPUT'));
  it('keeps an agency connected already as it is, even told of an earlier decree', () =>
    given([registered, connected2016])
      .when({ type: 'ConnectAgency', decree: 'SK 9/2015', effectiveAt: new Date('2015-06-01T00:00:00.000Z') })
      .then([]));
  it('keeps every period it was connected, and answers whether it was at an instant', () => {
    const reconnected: AgencyEvent = {
      type: 'AgencyConnected',
      data: { connectedAt: '2021-01-10T00:00:00.000Z', decree: null },
    };
    const agency = fold([registered, connected2016, disconnected2018, reconnected]);
    expect(agency.connections).toEqual([
      { from: '2016-02-29T17:00:00.000Z', to: '2018-06-29T17:00:00.000Z' },
      { from: '2021-01-10T00:00:00.000Z', to: null },
    ]);
    expect(agency).toMatchObject({ connected: true, connectedAt: '2021-01-10T00:00:00.000Z' });
    expect(connectedAt(agency, '2016-02-29T16:59:59.999Z')).toBe(false);
    expect(connectedAt(agency, '2016-03-01T00:00:00+07:00')).toBe(true);
    expect(connectedAt(agency, new Date('2018-06-29T16:59:59.999Z'))).toBe(true);
    expect(connectedAt(agency, midnight2018)).toBe(false);
    expect(connectedAt(agency, '2020-01-01T00:00:00.000Z')).toBe(false);
    expect(connectedAt(agency, '2099-01-01T00:00:00.000Z')).toBe(true);
    expect(() => connectedAt(agency, 'kemarin')).toThrow(expect.objectContaining({ code: 'BAD_USER_INPUT' }));
    expect(connectedAt(fold([registered]), NOW)).toBe(false);
  });
  it('folds a version-1 disconnection (no disconnectedAt) as of when it was recorded', () => {
    const v1 = { type: 'AgencyDisconnected', data: { reason: null } } as unknown as AgencyEvent;
    const agency = fold([registered, connected2016, v1], '2019-04-01T02:00:00.000Z');
    expect(agency.connections).toEqual([{ from: '2016-02-29T17:00:00.000Z', to: '2019-04-01T02:00:00.000Z' }]);
    expect(agency.connected).toBe(false);
  });
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
