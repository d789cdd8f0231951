import { Field, Float, InputType, Int, ObjectType, registerEnumType } from '@nestjs/graphql';
import { ArrayMaxSize, IsBoolean, IsIn, IsOptional, IsString, IsUUID, Length, Matches } from 'class-validator';
import { AGENCY_TYPES } from '../../contexts/agencies/agency.js';
import { CHANNELS, REPORT_KINDS } from '../../contexts/reports/report.events.js';
import { REPORT_STATUSES } from '../../contexts/reports/report.state.js';
import { REPORT_ORDERS, type ReportOrder } from '../../projections/report-status/report-status.queries.js';
import { AgencyTypeEnum, ChannelEnum, ReportKindEnum, ReportStatusEnum } from '../graphql/enums.js';
import { PageInfo } from '../graphql/connection.js';
import { DateTimeScalar } from '../graphql/scalars.js';
import { ReportView } from './report.model.js';

export const ReportOrderEnum = Object.fromEntries(REPORT_ORDERS.map((order) => [order, order])) as {
  [K in ReportOrder]: K;
};
registerEnumType(ReportOrderEnum, {
  name: 'ReportOrder',
  description: 'The order of reports without a search (a search comes best match first)',
  valuesMap: {
    NEWEST: { description: 'The newest submission first' },
    DEADLINE: {
      description:
        "The oldest deadline of the report's current step first, a missed one included (overdue reports lead), reports without one last; ties by id",
    },
  },
});

@InputType({ description: 'Every field narrows the result; leave out what does not matter' })
export class ReportFilter {
  @Field(() => [ReportStatusEnum], { nullable: true })
  @IsOptional()
  @ArrayMaxSize(9)
  @IsIn(REPORT_STATUSES, { each: true })
  status?: string[] | null;
  @Field(() => ReportKindEnum, { nullable: true }) @IsOptional() @IsIn(REPORT_KINDS) kind?: string | null;
  @Field(() => String, { nullable: true }) @IsOptional() @IsUUID() agencyId?: string | null;
  @Field(() => AgencyTypeEnum, { nullable: true, description: 'Reports with an agency of this type' })
  @IsOptional()
  @IsIn(AGENCY_TYPES)
  agencyType?: string | null;
  @Field(() => String, { nullable: true }) @IsOptional() @IsUUID() unitId?: string | null;
  @Field(() => String, { nullable: true }) @IsOptional() @IsString() @Length(1, 60) category?: string | null;
  @Field(() => ChannelEnum, { nullable: true }) @IsOptional() @IsIn(CHANNELS) channel?: string | null;
  @Field(() => String, { nullable: true, description: 'A Kemendagri code; 13 matches 13.76 too' })
  @IsOptional()
  @Matches(/^\d{2}(\.\d{2}){0,3}$/)
  regionCode?: string | null;
  @Field(() => DateTimeScalar, { nullable: true, description: 'Submitted at or after' })
  submittedFrom?: string | null;
  @Field(() => DateTimeScalar, { nullable: true, description: 'Submitted before' })
  submittedTo?: string | null;
  @Field(() => Boolean, { nullable: true, description: 'Reports with a missed deadline' })
  @IsOptional()
  @IsBoolean()
  overdue?: boolean | null;
  @Field(() => Boolean, {
    nullable: true,
    description: 'Imported from a legacy system (true), or recorded live (false)',
  })
  @IsOptional()
  @IsBoolean()
  imported?: boolean | null;
  @Field(() => Boolean, {
    nullable: true,
    description:
      "Only the caller's own reports: a reporter's, or those an integrator submitted (none for roles that own no report)",
  })
  @IsOptional()
  @IsBoolean()
  mine?: boolean | null;
  @Field(() => String, {
    nullable: true,
    description:
      'Words to find in the title and description, in Indonesian ("pelayanan" finds "layanan" and "dilayani"); web-search syntax: "a phrase", -word, or. Results come best match first',
  })
  @IsOptional()
  @IsString()
  @Length(1, 200)
  search?: string | null;
}

@ObjectType({ description: 'Why a report matched a full-text search' })
export class SearchHitView {
  @Field(() => Float, { description: 'ts_rank of the title (weighted higher) and the description' }) rank!: number;
  @Field({ description: 'A passage of the title and description around the matching words, plain text' })
  snippet!: string;
  @Field(() => [[Int]], {
    description: '[start, end) offsets into snippet (UTF-16 code units) of each matching word, to highlight',
  })
  highlights!: [number, number][];
}

@ObjectType()
export class ReportEdge {
  @Field() cursor!: string;
  @Field(() => ReportView) node!: ReportView;
  @Field(() => SearchHitView, { nullable: true, description: 'Set when filter.search was given' })
  search!: SearchHitView | null;
}

@ObjectType({
  description:
    'Relay style. reports: newest submissions first (or the nearest deadline first with orderBy: DEADLINE), with filter.search the best match first; agencyInbox: the nearest deadline first (ties broken by id)',
})
export class ReportConnection {
  @Field(() => [ReportEdge]) edges!: ReportEdge[];
  @Field(() => PageInfo) pageInfo!: PageInfo;
  /** Resolved by the connection's own field resolver, only when asked for. */
  countTotal!: () => Promise<number>;
}

@ObjectType({ description: 'One value of a dimension and how many reports have it' })
export class ValueCount {
  @Field() value!: string;
  @Field(() => Int) count!: number;
}

@ObjectType({ description: 'Counts of the reports the caller may see that match the filter (exact)' })
export class ReportCountsView {
  @Field(() => Int) total!: number;
  @Field(() => Int, { description: 'With a missed deadline' }) overdue!: number;
  @Field(() => [ValueCount], { description: 'Per ReportStatus, the most first; statuses with none are left out' })
  byStatus!: ValueCount[];
  @Field(() => [ValueCount], { description: 'Per ReportKind' }) byKind!: ValueCount[];
  @Field(() => [ValueCount], { description: 'Per Channel' }) byChannel!: ValueCount[];
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
  @Field(() => String, {
    nullable: true,
    description: 'The source system an imported event came from; null when recorded live',
  })
  importedFrom!: string | null;
}
