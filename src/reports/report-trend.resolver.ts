import { Args, Field, InputType, Int, ObjectType, Query, registerEnumType, Resolver } from '@nestjs/graphql';
import { InjectDataSource } from '@nestjs/typeorm';
import { IsIn, IsOptional, IsString, IsUUID, Length, Matches } from 'class-validator';
import type { DataSource } from 'typeorm';
import { reportTrend } from '../../projections/report-trend/report-trend.queries.js';
import { AGENCY_TYPES } from '../../contexts/agencies/agency.js';
import { AgencyTypeEnum } from '../graphql/enums.js';
import { FilterArg } from '../graphql/filter-arg.js';
import { assertDayPeriod } from '../graphql/period.js';
import { DateScalar } from '../graphql/scalars.js';
import { ProjectionEngine } from '../projection-engine/projection-engine.js';

export enum TrendInterval {
  DAY = 'day',
  WEEK = 'week',
  MONTH = 'month',
}
registerEnumType(TrendInterval, {
  name: 'TrendInterval',
  description: 'WIB days; weeks start on Monday (ISO 8601); months',
});

/** A DAY trend spans at most three years, longer intervals thirty. */
const MAX_DAYS: Record<TrendInterval, number> = { day: 1_100, week: 11_000, month: 11_000 };

@InputType({ description: 'Every field narrows the trend; the report as it was when each step happened' })
export class TrendFilter {
  @Field(() => String, { nullable: true, description: 'A Kemendagri code; 13 matches 13.76 too' })
  @IsOptional()
  @Matches(/^\d{2}(\.\d{2}){0,3}$/, { message: 'regionCode must be a Kemendagri code such as 13.76' })
  regionCode?: string | null;
  @Field(() => String, { nullable: true, description: 'The agency holding the report after the step' })
  @IsOptional()
  @IsUUID()
  agencyId?: string | null;
  @Field(() => AgencyTypeEnum, {
    nullable: true,
    description: 'Reports with an agency of this type after the step (so none before disposition)',
  })
  @IsOptional()
  @IsIn(AGENCY_TYPES)
  agencyType?: string | null;
  @Field(() => String, { nullable: true, description: 'Known from verification on' })
  @IsOptional()
  @IsString()
  @Length(1, 60)
  category?: string | null;
}

@ObjectType({ description: 'How many reports took each lifecycle step in one period (by when it happened)' })
export class TrendPoint {
  @Field(() => DateScalar, { description: 'The first WIB day of the period' }) period!: string;
  @Field(() => Int) submitted!: number;
  @Field(() => Int) verified!: number;
  @Field(() => Int) dispositioned!: number;
  @Field(() => Int) resolved!: number;
  @Field(() => Int) closed!: number;
  @Field(() => Int) escalated!: number;
}

/** Trends over time from the report-trend read model; public, counts only (confidential reports counted). */
@Resolver()
export class ReportTrendResolver {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly engine: ProjectionEngine,
  ) {}

  @Query(() => [TrendPoint], {
    description:
      'Per period of [from, to): reports submitted, verified, dispositioned, resolved, closed and escalated; every period answered, zeros included',
  })
  async reportTrend(
    @FilterArg(TrendFilter) filter: TrendFilter | null,
    @Args('from', { type: () => DateScalar, description: 'The first WIB day counted' }) from: string,
    @Args('to', { type: () => DateScalar, description: 'The first WIB day not counted' }) to: string,
    @Args('interval', { type: () => TrendInterval, defaultValue: TrendInterval.DAY }) interval: TrendInterval,
    @Args('minPosition', { type: () => String, nullable: true }) minPosition: string | null,
  ): Promise<TrendPoint[]> {
    assertDayPeriod(from, to, MAX_DAYS[interval]);
    const db = await this.engine.readModel(minPosition, 'report-trend');
    return reportTrend(db, { from, to, interval, filter });
  }
}
