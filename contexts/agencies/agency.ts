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
  /** connectedAt: when the connection took effect (the decree's date), not when it was recorded. */
  | { type: 'AgencyConnected'; data: { connectedAt: string; decree: string | null } }
  /**
   * disconnectedAt: when the disconnection took effect. Since schema version 2; version-1 events had
   * none and were recorded when they took effect, so their occurredAt stands for it (evolveAgency's `at`).
   */
  | { type: 'AgencyDisconnected'; data: { reason: string | null; disconnectedAt: string } }
  | { type: 'UnitAdded'; data: { unitId: string; name: string } }
  | { type: 'UnitRenamed'; data: { unitId: string; name: string } };

export const AGENCY_EVENT_SCHEMA_VERSIONS: Record<AgencyEvent['type'], number> = {
  AgencyRegistered: 1,
  AgencyRenamed: 1,
  AgencyConnected: 1,
  AgencyDisconnected: 2,
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
  /** When the current (or, once disconnected, the last) connection took effect. */
  connectedAt: string | null;
  /** Every period the agency was connected, oldest first; only the last may be open (to null). */
  connections: readonly ConnectionPeriod[];
  units: ReadonlyMap<string, string>;
}

/** [from, to) in ISO instants: from the connection's effective date to the disconnection's, if any. */
export interface ConnectionPeriod {
  from: string;
  to: string | null;
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
  connections: [],
  units: new Map(),
};

/** `at`: when the event was recorded (its occurredAt), the effective date of version-1 disconnections. */
export function evolveAgency(state: Agency, event: AgencyEvent, at: string | null): Agency {
  switch (event.type) {
    case 'AgencyRegistered':
      return { ...NO_AGENCY, exists: true, ...event.data };
    case 'AgencyRenamed':
      return { ...state, name: event.data.name };
    case 'AgencyConnected': {
      const from = event.data.connectedAt;
      return { ...state, connected: true, connectedAt: from, connections: [...state.connections, { from, to: null }] };
    }
    case 'AgencyDisconnected': {
      const open = state.connections.at(-1);
      if (!open || open.to !== null) return { ...state, connected: false };
      const { disconnectedAt } = event.data as { disconnectedAt?: string };
      const to = disconnectedAt ?? at ?? open.from;
      return { ...state, connected: false, connections: [...state.connections.slice(0, -1), { from: open.from, to }] };
    }
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
  /** effectiveAt: when the connection took effect (the decree's date); now when left out. */
  | { type: 'ConnectAgency'; decree: string | null; effectiveAt?: Date | null }
  /** effectiveAt: when the disconnection took effect; now when left out. */
  | { type: 'DisconnectAgency'; reason: string | null; effectiveAt?: Date | null }
  | { type: 'AddUnit'; unitId: string; name: string }
  | { type: 'RenameUnit'; unitId: string; name: string };

/**
 * Refuses what cannot be; repeating what is already so (connect a connected agency, register the
 * same agency or add the same unit again) records nothing.
 *
 * Connections and disconnections may take effect in the past (a decree recorded late, a legacy
 * system's history imported), never in the future, and periods never overlap: a connection does not
 * take effect before the last disconnection did, nor a disconnection before its connection. Connecting
 * an agency that is connected records nothing whatever the effective date, an earlier one included:
 * the recorded connection stands (to move it, disconnect and connect again).
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
    case 'ConnectAgency': {
      const at = effective(command.effectiveAt, now);
      if (state.connected) return [];
      const lastEnd = state.connections.at(-1)?.to;
      if (lastEnd && at.getTime() < Date.parse(lastEnd))
        throw new DomainError(
          'BAD_USER_INPUT',
          `The agency was disconnected at ${lastEnd}: a new connection cannot take effect before that`,
        );
      return [{ type: 'AgencyConnected', data: { connectedAt: at.toISOString(), decree: command.decree } }];
    }
    case 'DisconnectAgency': {
      const at = effective(command.effectiveAt, now);
      if (!state.connected) return [];
      if (state.connectedAt && at.getTime() < Date.parse(state.connectedAt))
        throw new DomainError(
          'BAD_USER_INPUT',
          `The agency was connected at ${state.connectedAt}: a disconnection cannot take effect before that`,
        );
      return [{ type: 'AgencyDisconnected', data: { reason: command.reason, disconnectedAt: at.toISOString() } }];
    }
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

/** When a connection or disconnection takes effect: the given date, or now; never in the future. */
function effective(effectiveAt: Date | null | undefined, now: Date): Date {
  if (effectiveAt == null) return now;
  if (Number.isNaN(effectiveAt.getTime())) throw new DomainError('BAD_USER_INPUT', 'The effective date is no date');
  if (effectiveAt.getTime() > now.getTime())
    throw new DomainError('BAD_USER_INPUT', `The effective date ${effectiveAt.toISOString()} is in the future`);
  return effectiveAt;
}

/**
 * Whether the agency was connected at `instant`: some period has from <= instant < to (or no to yet).
 * For readers of a past instant, such as an importer placing a legacy case.
 */
export function connectedAt(agency: Agency, instant: Date | string): boolean {
  const time = typeof instant === 'string' ? Date.parse(instant) : instant.getTime();
  if (Number.isNaN(time)) throw new DomainError('BAD_USER_INPUT', `${String(instant).slice(0, 60)} is no instant`);
  return agency.connections.some(({ from, to }) => Date.parse(from) <= time && (to === null || time < Date.parse(to)));
}

function name(raw: string): string {
  const trimmed = raw.trim();
  if (trimmed.length < 2 || trimmed.length > 200)
    throw new DomainError('BAD_USER_INPUT', 'A name has 2 to 200 characters');
  return trimmed;
}

/** An agency's stream decided: connecting and disconnecting take effect now (the context's) unless told when. */
export const agencyDecider: Decider<AgencyCommand, Agency, AgencyEvent, { now: Date }> = {
  initial: NO_AGENCY,
  evolve: (state, event, at) => evolveAgency(state, event, at),
  decide: (command, state, { now }) => decideAgency(command, state, now),
  schemaVersions: AGENCY_EVENT_SCHEMA_VERSIONS,
};
