import { Inject } from '@nestjs/common';
import { Args, Int, Parent, Query, ResolveField, Resolver } from '@nestjs/graphql';
import { InjectDataSource } from '@nestjs/typeorm';
import type { DataSource } from 'typeorm';
import { reportCounts } from '../../projections/report-status/report-counts.queries.js';
import {
  agencyInbox,
  searchReports,
  type ReportOrder,
  type ReportPage,
} from '../../projections/report-status/report-status.queries.js';
import { timelineOf } from '../../projections/report-timeline/report-timeline.queries.js';
import { DomainError } from '../../contexts/domain-error.js';
import type { Actor } from '../../contexts/principals/actor.js';
import { permits, visibilityOf } from '../auth/access-policy.js';
import { CurrentActor } from '../auth/current-actor.js';
import { assertPageSize } from '../graphql/connection.js';
import { ProjectionEngine } from '../projection-engine/projection-engine.js';
import { toReportView } from './report.model.js';
import {
  ReportConnection,
  ReportCountsView,
  ReportFilter,
  ReportOrderEnum,
  TimelineEntry,
} from './report-search.model.js';
import { TrackingIdRegistry } from './tracking-id-registry.js';
import { ReportStates } from './report-states.js';
import { FilterArg } from '../graphql/filter-arg.js';
import { AgencyRegistry } from '../agencies/agency-registry.js';
import type { AppConfig } from '../config/config.js';
import { APP_CONFIG } from '../shared.module.js';

/** Queries on the report read models (their SQL is theirs, in projections/); `minPosition` waits until they include that write. */
@Resolver(() => ReportConnection)
export class ReportSearchResolver {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly engine: ProjectionEngine,
    private readonly trackingIds: TrackingIdRegistry,
    private readonly registry: AgencyRegistry,
    private readonly states: ReportStates,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  @Query(() => [TimelineEntry], {
    description:
      'The audit trail of a report, oldest first; internal notes only for admins, the Ombudsman and the assigned agency',
  })
  async reportTimeline(
    @CurrentActor() actor: Actor,
    @Args('trackingId') trackingId: string,
    @Args('minPosition', { type: () => String, nullable: true }) minPosition: string | null,
  ): Promise<TimelineEntry[]> {
    const db = await this.engine.readModel(minPosition, 'report-timeline');
    const { reportId } = await this.trackingIds.resolve(trackingId);
    const report = await this.states.current(reportId);
    if (!report.exists || !permits('Query.reportTimeline', actor, { report }))
      throw new DomainError('NOT_FOUND', `No report has tracking id ${trackingId}`);
    return timelineOf(db, reportId, permits('TimelineEntry (internal notes)', actor, { report }));
  }

  @Query(() => ReportConnection, {
    description:
      'Reports the caller may see, newest first or in the order orderBy names; with filter.search, the best match first',
  })
  async reports(
    @CurrentActor() actor: Actor,
    @FilterArg(ReportFilter) filter: ReportFilter | null,
    @Args('first', { type: () => Int, defaultValue: 20 }) first: number,
    @Args('after', { type: () => String, nullable: true }) after: string | null,
    @Args('minPosition', {
      type: () => String,
      nullable: true,
      description: 'A position a mutation returned: wait until the results include it',
    })
    minPosition: string | null,
    @Args('orderBy', {
      type: () => ReportOrderEnum,
      nullable: true,
      defaultValue: 'NEWEST',
      description: 'NEWEST when left out; DEADLINE cannot be combined with filter.search, which orders by relevance',
    })
    orderBy: ReportOrder | null,
  ): Promise<ReportConnection> {
    assertPageSize(first);
    const db = await this.engine.readModel(minPosition, 'report-status');
    const search = {
      visibility: visibilityOf(actor, filter),
      filter,
      first,
      after,
      orderBy: orderBy ?? 'NEWEST',
      rankWindow: this.config.searchRankWindow,
    };
    return connection(await searchReports(db, search));
  }

  @Query(() => ReportCountsView, {
    description:
      'Counts for tab badges and filters: the reports the caller may see (as reports shows them) that match the filter',
  })
  async reportCounts(
    @CurrentActor() actor: Actor,
    @FilterArg(ReportFilter) filter: ReportFilter | null,
    @Args('minPosition', { type: () => String, nullable: true }) minPosition: string | null,
  ): Promise<ReportCountsView> {
    const db = await this.engine.readModel(minPosition, 'report-status');
    return reportCounts(db, { visibility: visibilityOf(actor, filter), filter });
  }

  @ResolveField(() => Int, { description: 'Reports matching the query, whatever the page' })
  totalCount(@Parent() connection: ReportConnection): Promise<number> {
    return connection.countTotal();
  }

  @Query(() => ReportConnection, {
    description: "An agency's worklist: reports dispositioned to it or in progress, the nearest deadline first",
  })
  async agencyInbox(
    @CurrentActor() actor: Actor,
    @Args('agencyId') agencyId: string,
    @Args('unitId', { type: () => String, nullable: true }) unitId: string | null,
    @Args('first', { type: () => Int, defaultValue: 20 }) first: number,
    @Args('after', { type: () => String, nullable: true }) after: string | null,
    @Args('minPosition', { type: () => String, nullable: true }) minPosition: string | null,
  ): Promise<ReportConnection> {
    if (!permits('Query.agencyInbox', actor, { agencyId }))
      throw new DomainError('FORBIDDEN', "Only the agency itself, admins and the Ombudsman may see an agency's inbox");
    assertPageSize(first);
    await this.registry.agency(agencyId);
    const db = await this.engine.readModel(minPosition, 'report-status');
    return connection(await agencyInbox(db, { agencyId, unitId, first, after }));
  }
}

function connection({ edges, hasNextPage, endCursor, totalCount }: ReportPage): ReportConnection {
  return {
    edges: edges.map(({ cursor, state, search }) => ({ cursor, node: toReportView(state), search })),
    pageInfo: { hasNextPage, endCursor },
    countTotal: totalCount,
  };
}
