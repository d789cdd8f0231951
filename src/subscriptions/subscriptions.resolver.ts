import { Inject } from '@nestjs/common';
import { Args, Context, Field, Int, ObjectType, Parent, ResolveField, Resolver, Subscription } from '@nestjs/graphql';
import { DomainError } from '../../contexts/domain-error.js';
import { reportStream } from '../../contexts/reports/report.events.js';
import { type RequestContext } from '../auth/current-actor.js';
import { permits } from '../auth/access-policy.js';
import { EVENT_LOG, type EventLog } from '../event-store/event-log.port.js';
import { EVENT_STORE, type EventStore } from '../event-store/event-store.port.js';
import { ReportStatusEnum } from '../graphql/enums.js';
import { foldReport } from '../reports/fold-report.js';
import { ReportView } from '../reports/report.model.js';
import { TrackingIdRegistry } from '../reports/tracking-id-registry.js';
import { ChangeFeed } from './change-feed.js';
import { follow } from './follow.js';
import { InboxFollower, type InboxMessage } from './inbox-follower.js';
import { parseAfterPosition } from './positions.js';
import { ReportFollower, type ReportUpdate } from './report-follower.js';
import { AgencyRegistry } from '../agencies/agency-registry.js';

@ObjectType({ description: "A report event that concerns an agency's worklist" })
export class InboxChange implements InboxMessage {
  @Field() trackingId!: string;
  @Field(() => ReportStatusEnum, { description: 'As of the event' }) status!: string;
  @Field(() => String, {
    nullable: true,
    description: 'The agency holding the report as of the event (another one when it was forwarded or declined)',
  })
  agencyId!: string | null;
  @Field({
    description: 'The global position of the event: pass it as minPosition to read it, as afterPosition to resume',
  })
  position!: string;
  @Field(() => Int, { description: "The event's version in the report's stream" }) version!: number;
  @Field({ description: 'The event, e.g. ReportForwarded' }) eventType!: string;
}

const AFTER_POSITION = {
  type: () => String,
  nullable: true,
  description:
    'Resume after this global position (the last one received; 0 for all): the missed events first, then live ones',
};

/**
 * Live updates over graphql-ws: one message per event, after the read models committed it, in
 * order (follow.ts). A ReportView resolver too, for the `position` its messages carry.
 */
@Resolver(() => ReportView)
export class SubscriptionsResolver {
  constructor(
    private readonly feed: ChangeFeed,
    private readonly trackingIds: TrackingIdRegistry,
    @Inject(EVENT_STORE) private readonly store: EventStore,
    @Inject(EVENT_LOG) private readonly log: EventLog,
    private readonly registry: AgencyRegistry,
  ) {}

  @Subscription(() => ReportView, {
    description:
      'The report as of each of its events, in order, for those who may read it (internal notes only for those who may read them)',
    resolve: (update: ReportUpdate) => update,
  })
  reportUpdated(
    @Args('trackingId') trackingId: string,
    @Args('afterPosition', AFTER_POSITION) afterPosition: string | null,
    @Context() context: RequestContext,
  ) {
    return follow(this.feed, this.log, async () => {
      const { reportId } = await this.trackingIds.resolve(trackingId);
      const actor = this.actorOf(context);
      const history = await this.store.readStream(reportStream(reportId));
      const state = foldReport(history);
      if (!state.exists || !permits('Subscription.reportUpdated', actor, { report: state }))
        throw new DomainError('NOT_FOUND', 'No such report');
      // Without afterPosition, the events after the report as the caller would read it now.
      const after = (await parseAfterPosition(this.log, afterPosition)) ?? history.at(-1)!.globalPosition;
      return { follower: new ReportFollower(this.store, this.log, reportId, actor), after };
    });
  }

  @ResolveField(() => String, {
    nullable: true,
    description:
      'On reportUpdated messages, the global position of the event the report is shown as of (pass it as afterPosition to resume); null elsewhere',
  })
  position(@Parent() report: ReportView & { position?: string }): string | null {
    return report.position ?? null;
  }

  @Subscription(() => InboxChange, {
    description:
      "Each report event that concerns an agency's worklist, in order: the report is with the agency after it, or left it (forwarded or declined: agencyId then names where it went, or null; resolved, closed or escalated: status says so). The agency's own roles, ADMIN and OMBUDSMAN",
    resolve: (message: InboxMessage) => message,
  })
  agencyInboxChanged(
    @Args('agencyId') agencyId: string,
    @Args('afterPosition', AFTER_POSITION) afterPosition: string | null,
    @Context() context: RequestContext,
  ) {
    return follow(this.feed, this.log, async () => {
      if (!permits('Subscription.agencyInboxChanged', this.actorOf(context), { agencyId }))
        throw new DomainError(
          'FORBIDDEN',
          "Only the agency itself, admins and the Ombudsman may follow an agency's inbox",
        );
      await this.registry.agency(agencyId);
      const after = await parseAfterPosition(this.log, afterPosition);
      return { follower: new InboxFollower(this.store, this.log, agencyId), after };
    });
  }

  private actorOf(context: RequestContext) {
    if (!context.actor) throw new DomainError('FORBIDDEN', context.authError ?? 'Not authenticated');
    return context.actor;
  }
}
