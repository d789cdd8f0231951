import type { Decider } from '../decider.js';
import { DomainError, unreachable } from '../domain-error.js';

export const AGENCY_TYPES = [
  'MINISTRY',
  'INSTITUTION',
  'PROVINCE',
  'REGENCY',
  'CITY',
  'SOE',
  'UNIVERSITY',
  'EMBASSY',
  'OTHER',
] as const;
export type AgencyType = (typeof AGENCY_TYPES)[number];

export const agencyStream = (agencyId: string) => `agency-${agencyId}`;

export type AgencyEvent =
  | {
      type: 'AgencyRegistered';
      data: {
        agencyId: string;
        name: string;
        agencyType: AgencyType;
        parentId: string | null;
        regionCode: string | null;
      };
    }
  | { type: 'AgencyRenamed'; data: { name: string } }
  | { type: 'AgencyConnected'; data: { connectedAt: string; decree: string | null } }
  | { type: 'AgencyDisconnected'; data: { reason: string | null } }
  | { type: 'UnitAdded'; data: { unitId: string; name: string } }
  | { type: 'UnitRenamed'; data: { unitId: string; name: string } };

export const AGENCY_EVENT_SCHEMA_VERSIONS: Record<AgencyEvent['type'], number> = {
  AgencyRegistered: 1,
  AgencyRenamed: 1,
  AgencyConnected: 1,
  AgencyDisconnected: 1,
  UnitAdded: 1,
  UnitRenamed: 1,
};

export interface Agency {
  exists: boolean;
  agencyId: string;
  name: string;
  agencyType: AgencyType;
  parentId: string | null;
  regionCode: string | null;
  connected: boolean;
  connectedAt: string | null;
  units: ReadonlyMap<string, string>;
}

export const NO_AGENCY: Agency = {
  exists: false,
  agencyId: '',
  name: '',
  agencyType: 'OTHER',
  parentId: null,
  regionCode: null,
  connected: false,
  connectedAt: null,
  units: new Map(),
};

export function evolveAgency(state: Agency, event: AgencyEvent): Agency {
  switch (event.type) {
    case 'AgencyRegistered':
      return { ...NO_AGENCY, exists: true, ...event.data };
    case 'AgencyRenamed':
      return { ...state, name: event.data.name };
    case 'AgencyConnected':
      return { ...state, connected: true, connectedAt: event.data.connectedAt };
    case 'AgencyDisconnected':
      return { ...state, connected: false };
    case 'UnitAdded':
    case 'UnitRenamed':
      return { ...state, units: new Map(state.units).set(event.data.unitId, event.data.name) };
    default:
      return unreachable(event);
  }
}

export type AgencyCommand =
  | {
      type: 'RegisterAgency';
      agencyId: string;
      name: string;
      agencyType: AgencyType;
      parentId: string | null;
      regionCode: string | null;
    }
  | { type: 'RenameAgency'; name: string }
  | { type: 'ConnectAgency'; decree: string | null }
  | { type: 'DisconnectAgency'; reason: string | null }
  | { type: 'AddUnit'; unitId: string; name: string }
  | { type: 'RenameUnit'; unitId: string; name: string };

/**
 * Refuses what cannot be; repeating what is already so (connect a connected agency, register the
 * same agency or add the same unit again) records nothing.
 */
export function decideAgency(command: AgencyCommand, state: Agency, now: Date): AgencyEvent[] {
  if (command.type !== 'RegisterAgency' && !state.exists) throw new DomainError('NOT_FOUND', 'No such agency');
  switch (command.type) {
    case 'RegisterAgency':
      if (state.exists) {
        // The same registration again (a retry with its idempotency key) records nothing.
        const same =
          state.name === command.name.trim() &&
          state.agencyType === command.agencyType &&
          state.parentId === command.parentId &&
          state.regionCode === command.regionCode;
        if (same) return [];
        throw new DomainError('CONFLICT', `Agency ${command.agencyId} is registered already, with other details`);
      }
      return [
        {
          type: 'AgencyRegistered',
          data: {
            agencyId: command.agencyId,
            name: name(command.name),
            agencyType: command.agencyType,
            parentId: command.parentId,
            regionCode: command.regionCode,
          },
        },
      ];
    case 'RenameAgency':
      return name(command.name) === state.name ? [] : [{ type: 'AgencyRenamed', data: { name: name(command.name) } }];
    case 'ConnectAgency':
      return state.connected
        ? []
        : [{ type: 'AgencyConnected', data: { connectedAt: now.toISOString(), decree: command.decree } }];
    case 'DisconnectAgency':
      return state.connected ? [{ type: 'AgencyDisconnected', data: { reason: command.reason } }] : [];
    case 'AddUnit':
      if (state.units.get(command.unitId) === name(command.name)) return [];
      if (state.units.has(command.unitId))
        throw new DomainError('CONFLICT', `Unit ${command.unitId} exists already, with another name`);
      return [{ type: 'UnitAdded', data: { unitId: command.unitId, name: name(command.name) } }];
    case 'RenameUnit':
      if (!state.units.has(command.unitId))
        throw new DomainError('UNIT_NOT_IN_AGENCY', `Unit ${command.unitId} does not belong to ${state.name}`);
      return [{ type: 'UnitRenamed', data: { unitId: command.unitId, name: name(command.name) } }];
    default:
      return unreachable(command);
  }
}

function name(raw: string): string {
  const trimmed = raw.trim();
  if (trimmed.length < 2 || trimmed.length > 200)
    throw new DomainError('BAD_USER_INPUT', 'A name has 2 to 200 characters');
  return trimmed;
}

/** An agency's stream decided: connecting and disconnecting take their time from the context. */
export const agencyDecider: Decider<AgencyCommand, Agency, AgencyEvent, { now: Date }> = {
  initial: NO_AGENCY,
  evolve: (state, event) => evolveAgency(state, event),
  decide: (command, state, { now }) => decideAgency(command, state, now),
  schemaVersions: AGENCY_EVENT_SCHEMA_VERSIONS,
};
