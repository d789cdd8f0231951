import { Inject } from '@nestjs/common';
import { Args, Context, Int, Mutation, Query, Resolver } from '@nestjs/graphql';
import { InjectDataSource } from '@nestjs/typeorm';
import type { DataSource } from 'typeorm';
import { DomainError } from '../../contexts/domain-error.js';
import type { Actor } from '../../contexts/principals/actor.js';
import { principalOf } from '../../contexts/principals/principal.js';
import type { EndpointSettings } from '../../contexts/webhooks/webhook-endpoint.js';
import { WEBHOOK_OUTBOX } from '../../projections/webhook-outbox/webhook-outbox.projection.js';
import {
  deliveriesOf,
  endpointsOf,
  messageEndpoint,
  requeueMessage,
} from '../../projections/webhook-outbox/webhook-outbox.queries.js';
import { permits } from '../auth/access-policy.js';
import { CurrentActor, type RequestContext } from '../auth/current-actor.js';
import { CLOCK, type Clock } from '../clock.js';
import type { CommandOrigin } from '../commands/event-metadata.js';
import { assertPageSize } from '../graphql/connection.js';
import { FilterArg } from '../graphql/filter-arg.js';
import { positionText } from '../graphql/mutation-fields.js';
import { ProjectionEngine } from '../projection-engine/projection-engine.js';
import {
  CreatedWebhookEndpoint,
  CreateWebhookEndpointInput,
  RotatedWebhookSecret,
  toDeliveryView,
  toEndpointView,
  UpdateWebhookEndpointInput,
  WebhookDeliveryConnection,
  WebhookDeliveryFilter,
  WebhookDeliveryView,
  WebhookEndpointView,
} from './webhook.model.js';
import { WebhookDispatcher } from './webhook-dispatcher.js';
import { WebhookEndpoints, type EndpointOutcome } from './webhook-endpoints.js';

const MAX_NOTE_LENGTH = 500;

/**
 * Webhook endpoints and their deliveries, for admins (all of them) and integrators (their own, the
 * access matrix says so). Changes go through the endpoints' decider; what was sent and how it went
 * comes from the webhook-outbox tables, so `minPosition` waits for that consumer.
 */
