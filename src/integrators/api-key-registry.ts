import { createHash, randomBytes, randomUUID, timingSafeEqual } from 'node:crypto';
import { Inject, Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { DataSource } from 'typeorm';
import {
  API_KEYS_STREAM,
  apiKeysDecider,
  evolveApiKeys,
  type ApiKey,
  type ApiKeyCommand,
  type ApiKeyEvent,
  type ApiKeys,
} from '../../contexts/integrators/api-keys.js';
import { DomainError } from '../../contexts/domain-error.js';
import type { Actor } from '../../contexts/principals/actor.js';
import { principalOf } from '../../contexts/principals/principal.js';
import { ACCESS_POLICY } from '../auth/access-policy.js';
import { UnauthenticatedError } from '../auth/token-verifier.js';
import { CLOCK, type Clock } from '../clock.js';
import { eventMetadata } from '../commands/event-metadata.js';
import { KeptStream } from '../commands/kept-stream.js';
import { KeyedLock } from '../commands/keyed-lock.js';
import { runDecider } from '../commands/run-command.js';
import { uuidFromName } from '../commands/uuid-from-name.js';
import { EVENT_STORE, type EventStore } from '../event-store/event-store.port.js';
import type { CommandOrigin } from '../commands/event-metadata.js';

/** How stale this instance's copy of the key registry may be: a revocation made elsewhere holds within this. */
const REFRESH_MS = 2_000;
/** last_used_at is written at most this often per key and instance. */
const TOUCH_MS = 60_000;
const KEY_FORMAT = /^aduan_([0-9a-f]{32})_([A-Za-z0-9_-]{43})$/;

/** The mutations a key may be limited to: those the matrix opens to integrators. */
export const INTEGRATOR_MUTATIONS = Object.entries(ACCESS_POLICY)
  .filter(([operation, rule]) => operation.startsWith('Mutation.') && rule.INTEGRATOR)
  .map(([operation]) => operation.slice('Mutation.'.length));

/**
 * Issues, revokes and checks integrator API keys (`X-Api-Key: aduan_<id>_<secret>`). The registry
 * is the `api-keys` stream folded in memory, topped up from the stream when older than REFRESH_MS;
 * the secret is shown once and only its SHA-256 is recorded.
 */
@Injectable()
export class ApiKeyRegistry {
  private readonly keys: KeptStream<ApiKeys>;
  private readonly touched = new Map<string, number>();

  constructor(
    @Inject(EVENT_STORE) private readonly store: EventStore,
    @InjectDataSource() private readonly dataSource: DataSource,
    @Inject(CLOCK) private readonly clock: Clock,
    private readonly streams: KeyedLock,
  ) {
    this.keys = new KeptStream<ApiKeys>(store, API_KEYS_STREAM, new Map(), (keys, event) =>
      evolveApiKeys(
        keys,
        { type: event.type, data: event.data } as ApiKeyEvent,
        event.recordedAt.toISOString(),
        event.metadata.actor.id,
      ),
    );
  }

  async authenticate(header: string): Promise<Actor> {
    const match = KEY_FORMAT.exec(header.trim());
    if (!match) throw new UnauthenticatedError('The X-Api-Key header is not an aduan API key (aduan_<id>_<secret>)');
    const key = (await this.keys.current(REFRESH_MS)).get(uuidOf(match[1]!));
    if (!key || !timingSafeEqual(Buffer.from(sha256(match[2]!), 'hex'), Buffer.from(key.secretSha256, 'hex')))
      throw new UnauthenticatedError('The API key is not valid');
    if (key.revokedAt) throw new UnauthenticatedError(`The API key was revoked at ${key.revokedAt}`);
    this.touch(key.keyId);
    return {
      id: key.integratorId,
      role: 'INTEGRATOR',
      apiKey: { id: key.keyId, mutations: key.mutations, agencies: key.agencies },
    };
  }

  async issue(
    request: { integratorId: string; name: string; mutations: string[]; agencies: string[] | null },
    origin: CommandOrigin,
    idempotencyKey: string | null = null,
  ): Promise<{ key: ApiKey; secret: string; position: bigint }> {
    const keyId = idempotencyKey
      ? uuidFromName(`api-key:${principalOf(origin.actor)}:${idempotencyKey}`)
      : randomUUID();
    if (idempotencyKey) {
      // The secret was shown once and only its hash is kept: a retry cannot show it again, nor issue a second key.
      if ((await this.keys.current(0)).has(keyId))
        throw new DomainError(
          'CONFLICT',
          `This idempotencyKey issued API key ${keyId} already; its secret is shown only once. If it was lost, revoke that key and issue another`,
          { keyId },
        );
    }
    const secret = randomBytes(32).toString('base64url');
    const position = await this.record(
      { type: 'IssueApiKey', keyId, ...request, secretSha256: sha256(secret) },
      origin,
    );
    return {
      key: (await this.keys.current(REFRESH_MS)).get(keyId)!,
      secret: `aduan_${keyId.replaceAll('-', '')}_${secret}`,
      position,
    };
  }

  async revoke(keyId: string, reason: string, origin: CommandOrigin): Promise<{ key: ApiKey; position: bigint }> {
    const position = await this.record({ type: 'RevokeApiKey', keyId, reason }, origin);
    return { key: (await this.keys.current(REFRESH_MS)).get(keyId)!, position };
  }

  async list(): Promise<(ApiKey & { lastUsedAt: string | null })[]> {
    const keys = await this.keys.current(0);
    const used: { key_id: string; last_used_at: Date }[] = await this.dataSource.query(
      `SELECT key_id, last_used_at FROM api_key_usage`,
    );
    const lastUsed = new Map(used.map((row) => [row.key_id, row.last_used_at.toISOString()]));
    return [...keys.values()].map((key) => ({ ...key, lastUsedAt: lastUsed.get(key.keyId) ?? null }));
  }

  private async record(command: ApiKeyCommand, origin: CommandOrigin): Promise<bigint> {
    const { position } = await runDecider(this.store, this.streams, apiKeysDecider, {
      streamId: API_KEYS_STREAM,
      command,
      context: { integratorMutations: INTEGRATOR_MUTATIONS },
      metadata: eventMetadata(origin, this.clock.now(), command.type),
    });
    await this.keys.recorded(position);
    return position!;
  }

  /** Records when a key was last used, at most once a minute per key and instance, without holding up the request. */
  private touch(keyId: string): void {
    const now = this.clock.now();
    if (now.getTime() - (this.touched.get(keyId) ?? -Infinity) < TOUCH_MS) return;
    this.touched.set(keyId, now.getTime());
    this.dataSource
      .query(
        `INSERT INTO api_key_usage (key_id, last_used_at) VALUES ($1, $2) ON CONFLICT (key_id) DO UPDATE SET last_used_at = greatest(api_key_usage.last_used_at, excluded.last_used_at)`,
        [keyId, now],
      )
      .catch(() => this.touched.delete(keyId));
  }
}

function sha256(text: string): string {
  return createHash('sha256').update(text).digest('hex');
}

function uuidOf(hex: string): string {
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}
