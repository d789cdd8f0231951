import { Field, ID, InputType, ObjectType } from '@nestjs/graphql';
import { IsIn, IsOptional, IsString, IsUUID, Length, Matches } from 'class-validator';
import { AGENCY_TYPES, type Agency, type AgencyType } from '../../contexts/agencies/agency.js';
import { AgencyTypeEnum } from '../graphql/enums.js';
import { DateScalar, DateTimeScalar } from '../graphql/scalars.js';
import { IdempotencyKeyField, PositionField, positionText } from '../graphql/mutation-fields.js';

@ObjectType()
export class UnitView {
  @Field(() => ID) id!: string;
  @Field() name!: string;
}

@ObjectType({
  description: 'A period an agency was connected, by the dates its connection and disconnection took effect',
})
export class ConnectionPeriodView {
  @Field(() => DateTimeScalar, { description: 'When the connection took effect (the decree’s date)' }) from!: string;
  @Field(() => DateTimeScalar, {
    nullable: true,
    description: 'When the disconnection took effect; null while connected',
  })
  to!: string | null;
}

@ObjectType({ description: 'A public-service provider (instansi) and its units (OPD / unit kerja)' })
export class AgencyView {
  @Field(() => ID) id!: string;
  @Field() name!: string;
  @Field(() => AgencyTypeEnum) type!: string;
  @Field(() => String, { nullable: true }) parentId!: string | null;
  @Field(() => String, { nullable: true }) regionCode!: string | null;
  @Field() connected!: boolean;
  @Field(() => String, { nullable: true }) connectedAt!: string | null;
  @Field(() => [UnitView]) units!: UnitView[];
  /** The directory's nodes read these only when asked (a promise), the registry's come folded. */
  @Field(() => [ConnectionPeriodView], { description: 'Every period it was connected, oldest first' })
  connections!: ConnectionPeriodView[] | Promise<ConnectionPeriodView[]>;
  @PositionField() position?: string | null;
}

@ObjectType()
export class CategoryView {
  @Field() code!: string;
  @Field() name!: string;
  @Field(() => String, { nullable: true }) parentCode!: string | null;
  @PositionField() position?: string | null;
}

@ObjectType()
export class HolidayView {
  @Field({ description: 'YYYY-MM-DD on the WIB calendar' }) date!: string;
  @Field() name!: string;
  @PositionField() position?: string | null;
}

@InputType()
export class RegisterAgencyInput {
  @Field() @IsString() @Length(2, 200) name!: string;
  @Field(() => AgencyTypeEnum) @IsIn(AGENCY_TYPES) type!: AgencyType;
  @Field(() => String, { nullable: true }) @IsOptional() @IsUUID() parentId?: string | null;
  @Field(() => String, { nullable: true })
  @IsOptional()
  @Matches(/^\d{2}(\.\d{2}){0,3}$/, { message: 'regionCode must be a Kemendagri code such as 13.76' })
  regionCode?: string | null;
  @IdempotencyKeyField(
    'Retrying with the same key (and the same details) returns the same agency instead of a second one',
  )
  idempotencyKey?: string | null;
}

@InputType()
export class AgencyRefInput {
  @Field() @IsUUID() agencyId!: string;
}

@InputType()
export class RenameAgencyInput extends AgencyRefInput {
  @Field() @IsString() @Length(2, 200) name!: string;
}

@InputType()
export class ConnectAgencyInput extends AgencyRefInput {
  @Field(() => String, { nullable: true, description: 'The decree (SK) that connects it' })
  @IsOptional()
  @IsString()
  @Length(1, 200)
  decree?: string | null;
  @Field(() => DateScalar, {
    nullable: true,
    description:
      'The WIB day the connection took effect (the decree’s date), from its start (00:00 WIB); now when left out; never in the future',
  })
  @IsOptional()
  effectiveDate?: string | null;
}

@InputType()
export class DisconnectAgencyInput extends AgencyRefInput {
  @Field(() => String, { nullable: true }) @IsOptional() @IsString() @Length(1, 1000) reason?: string | null;
  @Field(() => DateScalar, {
    nullable: true,
    description:
      'The WIB day the disconnection took effect, from its start (00:00 WIB); now when left out; never in the future, nor before the connection took effect',
  })
  @IsOptional()
  effectiveDate?: string | null;
}

@InputType()
export class AddUnitInput extends AgencyRefInput {
  @Field() @IsString() @Length(2, 200) name!: string;
  @IdempotencyKeyField(
    'Retrying with the same key (and name) returns the agency with the same unit instead of a second one',
  )
  idempotencyKey?: string | null;
}

@InputType()
export class RenameUnitInput extends AgencyRefInput {
  @Field() @IsUUID() unitId!: string;
  @Field() @IsString() @Length(2, 200) name!: string;
}

@InputType()
export class CategoryInput {
  @Field() @IsString() @Length(1, 60) code!: string;
  @Field() @IsString() @Length(2, 120) name!: string;
  @Field(() => String, { nullable: true }) @IsOptional() @IsString() @Length(1, 60) parentCode?: string | null;
  @IdempotencyKeyField(
    'addCategory only. The code is the natural key: adding the same code, name and parent again changes nothing, with or without a key',
  )
  idempotencyKey?: string | null;
}

@InputType()
export class HolidayInput {
  @Field(() => DateScalar) date!: string;
  @Field() @IsString() @Length(1, 120) name!: string;
  @IdempotencyKeyField(
    'The date is the natural key: declaring the same date and name again changes nothing, with or without a key',
  )
  idempotencyKey?: string | null;
}

@ObjectType()
export class HolidayRemoval {
  @Field({ description: 'YYYY-MM-DD on the WIB calendar' }) date!: string;
  @PositionField() position!: string | null;
}

export function toAgencyView(agency: Agency, position: bigint | null = null): AgencyView {
  return {
    id: agency.agencyId,
    name: agency.name,
    type: agency.agencyType,
    parentId: agency.parentId,
    regionCode: agency.regionCode,
    connected: agency.connected,
    connectedAt: agency.connectedAt,
    units: [...agency.units].map(([id, name]) => ({ id, name })),
    connections: agency.connections.map(({ from, to }) => ({ from, to })),
    position: positionText(position),
  };
}
