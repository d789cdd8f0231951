import { Context, Field, ID, ObjectType, Parent, ResolveField, Resolver } from '@nestjs/graphql';
import type { ReportStatus } from '../../contexts/reports/report.state.js';
import { commandRefusal } from '../../contexts/reports/report.permission.js';
import type { RequestContext } from '../auth/current-actor.js';
import { PUBLIC_ACTOR } from '../auth/token-verifier.js';
import { REPORT_ACTIONS, ReportActionEnum } from './report-actions.js';
import { InjectDataSource } from '@nestjs/typeorm';
import type { DataSource } from 'typeorm';
import { agenciesById } from '../../projections/agency-directory/agency-directory.queries.js';
import { importOrigins } from '../../projections/report-status/report-status.queries.js';
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

@ObjectType({ description: 'Where an imported case came from' })
export class ImportOriginView {
  @Field({ description: 'The source system (npx aduan import --source)' }) source!: string;
  @Field({ description: "The case's id in the source system" }) originalId!: string;
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

  @ResolveField(() => ImportOriginView, {
    nullable: true,
    description:
      'Set when the case was imported from a legacy system (its events carry their original dates); null when recorded live',
  })
  async importedFrom(@Parent() report: ReportView, @Context() context: object): Promise<ImportOriginView | null> {
    const origin = await batchLoader(context, 'importedFrom', (ids) => importOrigins(this.dataSource, ids)).load(
      report.id,
    );
    return origin ?? null;
  }

  @ResolveField(() => [ReportActionEnum], {
    description:
      'What the caller may do to the report now, by the rules the mutations apply (and, with an API key, only the mutations the key allows); each value names the mutation of the same name in camelCase',
  })
  allowedActions(@Parent() report: ReportView, @Context() context: RequestContext): string[] {
    const actor = context.actor ?? PUBLIC_ACTOR;
    const standing = {
      ...report.access,
      exists: true,
      status: report.status as ReportStatus,
      trackingId: report.trackingId,
      disputed: report.disputed,
    };
    return REPORT_ACTIONS.filter(
      ({ command, mutation }) =>
        (!actor.apiKey || actor.apiKey.mutations.includes(mutation)) && !commandRefusal(command, standing, actor),
    ).map(({ action }) => action);
  }
}
