import { Field, Float, ID, Int, ObjectType } from '@nestjs/graphql';
import type { SealedIdentity } from '../../contexts/reports/report.events.js';
import type { AccessTarget } from '../auth/access-policy.js';
import type { ReportState } from '../../contexts/reports/report.state.js';
import { ChannelEnum, CloseReasonEnum, DeadlineKindEnum, ReportKindEnum, ReportStatusEnum } from '../graphql/enums.js';

@ObjectType()
export class LocationView {
  @Field(() => String, { nullable: true }) regionCode!: string | null;
  @Field(() => String, { nullable: true }) address!: string | null;
  @Field(() => Float, { nullable: true }) lat!: number | null;
  @Field(() => Float, { nullable: true }) lon!: number | null;
}

@ObjectType()
export class AttachmentView {
  @Field() name!: string;
  @Field() mediaType!: string;
  @Field(() => Int) size!: number;
  @Field() sha256!: string;
  @Field() url!: string;
}

@ObjectType({ description: 'A service level of the report, while it runs' })
export class DeadlineView {
  @Field(() => DeadlineKindEnum) kind!: string;
  @Field({ description: 'ISO-8601 instant; working-day deadlines end at 23:59:59.999 WIB' }) dueAt!: string;
  @Field() missed!: boolean;
}

@ObjectType({ description: 'A report as folded from its events (never stale)' })
export class ReportView {
  @Field(() => ID) id!: string;
  @Field({ description: 'What the reporter reads out: eight symbols, like 7K3M-9QX2' }) trackingId!: string;
  @Field(() => ReportStatusEnum) status!: string;
  @Field(() => ReportKindEnum) kind!: string;
  @Field() title!: string;
  @Field() description!: string;
  @Field(() => String, { nullable: true }) category!: string | null;
  @Field(() => ChannelEnum) channel!: string;
  @Field(() => LocationView, { nullable: true }) location!: LocationView | null;
  @Field(() => [AttachmentView]) attachments!: AttachmentView[];
  @Field() anonymous!: boolean;
  @Field() confidential!: boolean;
  @Field(() => String, { nullable: true, description: 'The agency the report is with' }) agencyId!: string | null;
  @Field(() => String, { nullable: true }) unitId!: string | null;
  @Field(() => Int) followUps!: number;
  @Field() disputed!: boolean;
  @Field(() => CloseReasonEnum, { nullable: true }) closedReason!: string | null;
  @Field(() => Int, { nullable: true, description: 'Satisfaction 1–5 given on acceptance' }) rating!: number | null;
  @Field(() => [DeadlineView]) deadlines!: DeadlineView[];
  @Field(() => String, { nullable: true }) submittedAt!: string | null;
  @Field(() => String, { nullable: true }) updatedAt!: string | null;
  @Field(() => Int, { description: 'Stream version: the number of events the report has' }) version!: number;
  /** Not in the schema: what field resolvers check access against, and the sealed reporter identity. */
  access!: NonNullable<AccessTarget['report']>;
  identity!: SealedIdentity | null;
}

@ObjectType()
export class ReportMutationResult {
  @Field(() => ReportView) report!: ReportView;
  @Field(() => String, {
    nullable: true,
    description:
      'Global position of the last event written (a bigint as a string); when nothing changed, of the latest event of the report found',
  })
  position!: string | null;
}

export function toReportView(state: ReportState): ReportView {
  return {
    id: state.reportId,
    trackingId: state.trackingId,
    status: state.status,
    kind: state.kind,
    title: state.title,
    description: state.description,
    category: state.category,
    channel: state.channel,
    location: state.location,
    attachments: state.attachments,
    anonymous: state.anonymous,
    confidential: state.confidential,
    agencyId: state.agencyId,
    unitId: state.unitId,
    followUps: state.followUps,
    disputed: state.disputed,
    closedReason: state.closedReason,
    rating: state.rating,
    deadlines: Object.entries(state.deadlines).map(([kind, deadline]) => ({ kind, ...deadline! })),
    submittedAt: state.submittedAt,
    updatedAt: state.updatedAt,
    version: state.version,
    access: {
      reporterId: state.reporterId,
      submittedBy: state.submittedBy,
      agencyId: state.agencyId,
      confidential: state.confidential,
      anonymous: state.anonymous,
    },
    identity: state.identity ?? null,
  };
}
