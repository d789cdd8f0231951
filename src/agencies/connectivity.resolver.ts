import { Args, Field, Int, ObjectType, Query, Resolver } from '@nestjs/graphql';
import { InjectDataSource } from '@nestjs/typeorm';
import type { DataSource } from 'typeorm';
import { DomainError } from '../../contexts/domain-error.js';
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
    const start = `${year}-01-01T00:00:00+07:00`;
    const end = `${year + 1}-01-01T00:00:00+07:00`;
    const rows: { type: string; connected: number; newly: number }[] = await this.dataSource.query(
      `SELECT d.agency_type AS type,
              count(DISTINCT d.agency_id) FILTER (WHERE c.connected_at < $2 AND (c.disconnected_at IS NULL OR c.disconnected_at >= $2))::int AS connected,
              count(DISTINCT d.agency_id) FILTER (WHERE first.first_at >= $1 AND first.first_at < $2)::int AS newly
         FROM agency_directory d
         JOIN agency_connections c ON c.agency_id = d.agency_id
         JOIN (SELECT agency_id, min(connected_at) AS first_at FROM agency_connections GROUP BY agency_id) first ON first.agency_id = d.agency_id
        GROUP BY d.agency_type
       HAVING count(*) FILTER (WHERE c.connected_at < $2 AND (c.disconnected_at IS NULL OR c.disconnected_at >= $2)) > 0
           OR count(*) FILTER (WHERE first.first_at >= $1 AND first.first_at < $2) > 0
        ORDER BY d.agency_type`,
      [start, end],
    );
    return rows.map((row) => ({ type: row.type, connected: row.connected, newlyConnected: row.newly }));
  }
}
