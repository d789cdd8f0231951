import { Field, InputType, ObjectType } from '@nestjs/graphql';
import { IsBoolean, IsIn, IsOptional, IsString, IsUUID, Length, Matches } from 'class-validator';
import { AGENCY_TYPES } from '../../contexts/agencies/agency.js';
import { PageInfo } from '../graphql/connection.js';
import { AgencyTypeEnum } from '../graphql/enums.js';
import { AgencyView } from './registry.model.js';

@InputType({ description: 'Every field narrows the directory; leave out what does not matter' })
export class AgencyDirectoryFilter {
  @Field(() => String, {
    nullable: true,
    description: 'Words of the name as a person types them: "pontia" finds Kota Pontianak; case and accents aside',
  })
  @IsOptional()
  @IsString()
  @Length(1, 200)
  search?: string | null;
  @Field(() => AgencyTypeEnum, { nullable: true }) @IsOptional() @IsIn(AGENCY_TYPES) type?: string | null;
  @Field(() => String, { nullable: true, description: 'A Kemendagri code; 61 matches 61.71 too' })
  @IsOptional()
  @Matches(/^\d{2}(\.\d{2}){0,3}$/, { message: 'regionCode must be a Kemendagri code such as 61.71' })
  regionCode?: string | null;
  @Field(() => String, { nullable: true, description: 'Agencies under this one' })
  @IsOptional()
  @IsUUID()
  parentId?: string | null;
  @Field(() => Boolean, { nullable: true, description: 'Connected to the national system now, or not' })
  @IsOptional()
  @IsBoolean()
  connected?: boolean | null;
}

@ObjectType()
export class AgencyEdge {
  @Field() cursor!: string;
  @Field(() => AgencyView) node!: AgencyView;
}

@ObjectType({ description: 'Agencies in name order (ties broken by id), Relay style' })
export class AgencyConnection {
  @Field(() => [AgencyEdge]) edges!: AgencyEdge[];
  @Field(() => PageInfo) pageInfo!: PageInfo;
  /** Resolved by the connection's own field resolver, only when asked for. */
  countTotal!: () => Promise<number>;
}
