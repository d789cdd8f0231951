import { Args, Field, Float, Int, ObjectType, Query, Resolver } from '@nestjs/graphql';
import { InjectDataSource } from '@nestjs/typeorm';
import type { DataSource } from 'typeorm';
import { agencyPerformanceFigures } from '../../projections/agency-performance/agency-performance.query.js';
import { wibDayPeriod } from '../graphql/period.js';
import { DateScalar } from '../graphql/scalars.js';
import { AgencyRegistry } from './agency-registry.js';
import { ProjectionEngine } from '../projection-engine/projection-engine.js';

@ObjectType({
  description:
    "An agency's figures for the reports it received in [from, to) (WIB days), as the published evaluations give them",
})
export class AgencyPerformance {
  @Field() agencyId!: string;
  @Field(() => Int) received!: number;
  @Field(() => Int, { description: 'Dispositioned to it, no follow-up yet' }) notFollowedUp!: number;
  @Field(() => Int) inProgress!: number;
  @Field(() => Int, { description: 'Resolved or closed' }) resolved!: number;
  @Field(() => Int, { description: 'Declined as not its authority' }) declined!: number;
  @Field(() => Int, {
    description: 'Declined as not its authority',
    deprecationReason: 'Use declined: rejected read like rejectReport (archived without follow-up), which it never was',
  })
  rejected!: number;
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
    private readonly registry: AgencyRegistry,
  ) {}

  @Query(() => AgencyPerformance, {
    description:
      'Public, like the agency evaluations KemenPANRB publishes. Counts every report the agency received, confidential ones included: counts, never content',
  })
  async agencyPerformance(
    @Args('agencyId') agencyId: string,
    @Args('from', { type: () => DateScalar, description: 'The first WIB day counted' }) from: string,
    @Args('to', { type: () => DateScalar, description: 'The first WIB day not counted' }) to: string,
    @Args('minPosition', { type: () => String, nullable: true }) minPosition: string | null,
  ): Promise<AgencyPerformance> {
    const period = wibDayPeriod(from, to);
    await this.registry.agency(agencyId);
    const db = await this.engine.readModel(minPosition, 'agency-performance');
    return agencyPerformanceFigures(db, agencyId, period.from, period.to);
  }
}
