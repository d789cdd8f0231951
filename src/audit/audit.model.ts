import { Field, Int, ObjectType } from '@nestjs/graphql';
import type { RecordedEvent } from '../event-store/event-store.port.js';

@ObjectType({ description: 'One stored event of a report, exactly as the store holds it' })
export class AuditEventView {
  @Field(() => Int) streamVersion!: number;
  @Field({ description: 'Global position (a bigint as a string)' }) globalPosition!: string;
  @Field() eventId!: string;
  @Field() type!: string;
  @Field(() => Int) schemaVersion!: number;
  @Field({ description: 'The event data as JSON text' }) data!: string;
  @Field({ description: 'The metadata (actor, channel, correlation, occurredAt) as JSON text' }) metadata!: string;
  @Field() actorId!: string;
  @Field() actorRole!: string;
  @Field(() => String, { nullable: true }) actorAgencyId!: string | null;
  @Field() correlationId!: string;
  @Field() occurredAt!: string;
  @Field({ description: 'When the store recorded it (inside the hash, so it cannot be back-dated unnoticed)' })
  recordedAt!: string;
  @Field({ description: 'Hex SHA-256 chaining it to the previous event of the stream' }) hash!: string;
}

@ObjectType({ description: "The result of checking a report stream's hash chain" })
export class VerifyView {
  @Field() ok!: boolean;
  @Field() streamId!: string;
  @Field(() => Int, { description: 'When ok, the number of events checked; otherwise the first bad version' })
  version!: number;
  @Field(() => String, { nullable: true }) reason!: string | null;
}

@ObjectType({ description: 'A report an agency held at a past moment, in the status it had then' })
export class AgencyCaseView {
  @Field() trackingId!: string;
  @Field() status!: string;
  @Field(() => String, { nullable: true }) unitId!: string | null;
  @Field(() => Int, { description: 'The stream version the state is folded up to' }) version!: number;
}

export function toAuditEventView(event: RecordedEvent): AuditEventView {
  const { actor } = event.metadata;
  return {
    streamVersion: event.streamVersion,
    globalPosition: event.globalPosition.toString(),
    eventId: event.eventId,
    type: event.type,
    schemaVersion: event.schemaVersion,
    data: JSON.stringify(event.data),
    metadata: JSON.stringify(event.metadata),
    actorId: actor.id,
    actorRole: actor.role,
    actorAgencyId: actor.agencyId ?? null,
    correlationId: event.metadata.correlationId,
    occurredAt: event.metadata.occurredAt,
    recordedAt: event.recordedAt.toISOString(),
    hash: event.hash,
  };
}
