import { Field, InputType, Int, ObjectType } from '@nestjs/graphql';
import {
  ArrayMaxSize,
  IsBoolean,
  IsIn,
  IsISO8601,
  IsOptional,
  IsString,
  IsUUID,
  Length,
  Matches,
} from 'class-validator';
import { CHANNELS, REPORT_KINDS } from '../../contexts/reports/report.events.js';
import { REPORT_STATUSES } from '../../contexts/reports/report.state.js';
import { ChannelEnum, ReportKindEnum, ReportStatusEnum } from '../graphql/enums.js';
import { ReportView } from './report.model.js';

@InputType({ description: 'Every field narrows the result; leave out what does not matter' })
export class ReportFilter {
  @Field(() => [ReportStatusEnum], { nullable: true })
  @IsOptional()
  @ArrayMaxSize(9)
  @IsIn(REPORT_STATUSES, { each: true })
  status?: string[] | null;
  @Field(() => ReportKindEnum, { nullable: true }) @IsOptional() @IsIn(REPORT_KINDS) kind?: string | null;
  @Field(() => String, { nullable: true }) @IsOptional() @IsUUID() agencyId?: string | null;
  @Field(() => String, { nullable: true }) @IsOptional() @IsUUID() unitId?: string | null;
  @Field(() => String, { nullable: true }) @IsOptional() @IsString() @Length(1, 60) category?: string | null;
  @Field(() => ChannelEnum, { nullable: true }) @IsOptional() @IsIn(CHANNELS) channel?: string | null;
  @Field(() => String, { nullable: true, description: 'A Kemendagri code; 13 matches 13.76 too' })
  @IsOptional()
  @Matches(/^\d{2}(\.\d{2}){0,3}$/)
  regionCode?: string | null;
  @Field(() => String, { nullable: true, description: 'Submitted at or after (ISO-8601)' })
  @IsOptional()
  @IsISO8601()
  submittedFrom?: string | null;
  @Field(() => String, { nullable: true, description: 'Submitted before (ISO-8601)' })
  @IsOptional()
  @IsISO8601()
  submittedTo?: string | null;
  @Field(() => Boolean, { nullable: true, description: 'Reports with a missed deadline' })
  @IsOptional()
  @IsBoolean()
  overdue?: boolean | null;
  @Field(() => String, { nullable: true, description: 'Words in the title' })
  @IsOptional()
  @IsString()
  @Length(1, 200)
  search?: string | null;
}

@ObjectType()
export class ReportEdge {
  @Field() cursor!: string;
  @Field(() => ReportView) node!: ReportView;
}

@ObjectType()
export class PageInfo {
  @Field() hasNextPage!: boolean;
  @Field(() => String, { nullable: true }) endCursor!: string | null;
}

@ObjectType({ description: 'Newest submissions first (ties broken by id), Relay style' })
export class ReportConnection {
  @Field(() => [ReportEdge]) edges!: ReportEdge[];
  @Field(() => PageInfo) pageInfo!: PageInfo;
}

@ObjectType({ description: 'One event of a report, as the audit trail shows it' })
export class TimelineEntry {
  @Field(() => Int) version!: number;
  @Field() position!: string;
  @Field({ description: "When it happened (the command's time)" }) occurredAt!: string;
  @Field({ description: 'When the store recorded it' }) recordedAt!: string;
  @Field(() => String, { nullable: true, description: "Who acted; never a reporter's id" }) actorId!: string | null;
  @Field() actorRole!: string;
  @Field(() => String, { nullable: true }) actorAgencyId!: string | null;
  @Field() eventType!: string;
  @Field(() => ReportStatusEnum, { nullable: true }) fromStatus!: string | null;
  @Field(() => ReportStatusEnum) toStatus!: string;
  @Field({ description: 'Bahasa Indonesia' }) descriptionId!: string;
  @Field({ description: 'English' }) descriptionEn!: string;
}
