import { applyDecorators } from '@nestjs/common';
import { Field } from '@nestjs/graphql';
import { IsOptional, Matches } from 'class-validator';

/** An input's optional idempotency key: a retry with the same key (and caller) creates nothing twice. */
export function IdempotencyKeyField(description: string): PropertyDecorator {
  return applyDecorators(
    Field(() => String, { nullable: true, description }),
    IsOptional(),
    Matches(/^[A-Za-z0-9_.:-]{8,100}$/, { message: 'idempotencyKey must be 8 to 100 letters, digits or _.:-' }),
  );
}

/** The global position a mutation's answer carries, for minPosition on the queries that follow. */
export function PositionField(): PropertyDecorator {
  return Field(() => String, {
    nullable: true,
    description:
      "On a mutation's answer: the global position of its last event, or of the latest event it found when nothing changed (a bigint as a string; pass as minPosition). Null when read by a query",
  });
}

export function positionText(position: bigint | null): string | null {
  return position === null ? null : position.toString();
}
