import {
  Args,
  Context,
  Field,
  Float,
  ID,
  InputType,
  Int,
  ObjectType,
  Parent,
  Query,
  registerEnumType,
  ResolveField,
  Resolver,
} from '@nestjs/graphql';
import { InjectDataSource } from '@nestjs/typeorm';
import { IsIn, IsOptional, Matches } from 'class-validator';
import type { DataSource } from 'typeorm';
import { AGENCY_TYPES } from '../../contexts/agencies/agency.js';
import { DomainError } from '../../contexts/domain-error.js';
import {
  agencyRanking,
  medianHours,
  performanceSummary,
  RANKING_ORDERS,
  type RankingOrder,
} from '../../projections/agency-performance/agency-ranking.query.js';
import { batchLoader } from '../graphql/batch-loader.js';
import { assertPageSize, PageInfo } from '../graphql/connection.js';
import { AgencyTypeEnum } from '../graphql/enums.js';
import { FilterArg } from '../graphql/filter-arg.js';
import { assertDayPeriod } from '../graphql/period.js';
import { DateScalar } from '../graphql/scalars.js';
import { ProjectionEngine } from '../projection-engine/projection-engine.js';

const RankingOrderEnum = Object.fromEntries(Object.keys(RANKING_ORDERS).map((key) => [key, key])) as {
  [K in RankingOrder]: K;
};
registerEnumType(RankingOrderEnum, { name: 'RankingOrder', description: 'What the ranking orders by, the best first' });

@InputType({ description: 'Which agencies are ranked' })
export class RankingFilter {
  @Field(() => AgencyTypeEnum, { nullable: true }) @IsOptional() @IsIn(AGENCY_TYPES) type?: string | null;
  @Field(() => String, { nullable: true, description: "The agency's region: a Kemendagri code; 61 matches 61.71" })
  @IsOptional()
  @Matches(/^\d{2}(\.\d{2}){0,3}$/, { message: 'regionCode must be a Kemendagri code such as 61.71' })
  regionCode?: string | null;
}

/** The evaluation figures of reports received in a period, for one agency or summed over many. */
@ObjectType({ isAbstract: true })
export class EvaluationFiguresView {
  @Field(() => Int) received!: number;
  @Field(() => Int, { description: 'Dispositioned, no follow-up yet' }) notFollowedUp!: number;
  @Field(() => Int) inProgress!: number;
  @Field(() => Int, { description: 'Resolved or closed' }) resolved!: number;
  @Field(() => Int, { description: "Declined as not the agency's authority" }) declined!: number;
  @Field(() => Int) forwarded!: number;
  @Field(() => Int) escalated!: number;
  @Field(() => Float, { nullable: true, description: 'Followed up / received' }) followUpRate!: number | null;
  @Field(() => Float, { nullable: true, description: 'Resolved / received' }) resolutionRate!: number | null;
  @Field(() => Float, { nullable: true, description: 'Share of the deadlines (first follow-up, completion) met' })
  slaCompliance!: number | null;
  @Field(() => Float, { nullable: true }) averageSatisfaction!: number | null;
}

@ObjectType({ description: 'An agency and its figures for the reports it received in the period' })
export class RankedAgencyView extends EvaluationFiguresView {
  @Field(() => Int, { description: '1 for the best' }) rank!: number;
  @Field(() => ID) agencyId!: string;
  @Field() name!: string;
  @Field(() => AgencyTypeEnum) type!: string;
  @Field(() => String, { nullable: true }) regionCode!: string | null;
  @Field(() => Int, { description: 'Received reports with a first follow-up' }) followedUp!: number;
  /** The ranking's period and read position, for the fields resolved per page (not a GraphQL field). */
  period!: { from: string; to: string; minPosition: string | null };
}

@ObjectType()
export class RankedAgencyEdge {
  @Field() cursor!: string;
  @Field(() => RankedAgencyView) node!: RankedAgencyView;
}

@ObjectType({ description: 'Agencies ranked, Relay style' })
export class AgencyRankingConnection {
  @Field(() => [RankedAgencyEdge]) edges!: RankedAgencyEdge[];
  @Field(() => PageInfo) pageInfo!: PageInfo;
  @Field(() => Int, { description: 'Agencies ranked (those that received a report in the period)' })
  totalCount!: number;
}

