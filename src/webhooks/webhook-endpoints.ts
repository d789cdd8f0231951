import { randomUUID } from 'node:crypto';
import { Inject, Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { DataSource } from 'typeorm';
import { DomainError } from '../../contexts/domain-error.js';
import type { Actor } from '../../contexts/principals/actor.js';
import { principalOf } from '../../contexts/principals/principal.js';
import {
  webhookEndpointDecider,
  webhookEndpointStream,
  type DisableReason,
  type EndpointSettings,
  type WebhookEndpoint,
  type WebhookEndpointCommand,
  type WebhookEndpointEvent,
} from '../../contexts/webhooks/webhook-endpoint.js';
import type { EndpointOwner } from '../../contexts/webhooks/webhook-message.js';
import { AgencyRegistry } from '../agencies/agency-registry.js';
import { permits, type Operation } from '../auth/access-policy.js';
import { CLOCK, type Clock } from '../clock.js';
import { eventMetadata, type CommandOrigin } from '../commands/event-metadata.js';
import { KeyedLock } from '../commands/keyed-lock.js';
import { foldHistory, runDecider } from '../commands/run-command.js';
import { uuidFromName } from '../commands/uuid-from-name.js';
import type { AppConfig } from '../config/config.js';
import { EVENT_STORE, type EventStore } from '../event-store/event-store.port.js';
import { unwrapWithMasterKey, wrapWithMasterKey } from '../privacy/master-key-wrap.js';
import { APP_CONFIG } from '../shared.module.js';
import { checkWebhookUrl, DestinationRefused } from './destination.js';
import {
  exportSigningKey,
  importSigningKey,
  newSigningKey,
  publicKeyText,
  secretText,
  type SigningKey,
} from './webhook-signature.js';
import { isUuid } from '../kernel/uuid.js';

/** How long the key a rotation replaced keeps signing, so receivers can switch without losing a message. */
const ROTATION_OVERLAP_MS = 24 * 60 * 60 * 1000;

export interface EndpointOutcome {
  endpoint: WebhookEndpoint;
  position: bigint | null;
}

/**
 * Webhook endpoints: each an event-sourced stream (who created, changed, disabled it and when),
 * its signing keys in webhook_keys wrapped by the master key. A key is stored before the event that
 * names it is appended, so every recorded key can be read; one whose event never committed is
 * named by nothing and unused.
 */
@Injectable()
export class WebhookEndpoints {
  private readonly keys = new Map<string, SigningKey>();
  private readonly masterKeys: ReadonlyMap<string, Buffer>;

  constructor(
    @Inject(EVENT_STORE) private readonly store: EventStore,
    @InjectDataSource() private readonly dataSource: DataSource,
    @Inject(CLOCK) private readonly clock: Clock,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly streams: KeyedLock,
    private readonly agencies: AgencyRegistry,
  ) {
    this.masterKeys = new Map(config.reporterDataKeys.map((key) => [key.id, key.key]));
  }

  async create(
    settings: EndpointSettings,
    origin: CommandOrigin,
    idempotencyKey: string | null,
  ): Promise<EndpointOutcome & { secret: string }> {
    const owner = ownerOf(origin.actor);
    const endpointId = idempotencyKey
      ? uuidFromName(`webhook-endpoint:${owner.principal}:${idempotencyKey}`)
      : randomUUID();
    if (idempotencyKey && (await this.read(endpointId)).exists)
      throw new DomainError(
        'CONFLICT',
        `This idempotencyKey created webhook endpoint ${endpointId} already; its secret is shown only once. If it was lost, call rotateWebhookSecret`,
        { endpointId },
      );
    await this.checkSettings(settings);
    const { key, keyId } = await this.storeKey(endpointId);
    const outcome = await this.record(
      endpointId,
      { type: 'CreateWebhookEndpoint', endpointId, owner, ...settings, keyId, publicKey: publicKeyText(key) },
      origin,
      'Mutation.createWebhookEndpoint',
    );
    return { ...outcome, secret: secretText(key) };
  }

  async update(endpointId: string, change: Partial<EndpointSettings>, origin: CommandOrigin): Promise<EndpointOutcome> {
    await this.checkSettings(change);
    return this.record(
      endpointId,
      { type: 'UpdateWebhookEndpoint', ...change },
      origin,
      'Mutation.updateWebhookEndpoint',
    );
  }

  async rotate(endpointId: string, origin: CommandOrigin): Promise<EndpointOutcome & { secret: string }> {
    await this.owned(endpointId, origin.actor, 'Mutation.rotateWebhookSecret');
    const { key, keyId } = await this.storeKey(endpointId);
    const previousKeyExpiresAt = new Date(this.clock.now().getTime() + ROTATION_OVERLAP_MS).toISOString();
    const outcome = await this.record(
      endpointId,
      { type: 'RotateWebhookSecret', keyId, publicKey: publicKeyText(key), previousKeyExpiresAt },
      origin,
      'Mutation.rotateWebhookSecret',
    );
    return { ...outcome, secret: secretText(key) };
  }

  disable(endpointId: string, origin: CommandOrigin, reason: DisableReason, note: string | null) {
    return this.record(
      endpointId,
      { type: 'DisableWebhookEndpoint', reason, note },
      origin,
      'Mutation.disableWebhookEndpoint',
    );
  }

  enable(endpointId: string, origin: CommandOrigin) {
    return this.record(endpointId, { type: 'EnableWebhookEndpoint' }, origin, 'Mutation.enableWebhookEndpoint');
  }

  async delete(endpointId: string, origin: CommandOrigin): Promise<EndpointOutcome> {
    const outcome = await this.record(
      endpointId,
      { type: 'DeleteWebhookEndpoint' },
      origin,
      'Mutation.deleteWebhookEndpoint',
    );
    await this.dataSource.query(`DELETE FROM webhook_keys WHERE endpoint_id = $1`, [endpointId]);
    this.keys.clear();
    return outcome;
  }

  /** The endpoint, when the actor may act on it through `operation`; NOT_FOUND otherwise (another owner's endpoint is not confirmed to exist). */
  async owned(endpointId: string, actor: Actor, operation: Operation): Promise<WebhookEndpoint> {
    const endpoint = isUuid(endpointId) ? await this.read(endpointId) : null;
    if (
      !endpoint?.exists ||
      endpoint.deleted ||
      !permits(operation, actor, { endpointOwner: endpoint.owner.principal })
    )
      throw new DomainError('NOT_FOUND', `No webhook endpoint ${endpointId.slice(0, 60)}`);
    return endpoint;
  }

  /** The signing keys by id, unwrapped (kept in memory: a key never changes, and a deleted endpoint's keys are dropped). */
  async signingKeys(keyIds: readonly string[]): Promise<Map<string, SigningKey>> {
    const missing = keyIds.filter((id) => !this.keys.has(id));
    if (missing.length > 0) {
      const rows: { key_id: string; master_key_id: string; wrapped_key: Buffer }[] = await this.dataSource.query(
        `SELECT key_id, master_key_id, wrapped_key FROM webhook_keys WHERE key_id = ANY($1::uuid[])`,
        [missing],
      );
      for (const row of rows) {
        const bytes = unwrapWithMasterKey(
          this.masterKeys,
          row.master_key_id,
          row.wrapped_key,
          `Webhook signing key ${row.key_id} is wrapped by master key "${row.master_key_id}", which REPORTER_DATA_KEYS no longer holds; add it back (after the current key)`,
        );
        this.keys.set(row.key_id, importSigningKey(bytes));
      }
    }
    return new Map(keyIds.flatMap((id) => (this.keys.has(id) ? [[id, this.keys.get(id)!] as const] : [])));
  }

  private async read(endpointId: string): Promise<WebhookEndpoint> {
    return foldHistory<WebhookEndpoint, WebhookEndpointEvent>(
      webhookEndpointDecider,
      await this.store.readStream(webhookEndpointStream(endpointId)),
    );
  }

  private async record(
    endpointId: string,
    command: WebhookEndpointCommand,
    origin: CommandOrigin,
    operation: Operation,
  ): Promise<EndpointOutcome> {
    if (command.type !== 'CreateWebhookEndpoint') await this.owned(endpointId, origin.actor, operation);
    const { state, position } = await runDecider(this.store, this.streams, webhookEndpointDecider, {
      streamId: webhookEndpointStream(endpointId),
      command,
      context: {},
      metadata: eventMetadata(origin, this.clock.now(), command.type),
      freshStream: command.type === 'CreateWebhookEndpoint',
    });
    return { endpoint: state, position };
  }

  private async checkSettings(settings: Partial<EndpointSettings>): Promise<void> {
    if (settings.url !== undefined) {
      try {
        await checkWebhookUrl(settings.url, { allowPrivateNetworks: this.config.webhooks.allowPrivateNetworks });
      } catch (error) {
        if (error instanceof DestinationRefused)
          throw new DomainError('BAD_USER_INPUT', `url: ${error.message}`, { argument: 'url' });
        throw error;
      }
    }
    for (const agencyId of settings.agencyIds ?? []) {
      await this.agencies.agency(agencyId).catch((error: unknown) => {
        throw error instanceof DomainError && error.code === 'NOT_FOUND'
          ? new DomainError('BAD_USER_INPUT', `agencyIds: there is no agency ${agencyId.slice(0, 60)}`)
          : error;
      });
    }
  }

  private async storeKey(endpointId: string): Promise<{ key: SigningKey; keyId: string }> {
    const key = newSigningKey();
    const keyId = randomUUID();
    const master = this.config.reporterDataKeys[0]!;
    await this.dataSource.query(
      `INSERT INTO webhook_keys (key_id, endpoint_id, master_key_id, wrapped_key) VALUES ($1, $2, $3, $4)`,
      [keyId, endpointId, master.id, wrapWithMasterKey(master, exportSigningKey(key))],
    );
    this.keys.set(keyId, key);
    return { key, keyId };
  }
}

/** The owner an endpoint gets from whoever creates it: an admin, or an integrator with its key's agencies. */
function ownerOf(actor: Actor): EndpointOwner {
  if (actor.role !== 'ADMIN' && actor.role !== 'INTEGRATOR')
    throw new DomainError('FORBIDDEN', 'Only admins and integrators have webhook endpoints');
  return {
    principal: principalOf(actor),
    role: actor.role,
    keyAgencies: actor.apiKey?.agencies ? [...actor.apiKey.agencies] : null,
  };
}
