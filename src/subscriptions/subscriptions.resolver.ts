import { Inject } from '@nestjs/common';
import { Args, Context, Field, ObjectType, Resolver, Subscription } from '@nestjs/graphql';
import { DomainError } from '../../contexts/domain-error.js';
import { reportStream } from '../../contexts/reports/report.events.js';
import { type RequestContext } from '../auth/current-actor.js';
import { EVENT_STORE, type EventStore } from '../event-store/event-store.port.js';
import { ReportStatusEnum } from '../graphql/enums.js';
import { permits } from '../auth/access-policy.js';
import { ReportView, toReportView } from '../reports/report.model.js';
import { TrackingIdRegistry } from '../reports/tracking-id-registry.js';
import { ChangeFeed, REPORT_CHANGED, type ReportChange } from './change-feed.js';
import { foldReport } from '../reports/fold-report.js';

@ObjectType({ description: "A change in an agency's worklist" })
export class InboxChange {
  @Field() trackingId!: string;
  @Field(() => ReportStatusEnum) status!: string;
  @Field(() => String, {
    nullable: true,
    description: 'The agency holding the report now (another one when it was forwarded or declined)',
  })
  agencyId!: string | null;
  @Field({ description: 'Pass as minPosition to read the change' }) position!: string;
}

/** Live updates over graphql-ws, delivered after the read models committed them. */
@Resolver()
export class SubscriptionsResolver {
  constructor(
    private readonly feed: ChangeFeed,
    private readonly trackingIds: TrackingIdRegistry,
    @Inject(EVENT_STORE) private readonly store: EventStore,
  ) {}

  @Subscription(() => ReportView, {
    description: 'The report each time it changes, for those who may read it',
    filter: (change: ReportChange, _args: unknown, context: RequestContext & { reportId?: string }) =>
      change.reportId === context.reportId,
    resolve(this: SubscriptionsResolver, change: ReportChange, _args: unknown, context: RequestContext) {
      return this.readable(change.reportId, context);
    },
  })
  async reportUpdated(
    @Args('trackingId') trackingId: string,
    @Context() context: RequestContext & { reportId?: string },
  ) {
    const { reportId } = await this.trackingIds.resolve(trackingId);
    await this.readable(reportId, context);
    context.reportId = reportId;
    return this.feed.pubSub.asyncIterableIterator(REPORT_CHANGED);
  }

  @Subscription(() => InboxChange, {
    description:
      "Changes in an agency's worklist, a report leaving it included (forwarded or declined: agencyId then names where it went, or null; resolved, closed or escalated: status says so): the agency's own roles, ADMIN and OMBUDSMAN",
    filter: (change: ReportChange, args: { agencyId: string }) =>
      change.agencyId === args.agencyId || change.leftAgencyIds.includes(args.agencyId),
    resolve: (change: ReportChange) => change,
  })
  agencyInboxChanged(@Args('agencyId') agencyId: string, @Context() context: RequestContext) {
    const actor = this.actorOf(context);
    if (!permits('Subscription.agencyInboxChanged', actor, { agencyId }))
      throw new DomainError(
        'FORBIDDEN',
        "Only the agency itself, admins and the Ombudsman may follow an agency's inbox",
      );
    return this.feed.pubSub.asyncIterableIterator(REPORT_CHANGED);
  }

  private async readable(reportId: string, context: RequestContext): Promise<ReportView> {
    const state = foldReport(await this.store.readStream(reportStream(reportId)));
    if (!state.exists || !permits('Subscription.reportUpdated', this.actorOf(context), { report: state }))
      throw new DomainError('NOT_FOUND', 'No such report');
    return toReportView(state);
  }

  private actorOf(context: RequestContext) {
    if (!context.actor) throw new DomainError('FORBIDDEN', context.authError ?? 'Not authenticated');
    return context.actor;
  }
}
