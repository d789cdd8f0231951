import type { Decider } from '../decider.js';
import { DomainError, unreachable } from '../domain-error.js';

/**
 * Integrator API keys, one stream for all of them (`api-keys`): issued and revoked by admins. A
 * key acts as its integrator (role INTEGRATOR), limited to the mutations it names and, when it
 * names agencies, to reports not yet routed or routed to one of them. Only a hash of the secret
 * is recorded.
 */
export type ApiKeyEvent =
  | {
      type: 'ApiKeyIssued';
      data: {
        keyId: string;
        integratorId: string;
        name: string;
        secretSha256: string;
        mutations: string[];
        agencies: string[] | null;
      };
    }
  | { type: 'ApiKeyRevoked'; data: { keyId: string; reason: string } };

export const API_KEY_EVENT_SCHEMA_VERSIONS: Record<ApiKeyEvent['type'], number> = { ApiKeyIssued: 1, ApiKeyRevoked: 1 };
export const API_KEYS_STREAM = 'api-keys';

export interface ApiKey extends IssueRequest {
  issuedAt: string;
  issuedBy: string;
  revokedAt: string | null;
}

export type ApiKeys = ReadonlyMap<string, ApiKey>;

/** Folds one recorded event (with when and by whom) into the registry. */
export function evolveApiKeys(keys: ApiKeys, event: ApiKeyEvent, at: string, by: string): ApiKeys {
  const next = new Map(keys);
  switch (event.type) {
    case 'ApiKeyIssued':
      next.set(event.data.keyId, { ...event.data, issuedAt: at, issuedBy: by, revokedAt: null });
      return next;
    case 'ApiKeyRevoked': {
      const key = keys.get(event.data.keyId);
      if (key && !key.revokedAt) next.set(key.keyId, { ...key, revokedAt: at });
      return next;
    }
    default: {
      const unknown: never = event;
      throw new Error(`Unhandled api key event ${JSON.stringify(unknown)}`);
    }
  }
}

type IssueRequest = Extract<ApiKeyEvent, { type: 'ApiKeyIssued' }>['data'];

export type ApiKeyCommand =
  ({ type: 'IssueApiKey' } & IssueRequest) | { type: 'RevokeApiKey'; keyId: string; reason: string };

/** What deciding needs of the keys: which exist, and which are revoked. */
export type KeyStates = ReadonlyMap<string, { revoked: boolean }>;

/**
 * Issues and revokes keys, on the one `api-keys` stream: appended with its expected version, so two
 * instances racing (a key revoked on one, re-issued on the other) decide again on what the other wrote.
 */
export const apiKeysDecider: Decider<
  ApiKeyCommand,
  KeyStates,
  ApiKeyEvent,
  { integratorMutations: readonly string[] }
> = {
  initial: new Map(),
  evolve: (keys, event) =>
    new Map(keys).set(event.data.keyId, {
      revoked: event.type === 'ApiKeyRevoked' || (keys.get(event.data.keyId)?.revoked ?? false),
    }),
  decide(command, keys, { integratorMutations }) {
    switch (command.type) {
      case 'IssueApiKey': {
        const { type: _, ...request } = command;
        if (keys.has(request.keyId)) throw new DomainError('CONFLICT', `API key ${request.keyId} exists already`);
        return [decideIssue(request, integratorMutations)];
      }
      case 'RevokeApiKey': {
        const key = keys.get(command.keyId);
        if (!key) throw new DomainError('NOT_FOUND', `No API key ${command.keyId}`);
        if (key.revoked) throw new DomainError('CONFLICT', `API key ${command.keyId} was revoked already`);
        return [{ type: 'ApiKeyRevoked', data: { keyId: command.keyId, reason: command.reason } }];
      }
      default:
        return unreachable(command);
    }
  },
  schemaVersions: API_KEY_EVENT_SCHEMA_VERSIONS,
};

/** A key may only narrow what integrators may do: every mutation it names must be open to the INTEGRATOR role. */
function decideIssue(request: IssueRequest, integratorMutations: readonly string[]): ApiKeyEvent {
  const beyond = request.mutations.filter((m) => !integratorMutations.includes(m));
  if (beyond.length > 0)
    throw new DomainError(
      'BAD_USER_INPUT',
      `Integrators may not call ${beyond.join(', ')}; a key may name only ${integratorMutations.join(', ')}`,
    );
  if (request.agencies && request.agencies.length === 0)
    throw new DomainError('BAD_USER_INPUT', 'agencies must name at least one agency, or be left out for all');
  return { type: 'ApiKeyIssued', data: { ...request, mutations: [...new Set(request.mutations)].sort() } };
}
