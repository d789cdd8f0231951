import { Field, InputType, Int, ObjectType } from '@nestjs/graphql';
import { ArrayMaxSize, IsIn, IsOptional, IsString, IsUUID, Length, type ValidationArguments } from 'class-validator';
import { DISABLE_REASONS, type DisableReason, type WebhookEndpoint } from '../../contexts/webhooks/webhook-endpoint.js';
import { WEBHOOK_EVENT_TYPES } from '../../contexts/webhooks/webhook-message.js';
import type { EndpointStatus } from '../../projections/webhook-outbox/webhook-outbox.projection.js';
import {
  DELIVERY_STATES,
  type DeliveryRow,
  type DeliveryState,
  type EndpointHealth,
} from '../../projections/webhook-outbox/webhook-outbox.queries.js';
import { PageInfo } from '../graphql/connection.js';
import { enumOf } from '../graphql/enums.js';
import { IdempotencyKeyField, PositionField } from '../graphql/mutation-fields.js';

export const WebhookEndpointStatusEnum = enumOf(
  ['ENABLED', 'DISABLED', 'DELETED'] as const satisfies EndpointStatus[],
  'WebhookEndpointStatus',
  'Whether an endpoint is sent messages',
  {
    ENABLED: { description: 'Messages are recorded for it and sent' },
    DISABLED: { description: 'Nothing is recorded for it or sent until it is enabled; see disabledReason' },
    DELETED: { description: "Only on deleteWebhookEndpoint's answer: queries no longer show it" },
  },
);

export const WebhookDisableReasonEnum = enumOf(
  DISABLE_REASONS,
  'WebhookDisableReason',
  'Why an endpoint was disabled',
  {
    BY_REQUEST: { description: 'Its owner or an admin disabled it' },
    GONE: { description: 'It answered HTTP 410 Gone' },
    FAILING: { description: 'Every attempt to reach it failed for 5 days' },
  },
);

export const WebhookDeliveryStateEnum = enumOf(
  DELIVERY_STATES,
  'WebhookDeliveryState',
  'Where a message is in its delivery',
  {
    PENDING: { description: 'To be tried, or tried again at nextAttemptAt' },
    DELIVERED: { description: 'The endpoint answered 2xx' },
    FAILED: { description: 'Every retry failed, or the endpoint answered 410 Gone; redeliverWebhook sends it again' },
    CANCELLED: { description: 'Its endpoint was deleted before it was delivered' },
  },
);

const LEFT_OUT_ON_ANSWERS = "null on a mutation's answer: read it with webhookEndpoints";

@ObjectType({ description: 'Where webhook messages go, and how their delivery is going' })
export class WebhookEndpointView {
  @Field() endpointId!: string;
  @Field() url!: string;
  @Field(() => [String], { nullable: true, description: 'The message types it receives; null for all of them' })
  eventTypes!: string[] | null;
  @Field(() => [String], {
    nullable: true,
    description: 'Only messages about reports with one of these agencies; null for every report its owner may see',
  })
  agencyIds!: string[] | null;
  @Field(() => String, { nullable: true }) description!: string | null;
  @Field(() => WebhookEndpointStatusEnum) status!: EndpointStatus;
  @Field(() => WebhookDisableReasonEnum, { nullable: true, description: 'Null while enabled' })
  disabledReason!: DisableReason | null;
  @Field(() => String, { nullable: true }) disabledNote!: string | null;
  @Field(() => String, { nullable: true }) disabledAt!: string | null;
  @Field({
    description:
      'The whpk_ Ed25519 public key that checks the v1a signatures of the webhook-signature header (base64 of the raw 32 bytes after whpk_)',
  })
  publicKey!: string;
  @Field(() => String, {
    nullable: true,
    description:
      'The public key the last rotation replaced, while it still signs beside the new one (until previousKeyExpiresAt); null otherwise',
  })
  previousPublicKey!: string | null;
  @Field(() => String, { nullable: true }) previousKeyExpiresAt!: string | null;
  @Field({ description: 'The principal that created it (integrator:<id> or staff:<sub>)' }) owner!: string;
  @Field() createdAt!: string;
  @Field() updatedAt!: string;
  @Field(() => Int, { description: 'Its number of changes (the version of its stream)' }) version!: number;
  @Field(() => String, {
    nullable: true,
    description: `Since when every attempt failed (it is disabled after 5 days of this); null while the last one succeeded; ${LEFT_OUT_ON_ANSWERS}`,
  })
  failingSince!: string | null;
  @Field(() => String, { nullable: true, description: `The last delivery answered 2xx; ${LEFT_OUT_ON_ANSWERS}` })
  lastSuccessAt!: string | null;
  @Field(() => String, { nullable: true, description: `The last attempt that failed; ${LEFT_OUT_ON_ANSWERS}` })
  lastFailureAt!: string | null;
  @Field(() => Int, {
    nullable: true,
    description: `Messages waiting to be delivered, retries included; ${LEFT_OUT_ON_ANSWERS}`,
  })
  pendingDeliveries!: number | null;
  @Field(() => String, {
    nullable: true,
    description: `When the oldest of those messages was recorded; null with none, and ${LEFT_OUT_ON_ANSWERS}`,
  })
  oldestPendingAt!: string | null;
  @PositionField() position!: string | null;
}

