import { Args, Int, Parent, Query, ResolveField, Resolver } from '@nestjs/graphql';
import { InjectDataSource } from '@nestjs/typeorm';
import type { DataSource } from 'typeorm';
import { listAgencies } from '../../projections/agency-directory/agency-directory.queries.js';
import { assertPageSize } from '../graphql/connection.js';
import { ProjectionEngine } from '../projection-engine/projection-engine.js';
import { AgencyConnection, AgencyDirectoryFilter } from './agency-directory.model.js';
import { FilterArg } from '../graphql/filter-arg.js';

/** The agency directory read model: every agency, searchable as a person types; public, like the registry. */
@Resolver(() => AgencyConnection)
export class AgencyDirectoryResolver {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly engine: ProjectionEngine,
  ) {}

  @Query(() => AgencyConnection, { description: 'The agency directory, in name order' })
  async agencies(
    @FilterArg(AgencyDirectoryFilter) filter: AgencyDirectoryFilter | null,
    @Args('first', { type: () => Int, defaultValue: 20 }) first: number,
    @Args('after', { type: () => String, nullable: true }) after: string | null,
    @Args('minPosition', {
      type: () => String,
      nullable: true,
      description: 'A position a mutation returned: wait until the directory includes it',
    })
    minPosition: string | null,
  ): Promise<AgencyConnection> {
    assertPageSize(first);
    const db = await this.engine.readModel(minPosition, 'agency-directory');
    const page = await listAgencies(db, { filter, first, after });
    return {
      edges: page.edges.map(({ cursor, agency }) => ({ cursor, node: agency })),
      pageInfo: { hasNextPage: page.hasNextPage, endCursor: page.endCursor },
      countTotal: page.totalCount,
    };
  }

  @ResolveField(() => Int, { description: 'Agencies matching the filter, whatever the page' })
  totalCount(@Parent() connection: AgencyConnection): Promise<number> {
    return connection.countTotal();
  }
}