@Resolver()
export class WebhooksResolver {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    @Inject(CLOCK) private readonly clock: Clock,
    private readonly endpoints: WebhookEndpoints,
    private readonly engine: ProjectionEngine,
    private readonly dispatcher: WebhookDispatcher,
  ) {}

  @Query(() => [WebhookEndpointView], {
    description:
      'Webhook endpoints that are not deleted, oldest first: all of them for admins, their own for integrators',
  })
  async webhookEndpoints(
    @CurrentActor() actor: Actor,
    @Args('minPosition', {
      type: () => String,
      nullable: true,
      description: 'A position a mutation returned: wait until the list includes it',
    })
    minPosition: string | null,
  ): Promise<WebhookEndpointView[]> {
    const db = await this.engine.readModel(minPosition, WEBHOOK_OUTBOX);
    // No endpoint named: only a cell that reaches any endpoint (ANY) covers; everyone else sees their own.
    const owner = permits('Query.webhookEndpoints', actor) ? null : principalOf(actor);
    const now = this.clock.now();
    return (await endpointsOf(db, owner)).map((health) =>
      toEndpointView(health.endpoint, now, { position: null, health }),
    );
  }

  @Query(() => WebhookDeliveryConnection, {
    description: "An endpoint's messages, the newest event first, each with every attempt to deliver it",
  })
  async webhookDeliveries(
    @CurrentActor() actor: Actor,
    @Args('endpointId') endpointId: string,
    @FilterArg(WebhookDeliveryFilter) filter: WebhookDeliveryFilter | null,
    @Args('first', { type: () => Int, defaultValue: 20 }) first: number,
    @Args('after', { type: () => String, nullable: true }) after: string | null,
    @Args('minPosition', {
      type: () => String,
      nullable: true,
      description: 'A position (of a report mutation, say): wait until the messages it caused are listed',
    })
    minPosition: string | null,
  ): Promise<WebhookDeliveryConnection> {
    assertPageSize(first);
    await this.endpoints.owned(endpointId, actor, 'Query.webhookDeliveries');
    const db = await this.engine.readModel(minPosition, WEBHOOK_OUTBOX);
    const page = await deliveriesOf(db, endpointId, filter, first, after);
    return {
      nodes: page.nodes.map(toDeliveryView),
      pageInfo: { hasNextPage: page.hasNextPage, endCursor: page.endCursor },
    };
  }

  @Mutation(() => CreatedWebhookEndpoint, {
    description:
      'Starts sending messages to a URL, each signed with a new key pair (v1 HMAC with the secret, v1a Ed25519 with publicKey)',
  })
  async createWebhookEndpoint(
    @Args('input') input: CreateWebhookEndpointInput,
    @CurrentActor() actor: Actor,
    @Context() context: RequestContext,
  ): Promise<CreatedWebhookEndpoint> {
    const { idempotencyKey, url, eventTypes, agencyIds, description } = input;
    const { endpoint, position, secret } = await this.endpoints.create(
      { url, eventTypes: eventTypes ?? null, agencyIds: agencyIds ?? null, description: description ?? null },
      origin(actor, context),
      idempotencyKey ?? null,
    );
    return { endpoint: this.answer({ endpoint, position }), secret, position: positionText(position) };
  }

  @Mutation(() => WebhookEndpointView, {
    description: 'Changes what an endpoint receives and where; nothing is recorded when nothing changes',
  })
  async updateWebhookEndpoint(
    @Args('endpointId') endpointId: string,
    @Args('input') input: UpdateWebhookEndpointInput,
    @CurrentActor() actor: Actor,
    @Context() context: RequestContext,
  ): Promise<WebhookEndpointView> {
    // Left out (undefined) is unchanged; an explicit null is "all" for the lists and "none" for the description.
    const change: Partial<EndpointSettings> = {
      ...(input.url != null ? { url: input.url } : {}),
      ...(input.eventTypes !== undefined ? { eventTypes: input.eventTypes } : {}),
      ...(input.agencyIds !== undefined ? { agencyIds: input.agencyIds } : {}),
      ...(input.description !== undefined ? { description: input.description } : {}),
    };
    return this.answer(await this.endpoints.update(endpointId, change, origin(actor, context)));
  }

  @Mutation(() => RotatedWebhookSecret, {
    description:
      'Replaces the signing keys (a lost secret, say); the previous key keeps signing beside the new one for 24 hours',
  })
  async rotateWebhookSecret(
    @Args('endpointId') endpointId: string,
    @CurrentActor() actor: Actor,
    @Context() context: RequestContext,
  ): Promise<RotatedWebhookSecret> {
    const { endpoint, position, secret } = await this.endpoints.rotate(endpointId, origin(actor, context));
    return { endpoint: this.answer({ endpoint, position }), secret, position: positionText(position) };
  }

  @Mutation(() => WebhookEndpointView, {
    description:
      'Stops sending to an endpoint: messages of events from now on are not recorded for it, and those pending wait until it is enabled. Disabling a disabled endpoint changes nothing',
  })
  async disableWebhookEndpoint(
    @Args('endpointId') endpointId: string,
    @Args('note', {
      type: () => String,
      nullable: true,
      description: 'Why, for whoever reads it later (at most 500 characters)',
    })
    note: string | null,
    @CurrentActor() actor: Actor,
    @Context() context: RequestContext,
  ): Promise<WebhookEndpointView> {
    if (note != null && note.length > MAX_NOTE_LENGTH)
      throw new DomainError('BAD_USER_INPUT', `note may be at most ${MAX_NOTE_LENGTH} characters`, {
        argument: 'note',
      });
    return this.answer(await this.endpoints.disable(endpointId, origin(actor, context), 'BY_REQUEST', note || null));
  }

  @Mutation(() => WebhookEndpointView, {
    description:
      'Sends to an endpoint again, whoever or whatever disabled it: its pending messages first; messages of events while it was disabled are not sent (redeliverWebhook sends one again)',
  })
  async enableWebhookEndpoint(
    @Args('endpointId') endpointId: string,
    @CurrentActor() actor: Actor,
    @Context() context: RequestContext,
  ): Promise<WebhookEndpointView> {
    return this.answer(await this.endpoints.enable(endpointId, origin(actor, context)));
  }

  @Mutation(() => WebhookEndpointView, {
    description:
      'Deletes an endpoint and its signing keys: its pending messages are cancelled, and it is no longer listed (its history stays in the log)',
  })
  async deleteWebhookEndpoint(
    @Args('endpointId') endpointId: string,
    @CurrentActor() actor: Actor,
    @Context() context: RequestContext,
  ): Promise<WebhookEndpointView> {
    return this.answer(await this.endpoints.delete(endpointId, origin(actor, context)));
  }

  @Mutation(() => WebhookDeliveryView, {
    description:
      'Sends a message again now, with the same webhook-id and body and all its retries ahead of it. A message still PENDING is left as it is (it is going to be sent anyway) and returned; a later message about the same report waits until this one is delivered',
  })
  async redeliverWebhook(
    @Args('messageId', { description: 'The webhook-id of the message' }) messageId: string,
    @CurrentActor() actor: Actor,
  ): Promise<WebhookDeliveryView> {
    const notFound = new DomainError('NOT_FOUND', `No webhook message ${messageId.slice(0, 60)}`);
    const endpointId = await messageEndpoint(this.dataSource, messageId);
    if (endpointId === null) throw notFound;
    // Another owner's message reads as no message at all, without naming its endpoint.
    await this.endpoints.owned(endpointId, actor, 'Mutation.redeliverWebhook').catch((error: unknown) => {
      throw error instanceof DomainError && error.code === 'NOT_FOUND' ? notFound : error;
    });
    const row = await requeueMessage(this.dataSource, messageId, this.clock.now());
    if (row === null) throw notFound;
    this.dispatcher.wakeUp();
    return toDeliveryView(row);
  }

  private answer({ endpoint, position }: EndpointOutcome): WebhookEndpointView {
    return toEndpointView(endpoint, this.clock.now(), { position: positionText(position) });
  }
}

function origin(actor: Actor, context: RequestContext): CommandOrigin {
  return { actor, channel: context.channel, correlationId: context.correlationId };
}
