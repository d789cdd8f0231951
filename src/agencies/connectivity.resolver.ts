import { Args, Field, Int, ObjectType, Query, Resolver } from '@nestjs/graphql';
import { InjectDataSource } from '@nestjs/typeorm';
import type { DataSource } from 'typeorm';
import { AGENCY_TYPES, type AgencyType } from '../../contexts/agencies/agency.js';
import { DomainError } from '../../contexts/domain-error.js';
import { connectedAgencies } from '../../projections/agency-directory/connectivity.queries.js';
import { ProjectionEngine } from '../projection-engine/projection-engine.js';
import { AgencyTypeEnum } from '../graphql/enums.js';

/** Provinces, regencies and cities: the local governments (pemerintah daerah) of the evaluations. */
const LOCAL_GOVERNMENTS: readonly AgencyType[] = ['PROVINCE', 'REGENCY', 'CITY'];

@ObjectType({ description: 'Agencies of one type connected to the national system (keterhubungan)' })
export class ConnectivityCount {
  @Field(() => AgencyTypeEnum) type!: string;
  @Field(() => Int, { description: 'Connected at the end of the year (WIB)' }) connected!: number;
  @Field(() => Int, { description: 'Connected for the first time during the year' }) newlyConnected!: number;
}

@ObjectType({ description: 'Agencies of several types together' })
export class ConnectivityTotal {
  @Field(() => Int, { description: 'Connected at the end of the year (WIB)' }) connected!: number;
  @Field(() => Int, { description: 'Connected for the first time during the year' }) newlyConnected!: number;
}

@ObjectType({ description: 'A year of connectivity as the evaluations publish it' })
export class ConnectivitySummary {
  @Field(() => Int) year!: number;
  @Field(() => [ConnectivityCount], { description: 'Every agency type, zeros included' }) byType!: ConnectivityCount[];
  @Field(() => ConnectivityTotal, { description: 'Provinces, regencies and cities together (pemerintah daerah)' })
  localGovernments!: ConnectivityTotal;
  @Field(() => ConnectivityTotal) total!: ConnectivityTotal;
}

@Resolver()
export class ConnectivityResolver {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly engine: ProjectionEngine,
  ) {}

  @Query(() => [ConnectivityCount], {
    description: 'Agencies connected per type in a year, every type (zeros included); public, like the evaluations',
  })
  async connectivity(
    @Args('year', { type: () => Int }) year: number,
    @Args('minPosition', { type: () => String, nullable: true }) minPosition: string | null,
  ): Promise<ConnectivityCount[]> {
    return this.byType(year, minPosition);
  }

  @Query(() => ConnectivitySummary, {
    description: 'Connectivity of a year with the local-government and overall sums; public',
  })
  async connectivitySummary(
    @Args('year', { type: () => Int }) year: number,
    @Args('minPosition', { type: () => String, nullable: true }) minPosition: string | null,
  ): Promise<ConnectivitySummary> {
    const byType = await this.byType(year, minPosition);
    return {
      year,
      byType,
      localGovernments: sum(byType.filter((count) => LOCAL_GOVERNMENTS.includes(count.type as AgencyType))),
      total: sum(byType),
    };
  }

  private async byType(year: number, minPosition: string | null): Promise<ConnectivityCount[]> {
    if (!Number.isInteger(year) || year < 2000 || year > 2200)
      throw new DomainError('BAD_USER_INPUT', 'year must be between 2000 and 2200', { argument: 'year' });
    const db = await this.engine.readModel(minPosition, 'agency-directory');
    const rows = new Map((await connectedAgencies(db, year)).map((row) => [row.type, row]));
    return AGENCY_TYPES.map((type) => ({
      type,
      connected: rows.get(type)?.connected ?? 0,
      newlyConnected: rows.get(type)?.newly ?? 0,
    }));
  }
}

function sum(counts: ConnectivityTotal[]): ConnectivityTotal {
  return {
    connected: counts.reduce((total, count) => total + count.connected, 0),
    newlyConnected: counts.reduce((total, count) => total + count.newlyConnected, 0),
  };
}
