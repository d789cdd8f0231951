import { Args, Field, Float, Int, ObjectType, Query, Resolver } from '@nestjs/graphql';
import { InjectDataSource } from '@nestjs/typeorm';
import type { DataSource } from 'typeorm';
import { DomainError } from '../../contexts/domain-error.js';
import { ProjectionEngine } from '../projection-engine/projection-engine.js';

@ObjectType({ description: "An agency's figures for the reports it received in [from, to), as the published evaluations give them" })
export class AgencyPerformance {
  @Field() agencyId!: string;
  @Field(() => Int) received!: number;
  @Field(() => Int, { description: 'Dispositioned to it, no follow-up yet' }) notFollowedUp!: number;
  @Field(() => Int) inProgress!: number;
  @Field(() => Int, { description: 'Resolved or closed' }) resolved!: number;
  @Field(() => Int, { description: 'Declined as not its authority' }) rejected!: number;
  @Field(() => Int) forwarded!: number;
  @Field(() => Int) escalated!: number;
  @Field(() => Float, { nullable: true, description: 'Share of received reports it followed up' }) followUpRate!: number | null;
  @Field(() => Float, { nullable: true, description: 'resolved / received' }) resolutionRate!: number | null;
  @Field(() => Float, { nullable: true, description: 'Share of its deadlines (first follow-up, completion) met' }) slaCompliance!: number | null;
  @Field(() => Float, { nullable: true }) averageSatisfaction!: number | null;
  @Field(() => Float, { nullable: true }) medianHoursToFirstResponse!: number | null;
}

@Resolver()
export class AgencyPerformanceResolver {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly engine: ProjectionEngine,
  ) {}

  @Query(() => AgencyPerformance, { description: 'Public, like the agency evaluations KemenPANRB publishes' })
  async agencyPerformance(
    @Args('agencyId') agencyId: string,
    @Args('from') from: string,
    @Args('to') to: string,
    @Args('minPosition', { type: () => String, nullable: true }) minPosition: string | null,
  ): Promise<AgencyPerformance> {
    if (Number.isNaN(Date.parse(from)) || Number.isNaN(Date.parse(to)) || Date.parse(from) >= Date.parse(to)) {
      throw new DomainError('BAD_USER_INPUT', 'from and to must be ISO-8601 instants with from before to');
    }
    if (minPosition != null) {
      if (!/^\d{1,19}$/.test(minPosition)) throw new DomainError('BAD_USER_INPUT', 'minPosition is a position a mutation returned (digits)');
      await this.engine.waitFor(BigInt(minPosition), ['agency-performance']);
    }
    const [row] = await this.dataSource.query(
      `SELECT count(*)::int AS received,
              count(*) FILTER (WHERE outcome = 'NOT_FOLLOWED_UP')::int AS not_followed_up,
              count(*) FILTER (WHERE outcome = 'IN_PROGRESS')::int AS in_progress,
              count(*) FILTER (WHERE outcome IN ('RESOLVED', 'CLOSED'))::int AS resolved,
              count(*) FILTER (WHERE outcome = 'DECLINED')::int AS rejected,
              count(*) FILTER (WHERE outcome = 'FORWARDED')::int AS forwarded,
              count(*) FILTER (WHERE outcome = 'ESCALATED')::int AS escalated,
              count(first_response_at)::int AS followed_up,
              sum(deadlines_met)::int AS met, sum(deadlines_missed)::int AS missed,
              avg(rating)::float AS satisfaction,
              percentile_cont(0.5) WITHIN GROUP (ORDER BY extract(epoch FROM first_response_at - received_at) / 3600)::float AS median_hours
         FROM agency_report_performance WHERE agency_id = $1 AND received_at >= $2 AND received_at < $3`,
      [agencyId, from, to],
    );
    const ratio = (part: number, whole: number) => (whole > 0 ? Math.round((part / whole) * 10_000) / 10_000 : null);
    const round = (value: number | null) => (value == null ? null : Math.round(value * 100) / 100);
    return {
      agencyId,
      received: row.received,
      notFollowedUp: row.not_followed_up,
      inProgress: row.in_progress,
      resolved: row.resolved,
      rejected: row.rejected,
      forwarded: row.forwarded,
      escalated: row.escalated,
      followUpRate: ratio(row.followed_up, row.received),
      resolutionRate: ratio(row.resolved, row.received),
      slaCompliance: ratio(row.met ?? 0, (row.met ?? 0) + (row.missed ?? 0)),
      averageSatisfaction: round(row.satisfaction),
      medianHoursToFirstResponse: round(row.median_hours),
    };
  }
}
