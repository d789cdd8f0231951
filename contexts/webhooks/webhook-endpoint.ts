import type { Decider } from '../decider.js';
import { DomainError, unreachable } from '../domain-error.js';
import { WEBHOOK_EVENT_TYPES, type EndpointOwner } from './webhook-message.js';

/**
 * A webhook endpoint, one stream each (`webhook-endpoint-<id>`): who created it, every change, every
 * disabling and why. The signing keys themselves are never in an event (an event cannot be erased);
 * the events name the key by id and carry its public half.
 */

/** BY_REQUEST: its owner or an admin; GONE: it answered HTTP 410; FAILING: every attempt failed for 5 days. */
export const DISABLE_REASONS = ['BY_REQUEST', 'GONE', 'FAILING'] as const;
export type DisableReason = (typeof DISABLE_REASONS)[number];

export interface EndpointSettings {
  url: string;
  /** The message types it receives; null for all of them. */
  eventTypes: string[] | null;
  /** Only reports with one of these agencies; null for every report the owner may see. */
  agencyIds: string[] | null;
  description: string | null;
}

export interface SigningKeyRef {
  keyId: string;
  publicKey: string;
}

export type WebhookEndpointEvent =
  | {
      type: 'WebhookEndpointCreated';
      data: EndpointSettings & SigningKeyRef & { endpointId: string; owner: EndpointOwner };
    }
  | { type: 'WebhookEndpointUpdated'; data: EndpointSettings }
  | { type: 'WebhookSecretRotated'; data: SigningKeyRef & { previousKeyId: string; previousKeyExpiresAt: string } }
  | { type: 'WebhookEndpointDisabled'; data: { reason: DisableReason; note: string | null } }
  | { type: 'WebhookEndpointEnabled'; data: Record<string, never> }
  | { type: 'WebhookEndpointDeleted'; data: Record<string, never> };

export const WEBHOOK_ENDPOINT_EVENT_SCHEMA_VERSIONS: Record<WebhookEndpointEvent['type'], number> = {
  WebhookEndpointCreated: 1,
  WebhookEndpointUpdated: 1,
  WebhookSecretRotated: 1,
  WebhookEndpointDisabled: 1,
  WebhookEndpointEnabled: 1,
  WebhookEndpointDeleted: 1,
};

export const WEBHOOK_ENDPOINT_STREAM_PREFIX = 'webhook-endpoint-';
export const webhookEndpointStream = (endpointId: string) => `${WEBHOOK_ENDPOINT_STREAM_PREFIX}${endpointId}`;

export interface WebhookEndpoint extends EndpointSettings, SigningKeyRef {
  exists: boolean;
  deleted: boolean;
  endpointId: string;
  owner: EndpointOwner;
  /** Why it is disabled; null while enabled. */
  disabled: { reason: DisableReason; note: string | null; at: string | null } | null;
  /** The key replaced by the last rotation, which still signs until it expires. */
  previousKey: (SigningKeyRef & { expiresAt: string }) | null;
  createdAt: string | null;
  updatedAt: string | null;
  version: number;
}

export const INITIAL_ENDPOINT: WebhookEndpoint = {
  exists: false,
  deleted: false,
  endpointId: '',
  owner: { principal: '', role: 'ADMIN', keyAgencies: null },
  url: '',
  eventTypes: null,
  agencyIds: null,
  description: null,
  keyId: '',
  publicKey: '',
  disabled: null,
  previousKey: null,
  createdAt: null,
  updatedAt: null,
  version: 0,
};

export type WebhookEndpointCommand =
  | ({ type: 'CreateWebhookEndpoint'; endpointId: string; owner: EndpointOwner } & EndpointSettings & SigningKeyRef)
  | ({ type: 'UpdateWebhookEndpoint' } & Partial<EndpointSettings>)
  | ({ type: 'RotateWebhookSecret'; previousKeyExpiresAt: string } & SigningKeyRef)
  | { type: 'DisableWebhookEndpoint'; reason: DisableReason; note: string | null }
  | { type: 'EnableWebhookEndpoint' }
  | { type: 'DeleteWebhookEndpoint' };

