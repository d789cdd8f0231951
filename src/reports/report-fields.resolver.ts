import { Context, Field, ID, ObjectType, Parent, ResolveField, Resolver } from '@nestjs/graphql';
import { InjectDataSource } from '@nestjs/typeorm';
import type { DataSource } from 'typeorm';
import { agenciesById } from '../../projections/agency-directory/agency-directory.queries.js';
import { batchLoader } from '../graphql/batch-loader.js';
import { AgencyTypeEnum } from '../graphql/enums.js';
import { ReportView } from './report.model.js';

@ObjectType({ description: 'The agency a report is with, as the agency directory read model has it' })
export class ReportAgencyView {
  @Field(() => ID) id!: string;
  @Field() name!: string;
  @Field(() => AgencyTypeEnum) type!: string;
  @Field(() => String, { nullable: true }) regionCode!: string | null;
}

/** Fields of a report that come from other read models, loaded in batches for a whole page. */
@Resolver(() => ReportView)
export class ReportFieldsResolver {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  @ResolveField(() => ReportAgencyView, {
    nullable: true,
    description: 'The agency the report is with (null before disposition)',
  })
  async agency(@Parent() report: ReportView, @Context() context: object): Promise<ReportAgencyView | null> {
    if (!report.agencyId) return null;
    return batchLoader(context, 'agency', async (ids) => {
      const agencies = await agenciesById(this.dataSource, ids);
      return new Map(agencies.map((agency) => [agency.id, agency]));
    }).load(report.agencyId);
  }
}