@ObjectType({
  description:
    "The figures of every agency agencyRanking lists for the period and filter, summed; the rates computed from the sums as agencyPerformance computes one agency's",
})
export class PerformanceSummary extends EvaluationFiguresView {
  @Field(() => Int, { description: 'Agencies that received at least one report in the period' }) agencies!: number;
}

/** The ranking the evaluations publish, from agency-performance's daily sums; public, counts only. */
@Resolver()
export class AgencyRankingResolver {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly engine: ProjectionEngine,
  ) {}

  @Query(() => AgencyRankingConnection, {
    description: 'Agencies ranked by their figures for the reports they received in [from, to) (WIB days)',
  })
  async agencyRanking(
    @Args('from', { type: () => DateScalar, description: 'The first WIB day counted' }) from: string,
    @Args('to', { type: () => DateScalar, description: 'The first WIB day not counted' }) to: string,
    @FilterArg(RankingFilter) filter: RankingFilter | null,
    @Args('orderBy', { type: () => RankingOrderEnum, defaultValue: 'FOLLOW_UP_RATE' }) orderBy: RankingOrder,
    @Args('first', { type: () => Int, defaultValue: 20 }) first: number,
    @Args('after', { type: () => String, nullable: true }) after: string | null,
    @Args('minPosition', { type: () => String, nullable: true }) minPosition: string | null,
  ): Promise<AgencyRankingConnection> {
    assertPageSize(first);
    assertDayPeriod(from, to, 11_000);
    const offset = after ? decodeOffset(after) : 0;
    const db = await this.engine.readModel(minPosition, 'agency-performance');
    const { agencies, totalCount } = await agencyRanking(db, {
      from,
      to,
      type: filter?.type ?? null,
      regionCode: filter?.regionCode ?? null,
      orderBy,
      first,
      offset,
    });
    const period = { from, to, minPosition };
    const edges = agencies.map((agency) => ({ cursor: encodeOffset(agency.rank), node: { ...agency, period } }));
    return {
      edges,
      pageInfo: { hasNextPage: offset + agencies.length < totalCount, endCursor: edges.at(-1)?.cursor ?? null },
      totalCount,
    };
  }

  @Query(() => PerformanceSummary, {
    description:
      'The national figures (or those of the agencies the filter names) for the reports received in [from, to) (WIB days): the sums of agencyRanking',
  })
  async performanceSummary(
    @Args('from', { type: () => DateScalar, description: 'The first WIB day counted' }) from: string,
    @Args('to', { type: () => DateScalar, description: 'The first WIB day not counted' }) to: string,
    @FilterArg(RankingFilter) filter: RankingFilter | null,
    @Args('minPosition', { type: () => String, nullable: true }) minPosition: string | null,
  ): Promise<PerformanceSummary> {
    assertDayPeriod(from, to, 11_000);
    const db = await this.engine.readModel(minPosition, 'agency-performance');
    return performanceSummary(db, {
      from,
      to,
      type: filter?.type ?? null,
      regionCode: filter?.regionCode ?? null,
    });
  }
}

/** A ranked agency's median hours to the first response, read for a whole page in one query, and only when asked for. */
@Resolver(() => RankedAgencyView)
export class RankedAgencyFieldsResolver {
  constructor(private readonly engine: ProjectionEngine) {}

  @ResolveField(() => Float, {
    nullable: true,
    description: 'Median hours from receipt to the first response of the reports received in the period',
  })
  async medianHoursToFirstResponse(
    @Parent() agency: RankedAgencyView,
    @Context() context: object,
  ): Promise<number | null> {
    const { from, to, minPosition } = agency.period;
    const loader = batchLoader(context, `medianHours:${from}:${to}:${minPosition ?? ''}`, async (ids) =>
      medianHours(await this.engine.readModel(minPosition, 'agency-performance'), [...ids], from, to),
    );
    return loader.load(agency.agencyId);
  }
}

function encodeOffset(rank: number): string {
  return Buffer.from(JSON.stringify(['rank', rank])).toString('base64url');
}

function decodeOffset(cursor: string): number {
  try {
    const [tag, rank] = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8')) as [unknown, unknown];
    if (tag !== 'rank' || !Number.isInteger(rank) || (rank as number) < 1 || (rank as number) > 1_000_000)
      throw new Error();
    return rank as number;
  } catch {
    throw new DomainError('BAD_USER_INPUT', 'after is not a cursor this query returned', { argument: 'after' });
  }
}