@ObjectType()
export class CreatedWebhookEndpoint {
  @Field(() => WebhookEndpointView) endpoint!: WebhookEndpointView;
  @Field({
    description:
      'The whsec_ secret that checks the v1 (HMAC-SHA256) signatures, as standardwebhooks takes it. Shown this once: a lost one is replaced with rotateWebhookSecret',
  })
  secret!: string;
  @PositionField() position!: string | null;
}

@ObjectType()
export class RotatedWebhookSecret {
  @Field(() => WebhookEndpointView) endpoint!: WebhookEndpointView;
  @Field({
    description:
      'The new whsec_ secret, shown this once. Messages carry signatures by the new and the previous key until endpoint.previousKeyExpiresAt, so a receiver can switch meanwhile',
  })
  secret!: string;
  @PositionField() position!: string | null;
}

@ObjectType({ description: 'One try to deliver a message' })
export class WebhookAttemptView {
  @Field(() => Int, { description: '1 for the first try' }) attempt!: number;
  @Field() attemptedAt!: string;
  @Field(() => Int, {
    nullable: true,
    description: 'The HTTP status it answered; null when no answer came (see error)',
  })
  status!: number | null;
  @Field(() => Int) durationMs!: number;
  @Field(() => String, { nullable: true, description: 'Why it failed; null when it succeeded' }) error!: string | null;
}

@ObjectType({ description: 'A message for one endpoint about one event, and every attempt to deliver it' })
export class WebhookDeliveryView {
  @Field({
    description: 'The webhook-id header: the same on every attempt and redelivery, so a receiver can drop repeats',
  })
  messageId!: string;
  @Field() endpointId!: string;
  @Field({ description: 'The message type, e.g. report.submitted' }) eventType!: string;
  @Field({ description: 'The id of the event it tells of' }) eventId!: string;
  @Field(() => String, { nullable: true, description: "The report's tracking id, as the payload carries it" })
  trackingId!: string | null;
  @Field({ description: "The event's global position (a bigint as a string; pass as minPosition)" })
  position!: string;
  @Field(() => WebhookDeliveryStateEnum) state!: DeliveryState;
  @Field(() => [WebhookAttemptView], { description: 'Oldest first' }) attempts!: WebhookAttemptView[];
  @Field(() => String, { nullable: true, description: 'When it is tried next; null unless PENDING' })
  nextAttemptAt!: string | null;
  @Field(() => String, { nullable: true }) deliveredAt!: string | null;
  @Field(() => Int, { nullable: true, description: 'The HTTP status of the last attempt' }) lastStatus!: number | null;
  @Field(() => String, { nullable: true, description: 'Why the last failed attempt failed' }) lastError!: string | null;
  @Field({ description: 'When the event was recorded' }) recordedAt!: string;
  @Field({ description: 'The request body, exactly as sent (and signed)' }) payload!: string;
}

@ObjectType()
export class WebhookDeliveryConnection {
  @Field(() => [WebhookDeliveryView]) nodes!: WebhookDeliveryView[];
  @Field(() => PageInfo) pageInfo!: PageInfo;
}

/** Names the values that are not message types, and lists those that are. */
const EVENT_TYPES_MESSAGE = ({ value }: ValidationArguments) => {
  const unknown = ([] as unknown[])
    .concat(value)
    .filter((type) => !(WEBHOOK_EVENT_TYPES as readonly unknown[]).includes(type))
    .map(String);
  return `eventTypes: ${unknown.join(', ')} is not a message type; there are ${WEBHOOK_EVENT_TYPES.join(', ')}`;
};

@InputType()
export class CreateWebhookEndpointInput {
  @Field({
    description:
      'Where messages are POSTed: https, on a public address (the URL is checked now and its address again at every delivery)',
  })
  @IsString()
  @Length(1, 2000, { message: 'url must be 1 to 2000 characters' })
  url!: string;
  @Field(() => [String], { nullable: true, description: 'The message types it receives; leave out for all of them' })
  @IsOptional()
  @ArrayMaxSize(50, { message: 'eventTypes may name at most 50 message types' })
  @IsIn(WEBHOOK_EVENT_TYPES, { each: true, message: EVENT_TYPES_MESSAGE })
  eventTypes?: string[] | null;
  @Field(() => [String], {
    nullable: true,
    description:
      'Only reports with one of these agencies; leave out for every report the caller may see (an API key limited to agencies may name only those)',
  })
  @IsOptional()
  @ArrayMaxSize(500, { message: 'agencyIds may name at most 500 agencies' })
  @IsUUID('all', { each: true, message: 'agencyIds must be agency ids' })
  agencyIds?: string[] | null;
  @Field(() => String, { nullable: true, description: 'What it is for, for people reading the list' })
  @IsOptional()
  @IsString()
  @Length(0, 500, { message: 'description may be at most 500 characters' })
  description?: string | null;
  @IdempotencyKeyField(
    'A retry with the same key creates no second endpoint: it answers CONFLICT naming the endpoint created (its secret is shown only once)',
  )
  idempotencyKey?: string | null;
}

