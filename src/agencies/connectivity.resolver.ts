import { Args, Field, Int, ObjectType, Query, Resolver } from '@nestjs/graphql';
import { InjectDataSource } from '@nestjs/typeorm';
import type { DataSource } from 'typeorm';
import { DomainError } from '../../contexts/domain-error.js';
import { connectedAgencies } from '../../projections/connectivity/connectivity.queries.js';
import { ProjectionEngine } from '../projection-engine/projection-engine.js';
import { AgencyTypeEnum } from '../graphql/enums.js';

@ObjectType({ description: 'Agencies of one type connected to the national system (keterhubungan)' })
export class ConnectivityCount {
  @Field(() => AgencyTypeEnum) type!: string;
  @Field(() => Int, { description: 'Connected at the end of the year (WIB)' }) connected!: number;
  @Field(() => Int, { description: 'Connected for the first time during the year' }) newlyConnected!: number;
}

@Resolver()
export class ConnectivityResolver {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly engine: ProjectionEngine,
  ) {}

  @Query(() => [ConnectivityCount], {
    description: 'Agencies connected per type in a year; public, like the published evaluations',
  })
  async connectivity(
    @Args('year', { type: () => Int }) year: number,
    @Args('minPosition', { type: () => String, nullable: true }) minPosition: string | null,
  ): Promise<ConnectivityCount[]> {
    if (!Number.isInteger(year) || year < 2000 || year > 2200)
      throw new DomainError('BAD_USER_INPUT', 'year must be between 2000 and 2200');
    await this.engine.readYourWrites(minPosition, 'connectivity');
    const rows = await connectedAgencies(this.dataSource, year);
    return rows.map((row) => ({ type: row.type, connected: row.connected, newlyConnected: row.newly }));
  }
}
