import { Inject } from '@nestjs/common';
import { Args, Context, Mutation, Parent, Query, ResolveField, Resolver } from '@nestjs/graphql';
import { DomainError } from '../../contexts/domain-error.js';
import {
  type ReporterDataCommand,
  type ReporterDataEvent,
  reporterDataDecider,
  reporterDataStream,
} from '../../contexts/reporters/reporter-data.events.js';
import { dataSubjectsOf, principalOf } from '../../contexts/principals/principal.js';
import type { Actor } from '../../contexts/principals/actor.js';
import { permits } from '../auth/access-policy.js';
import { CurrentActor, type RequestContext } from '../auth/current-actor.js';
import { CLOCK, type Clock } from '../clock.js';
import { eventMetadata } from '../commands/event-metadata.js';
import { KeyedLock } from '../commands/keyed-lock.js';
import { runDecider } from '../commands/run-command.js';
import { EVENT_STORE, type EventStore } from '../event-store/event-store.port.js';
import { ReportView } from '../reports/report.model.js';
import { TrackingIdRegistry } from '../reports/tracking-id-registry.js';
import {
  ErasureResult,
  ReporterDataAccess,
  ReporterIdentityView,
  RevealedIdentity,
  RevealIdentityInput,
} from './reporter-data.model.js';
import { ReporterVault, type ReporterIdentity } from './reporter-vault.js';
import { ReportStates } from '../reports/report-states.js';
import { positionText } from '../graphql/mutation-fields.js';

/**
 * Reporter identity: shown in `Report.reporter` to the reporter themself only; staff read it
 * through revealReporterIdentity, which records who looked and why before it answers;
 * eraseReporterData destroys the reporter's key (crypto-shredding).
 */
@Resolver(() => ReportView)
export class ReporterDataResolver {
  constructor(
    private readonly vault: ReporterVault,
    private readonly trackingIds: TrackingIdRegistry,
    @Inject(EVENT_STORE) private readonly store: EventStore,
    private readonly states: ReportStates,
    @Inject(CLOCK) private readonly clock: Clock,
    private readonly streams: KeyedLock,
  ) {}

  @ResolveField(() => ReporterIdentityView, {
    nullable: true,
    description:
      "The reporter's identity: for the reporter themself (and the integrator that submitted for them), null for everyone else",
  })
  async reporter(
    @Parent() report: ReportView,
    @Context() context: RequestContext,
  ): Promise<ReporterIdentityView | null> {
    if (!report.identity || !context.actor || !permits('Report.reporter', context.actor, { report: report.access }))
      return null;
    return view(await this.vault.open(report.identity));
  }

  @Mutation(() => RevealedIdentity, {
    description:
      "Reads a reporter's identity for a stated reason; the access is recorded first (reporterDataAccessLog)",
  })
  async revealReporterIdentity(
    @Args('input') input: RevealIdentityInput,
    @CurrentActor() actor: Actor,
    @Context() context: RequestContext,
  ): Promise<RevealedIdentity> {
    const { reportId, trackingId } = await this.trackingIds.resolve(input.trackingId);
    const report = await this.states.current(reportId);
    if (!report.exists || !permits('Query.report', actor, { report }))
      throw new DomainError('NOT_FOUND', `No report has tracking id ${input.trackingId}`);
    if (!permits('Mutation.revealReporterIdentity', actor, { report })) {
      throw new DomainError(
        'FORBIDDEN',
        report.anonymous
          ? 'The identity of an anonymous reporter is for admins and the Ombudsman only'
          : 'This report is not with your agency',
      );
    }
    if (!report.identity) throw new DomainError('NOT_FOUND', 'This report carries no reporter identity');
    const { subject } = report.identity;
    const position = await this.record(
      subject,
      { type: 'RecordIdentityReveal', reportId, trackingId, reason: input.reason.trim() },
      actor,
      context,
    );
    return { reporterId: subject, identity: view(await this.vault.open(report.identity)), position };
  }

  @Mutation(() => ErasureResult, {
    description:
      "Erases a reporter's personal data everywhere by destroying their key; reports stay, their hashes still verify",
  })
  async eraseReporterData(
    @Args('reporterId') reporterId: string,
    @CurrentActor() actor: Actor,
    @Context() context: RequestContext,
  ): Promise<ErasureResult> {
    assertSubject(reporterId);
    if (!permits('Mutation.eraseReporterData', actor, { reporterId }))
      throw new DomainError('FORBIDDEN', 'A reporter may erase only their own data');
    const [subject, ...older] = subjectsFor(reporterId, actor);
    // The keys go first: a failure after them leaves the data erased, and a retry records the erasure.
    let keyDestroyed = false;
    for (const each of [subject!, ...older]) keyDestroyed = (await this.vault.erase(each)) || keyDestroyed;
    const position = await this.record(subject!, { type: 'RecordErasure', keyDestroyed }, actor, context);
    return { reporterId: subject!, keyDestroyed, position };
  }

  @Query(() => [ReporterDataAccess], {
    description: "Every access to a reporter's identity and its erasure, oldest first",
  })
  async reporterDataAccessLog(
    @Args('reporterId') reporterId: string,
    @CurrentActor() actor: Actor,
  ): Promise<ReporterDataAccess[]> {
    assertSubject(reporterId);
    if (!permits('Query.reporterDataAccessLog', actor, { reporterId }))
      throw new DomainError('FORBIDDEN', 'A reporter may see only who accessed their own data');
    const streams = await Promise.all(
      subjectsFor(reporterId, actor).map((subject) => this.store.readStream(reporterDataStream(subject))),
    );
    const events = streams
      .flat()
      .sort((a, b) => a.recordedAt.getTime() - b.recordedAt.getTime() || Number(a.globalPosition - b.globalPosition));
    return events.map((event) => {
      const data = event.data as ReporterDataEvent['data'];
      return {
        type: event.type,
        at: event.recordedAt.toISOString(),
        actorId: event.metadata.actor.id,
        actorRole: event.metadata.actor.role,
        trackingId: 'trackingId' in data ? data.trackingId : null,
        reason: 'reason' in data ? data.reason : null,
      };
    });
  }

  private async record(
    subject: string,
    command: ReporterDataCommand,
    actor: Actor,
    context: RequestContext,
  ): Promise<string | null> {
    const { position } = await runDecider(this.store, this.streams, reporterDataDecider, {
      streamId: reporterDataStream(subject),
      command,
      context: { subject },
      metadata: eventMetadata(
        { actor, channel: context.channel, correlationId: context.correlationId },
        this.clock.now(),
        command.type,
      ),
    });
    return positionText(position);
  }
}

/** A reporter's own data is everything sealed under their principal (and under their bare id, before principals); staff name one subject, a reporter principal included the same way. */
function subjectsFor(reporterId: string, actor: Actor): string[] {
  return dataSubjectsOf(actor.role === 'REPORTER' ? principalOf(actor) : reporterId);
}

function assertSubject(reporterId: string): void {
  // eslint-disable-next-line no-control-regex -- control characters are what is refused
  if (reporterId.length < 1 || reporterId.length > 200 || /[\u0000-\u001f]/.test(reporterId))
    throw new DomainError('BAD_USER_INPUT', 'reporterId must be 1 to 200 characters, without control characters');
}

function view(identity: ReporterIdentity | null): ReporterIdentityView {
  if (!identity) return { name: null, nik: null, phone: null, email: null, personalDetails: null, erased: true };
  return { ...identity, erased: false };
}
