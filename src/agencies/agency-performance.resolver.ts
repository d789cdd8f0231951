import { Args, Field, Float, Int, ObjectType, Query, Resolver } from '@nestjs/graphql';
import { InjectDataSource } from '@nestjs/typeorm';
import type { DataSource } from 'typeorm';
import { DomainError } from '../../contexts/domain-error.js';
import { agencyPerformanceFigures } from '../../projections/agency-performance/agency-performance.query.js';
import { ProjectionEngine } from '../projection-engine/projection-engine.js';

@ObjectType({
  description: "An agency's figures for the reports it received in [from, to), as the published evaluations give them",
})
export class AgencyPerformance {
  @Field() agencyId!: string;
  @Field(() => Int) received!: number;
  @Field(() => Int, { description: 'Dispositioned to it, no follow-up yet' }) notFollowedUp!: number;
  @Field(() => Int) inProgress!: number;
  @Field(() => Int, { description: 'Resolved or closed' }) resolved!: number;
  @Field(() => Int, { description: 'Declined as not its authority' }) rejected!: number;
  @Field(() => Int) forwarded!: number;
  @Field(() => Int) escalated!: number;
  @Field(() => Float, { nullable: true, description: 'Share of received reports it followed up' }) followUpRate!:
    number | null;
  @Field(() => Float, { nullable: true, description: 'resolved / received' }) resolutionRate!: number | null;
  @Field(() => Float, { nullable: true, description: 'Share of its deadlines (first follow-up, completion) met' })
  slaCompliance!: number | null;
  @Field(() => Float, { nullable: true }) averageSatisfaction!: number | null;
  @Field(() => Float, { nullable: true }) medianHoursToFirstResponse!: number | null;
}

@Resolver()
export class AgencyPerformanceResolver {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly engine: ProjectionEngine,
  ) {}

  @Query(() => AgencyPerformance, {
    description:
      'Public, like the agency evaluations KemenPANRB publishes. Counts every report the agency received, confidential ones included: counts, never content',
  })
  async agencyPerformance(
    @Args('agencyId') agencyId: string,
    @Args('from') from: string,
    @Args('to') to: string,
    @Args('minPosition', { type: () => String, nullable: true }) minPosition: string | null,
  ): Promise<AgencyPerformance> {
    if (Number.isNaN(Date.parse(from)) || Number.isNaN(Date.parse(to)) || Date.parse(from) >= Date.parse(to)) {
      throw new DomainError('BAD_USER_INPUT', 'from and to must be ISO-8601 instants with from before to');
    }
    await this.engine.readYourWrites(minPosition, 'agency-performance');
    return agencyPerformanceFigures(this.dataSource, agencyId, from, to);
  }
}