@InputType({ description: 'Only what is given changes' })
export class UpdateWebhookEndpointInput {
  @Field(() => String, { nullable: true, description: 'Left out or null: unchanged' })
  @IsOptional()
  @IsString()
  @Length(1, 2000, { message: 'url must be 1 to 2000 characters' })
  url?: string | null;
  @Field(() => [String], { nullable: true, description: 'Left out: unchanged; null: all message types' })
  @IsOptional()
  @ArrayMaxSize(50, { message: 'eventTypes may name at most 50 message types' })
  @IsIn(WEBHOOK_EVENT_TYPES, { each: true, message: EVENT_TYPES_MESSAGE })
  eventTypes?: string[] | null;
  @Field(() => [String], {
    nullable: true,
    description: 'Left out: unchanged; null: every report the owner may see',
  })
  @IsOptional()
  @ArrayMaxSize(500, { message: 'agencyIds may name at most 500 agencies' })
  @IsUUID('all', { each: true, message: 'agencyIds must be agency ids' })
  agencyIds?: string[] | null;
  @Field(() => String, { nullable: true, description: 'Left out: unchanged; null: none' })
  @IsOptional()
  @IsString()
  @Length(0, 500, { message: 'description may be at most 500 characters' })
  description?: string | null;
}

@InputType({ description: 'Every field narrows the result; leave out what does not matter' })
export class WebhookDeliveryFilter {
  @Field(() => WebhookDeliveryStateEnum, { nullable: true })
  @IsOptional()
  @IsIn(DELIVERY_STATES)
  state?: DeliveryState | null;
  @Field(() => String, { nullable: true, description: 'A message type, e.g. report.submitted' })
  @IsOptional()
  @IsIn(WEBHOOK_EVENT_TYPES, { message: `eventType must be a message type: ${WEBHOOK_EVENT_TYPES.join(', ')}` })
  eventType?: string | null;
}

/**
 * An endpoint as its decider folded it (a mutation's answer: the delivery figures, which the outbox
 * keeps, are null) or as the outbox keeps it with them. The previous key shows only while it signs.
 */
export function toEndpointView(
  endpoint: WebhookEndpoint,
  now: Date,
  extra: { position: string | null; health?: EndpointHealth },
): WebhookEndpointView {
  const previous =
    endpoint.previousKey && Date.parse(endpoint.previousKey.expiresAt) > now.getTime() ? endpoint.previousKey : null;
  const { health } = extra;
  return {
    endpointId: endpoint.endpointId,
    url: endpoint.url,
    eventTypes: endpoint.eventTypes,
    agencyIds: endpoint.agencyIds,
    description: endpoint.description,
    status: endpoint.deleted ? 'DELETED' : endpoint.disabled ? 'DISABLED' : 'ENABLED',
    disabledReason: endpoint.disabled?.reason ?? null,
    disabledNote: endpoint.disabled?.note ?? null,
    disabledAt: endpoint.disabled?.at ?? null,
    publicKey: endpoint.publicKey,
    previousPublicKey: previous?.publicKey ?? null,
    previousKeyExpiresAt: previous?.expiresAt ?? null,
    owner: endpoint.owner.principal,
    createdAt: endpoint.createdAt ?? '',
    updatedAt: endpoint.updatedAt ?? endpoint.createdAt ?? '',
    version: endpoint.version,
    failingSince: health?.failingSince ?? null,
    lastSuccessAt: health?.lastSuccessAt ?? null,
    lastFailureAt: health?.lastFailureAt ?? null,
    pendingDeliveries: health?.pending ?? null,
    oldestPendingAt: health?.oldestPendingAt ?? null,
    position: extra.position,
  };
}

export function toDeliveryView(row: DeliveryRow): WebhookDeliveryView {
  return {
    messageId: row.messageId,
    endpointId: row.endpointId,
    eventType: row.eventType,
    eventId: row.eventId,
    trackingId: trackingIdOf(row.body),
    position: row.position,
    state: row.state,
    attempts: row.attempts,
    nextAttemptAt: row.state === 'PENDING' ? row.nextAttemptAt : null,
    deliveredAt: row.deliveredAt,
    lastStatus: row.lastStatus,
    lastError: row.lastError,
    recordedAt: row.recordedAt,
    payload: row.body,
  };
}

function trackingIdOf(body: string): string | null {
  try {
    const trackingId = (JSON.parse(body) as { data?: { trackingId?: unknown } }).data?.trackingId;
    return typeof trackingId === 'string' ? trackingId : null;
  } catch {
    return null;
  }
}
