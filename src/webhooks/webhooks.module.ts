import { Module } from '@nestjs/common';
import { WebhookDispatcher } from './webhook-dispatcher.js';
import { WebhookEndpoints } from './webhook-endpoints.js';
import { WebhookPruner } from './webhook-pruner.js';
import { WebhooksResolver } from './webhooks.resolver.js';

/** Webhooks: endpoints (event-sourced, their keys wrapped by the master key), the outbox consumer, delivery and pruning, the API over them. */
@Module({ providers: [WebhookEndpoints, WebhookDispatcher, WebhookPruner, WebhooksResolver] })
export class WebhooksModule {}
