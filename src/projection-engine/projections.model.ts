import { Field, Int, ObjectType } from '@nestjs/graphql';

/** A read model's progress, as projections reports it. */
@ObjectType()
export class ProjectionStatusView {
  @Field() name!: string;
  @Field({ description: 'Global position of the last event applied' }) position!: string;
  @Field(() => Int, { description: 'Events not yet applied' }) lagEvents!: number;
  @Field({ description: 'Age of the oldest event not yet applied, in seconds' }) lagSeconds!: number;
  @Field(() => String, { nullable: true }) lastError!: string | null;
  @Field(() => String, { nullable: true, description: 'The event it is stuck at' }) failedPosition!: string | null;
  @Field({ description: 'Whether the instance that answered runs it' }) runningHere!: boolean;
}