export function evolveEndpoint(
  state: WebhookEndpoint,
  event: WebhookEndpointEvent,
  at: string | null,
): WebhookEndpoint {
  const next = { ...state, version: state.version + 1, updatedAt: at };
  switch (event.type) {
    case 'WebhookEndpointCreated': {
      const { keyId, publicKey, endpointId, owner, url, eventTypes, agencyIds, description } = event.data;
      return {
        ...next,
        exists: true,
        endpointId,
        owner,
        ...{ url, eventTypes, agencyIds, description, keyId, publicKey },
        createdAt: at,
      };
    }
    case 'WebhookEndpointUpdated':
      return { ...next, ...event.data };
    case 'WebhookSecretRotated':
      return {
        ...next,
        keyId: event.data.keyId,
        publicKey: event.data.publicKey,
        previousKey: { keyId: state.keyId, publicKey: state.publicKey, expiresAt: event.data.previousKeyExpiresAt },
      };
    case 'WebhookEndpointDisabled':
      return { ...next, disabled: { ...event.data, at } };
    case 'WebhookEndpointEnabled':
      return { ...next, disabled: null };
    case 'WebhookEndpointDeleted':
      return { ...next, deleted: true };
    default:
      return unreachable(event);
  }
}

/** What an owner may change, checked before any event is recorded. */
function checkSettings(settings: Partial<EndpointSettings>, owner: EndpointOwner): void {
  const unknown = (settings.eventTypes ?? []).filter(
    (type) => !(WEBHOOK_EVENT_TYPES as readonly string[]).includes(type),
  );
  if (unknown.length > 0)
    throw new DomainError(
      'BAD_USER_INPUT',
      `eventTypes: ${unknown.join(', ')} ${unknown.length === 1 ? 'is' : 'are'} not a message type; there are ${WEBHOOK_EVENT_TYPES.join(', ')}`,
    );
  if (settings.eventTypes?.length === 0)
    throw new DomainError('BAD_USER_INPUT', 'eventTypes must name at least one message type, or be left out for all');
  if (settings.agencyIds?.length === 0)
    throw new DomainError('BAD_USER_INPUT', 'agencyIds must name at least one agency, or be left out for all');
  const beyond = owner.keyAgencies
    ? (settings.agencyIds ?? []).filter((agency) => !owner.keyAgencies!.includes(agency))
    : [];
  if (beyond.length > 0)
    throw new DomainError('FORBIDDEN', `The API key reaches only agencies ${owner.keyAgencies!.join(', ')}`);
}

const sameSettings = (a: EndpointSettings, b: EndpointSettings) =>
  JSON.stringify([a.url, a.eventTypes, a.agencyIds, a.description]) ===
  JSON.stringify([b.url, b.eventTypes, b.agencyIds, b.description]);

/** Creates, changes, disables and deletes endpoints; enabling an enabled one or disabling a disabled one records nothing. */
export const webhookEndpointDecider: Decider<
  WebhookEndpointCommand,
  WebhookEndpoint,
  WebhookEndpointEvent,
  Record<string, never>
> = {
  initial: INITIAL_ENDPOINT,
  evolve: evolveEndpoint,
  schemaVersions: WEBHOOK_ENDPOINT_EVENT_SCHEMA_VERSIONS,
  decide(command, state) {
    if (command.type === 'CreateWebhookEndpoint') {
      if (state.exists) throw new DomainError('CONFLICT', `Webhook endpoint ${command.endpointId} exists already`);
      const { type: _, ...data } = command;
      checkSettings(data, data.owner);
      return [{ type: 'WebhookEndpointCreated', data: { ...data, eventTypes: unique(data.eventTypes) } }];
    }
    if (!state.exists || state.deleted) throw new DomainError('NOT_FOUND', `No webhook endpoint ${state.endpointId}`);
    switch (command.type) {
      case 'UpdateWebhookEndpoint': {
        const { type: _, ...change } = command;
        checkSettings(change, state.owner);
        const settings: EndpointSettings = {
          url: change.url ?? state.url,
          eventTypes: change.eventTypes === undefined ? state.eventTypes : unique(change.eventTypes),
          agencyIds: change.agencyIds === undefined ? state.agencyIds : change.agencyIds,
          description: change.description === undefined ? state.description : change.description,
        };
        return sameSettings(settings, state) ? [] : [{ type: 'WebhookEndpointUpdated', data: settings }];
      }
      case 'RotateWebhookSecret':
        return [
          {
            type: 'WebhookSecretRotated',
            data: {
              keyId: command.keyId,
              publicKey: command.publicKey,
              previousKeyId: state.keyId,
              previousKeyExpiresAt: command.previousKeyExpiresAt,
            },
          },
        ];
      case 'DisableWebhookEndpoint':
        return state.disabled
          ? []
          : [{ type: 'WebhookEndpointDisabled', data: { reason: command.reason, note: command.note } }];
      case 'EnableWebhookEndpoint':
        return state.disabled ? [{ type: 'WebhookEndpointEnabled', data: {} }] : [];
      case 'DeleteWebhookEndpoint':
        return [{ type: 'WebhookEndpointDeleted', data: {} }];
      default:
        return unreachable(command);
    }
  },
};

function unique(types: string[] | null): string[] | null {
  return types === null ? null : [...new Set(types)].sort();
}
