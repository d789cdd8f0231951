import { Module } from '@nestjs/common';
import { WebhookDispatcher } from './webhook-dispatcher.js';
import { WebhookEndpoints } from './webhook-endpoints.js';
import { WebhooksResolver } from './webhooks.resolver.js';

/** Webhooks: endpoints (event-sourced, their keys wrapped by the master key), the outbox consumer and delivery, the API over both. */
@Module({ providers: [WebhookEndpoints, WebhookDispatcher, WebhooksResolver] })
export class WebhooksModule {}
