import { Args, Field, Int, ObjectType, Query, Resolver } from '@nestjs/graphql';
import { InjectDataSource } from '@nestjs/typeorm';
import type { DataSource } from 'typeorm';
import { DomainError } from '../../contexts/domain-error.js';
import { topicCounts } from '../../projections/report-status/report-status.queries.js';
import { AgencyRegistry } from '../agencies/agency-registry.js';
import { AgencyTypeEnum } from '../graphql/enums.js';
import { wibDayPeriod } from '../graphql/period.js';
import { DateScalar } from '../graphql/scalars.js';
import { ProjectionEngine } from '../projection-engine/projection-engine.js';

@ObjectType({ description: 'Reports of one category in a period' })
export class TopicCount {
  @Field(() => String, { nullable: true, description: 'Category code; null for reports not yet categorised' })
  category!: string | null;
  @Field(() => String, { nullable: true }) categoryName!: string | null;
  @Field(() => Int) reports!: number;
}

/**
 * topic-statistics: reports per category in any period and region, top N. Served from the
 * report-status read model (each report's category, region and submission time, indexed), so
 * there is no second copy of the same facts to keep in step.
 */
@Resolver()
export class StatisticsResolver {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly engine: ProjectionEngine,
    private readonly registry: AgencyRegistry,
  ) {}

  @Query(() => [TopicCount], {
    description:
      'The most reported categories submitted in [from, to) (WIB days), optionally in one region; public. Counts every report, confidential ones included: that a report exists and its category are counted, never shown',
  })
  async topicStatistics(
    @Args('from', { type: () => DateScalar, description: 'The first WIB day counted' }) from: string,
    @Args('to', { type: () => DateScalar, description: 'The first WIB day not counted' }) to: string,
    @Args('regionCode', { type: () => String, nullable: true }) regionCode: string | null,
    @Args('agencyType', {
      type: () => AgencyTypeEnum,
      nullable: true,
      description: 'Reports with an agency of this type now',
    })
    agencyType: string | null,
    @Args('top', { type: () => Int, defaultValue: 10 }) top: number,
    @Args('minPosition', { type: () => String, nullable: true }) minPosition: string | null,
  ): Promise<TopicCount[]> {
    const period = wibDayPeriod(from, to);
    if (!Number.isInteger(top) || top < 1 || top > 100)
      throw new DomainError('BAD_USER_INPUT', 'top must be between 1 and 100');
    if (regionCode != null && !/^\d{2}(\.\d{2}){0,3}$/.test(regionCode))
      throw new DomainError('BAD_USER_INPUT', 'regionCode must be a Kemendagri code such as 13.76');
    const db = await this.engine.readModel(minPosition, 'report-status');
    const rows = await topicCounts(db, { ...period, regionCode, agencyType, top });
    const taxonomy = await this.registry.categories();
    return rows.map((row) => ({
      ...row,
      categoryName: row.category ? (taxonomy.get(row.category)?.name ?? null) : null,
    }));
  }
}
