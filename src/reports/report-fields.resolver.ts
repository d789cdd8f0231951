import { Context, Field, ID, ObjectType, Parent, ResolveField, Resolver } from '@nestjs/graphql';
import { InjectDataSource } from '@nestjs/typeorm';
import type { DataSource } from 'typeorm';
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

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

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
      const rows: { id: string; name: string; type: string; region_code: string | null }[] =
        await this.dataSource.query(
          `SELECT agency_id::text AS id, name, agency_type AS type, region_code FROM agency_directory WHERE agency_id = ANY($1::uuid[])`,
          [ids.filter((id) => UUID.test(id))],
        );
      return new Map(
        rows.map((row) => [row.id, { id: row.id, name: row.name, type: row.type, regionCode: row.region_code }]),
      );
    }).load(report.agencyId);
  }
}
