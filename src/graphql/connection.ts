import { Field, ObjectType } from '@nestjs/graphql';
import { DomainError } from '../../contexts/domain-error.js';

@ObjectType()
export class PageInfo {
  @Field() hasNextPage!: boolean;
  @Field(() => String, { nullable: true }) endCursor!: string | null;
}

/** Pages hold 1 to 100 items. */
export function assertPageSize(first: number): void {
  if (!Number.isInteger(first) || first < 1 || first > 100)
    throw new DomainError('BAD_USER_INPUT', 'first must be between 1 and 100', { argument: 'first' });
}
