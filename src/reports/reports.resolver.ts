import { randomUUID } from 'node:crypto';
import { CommandBus } from '@nestjs/cqrs';
import { Args, Context, Mutation, Query, Resolver } from '@nestjs/graphql';
import { DomainError } from '../../contexts/domain-error.js';
import { guestPrincipal, principalOf, reportOwner } from '../../contexts/principals/principal.js';
import type { ReportCommand } from '../../contexts/reports/report.commands.js';
import type { Actor } from '../../contexts/principals/actor.js';
import { type ReportEvent, type SealedIdentity } from '../../contexts/reports/report.events.js';
import { type ReportState } from '../../contexts/reports/report.state.js';
import { AgencyRegistry } from '../agencies/agency-registry.js';
import { permits } from '../auth/access-policy.js';
import { CurrentActor, type RequestContext } from '../auth/current-actor.js';
import { type CommandOutcome } from '../commands/run-command.js';
import { uuidFromName } from '../commands/uuid-from-name.js';
import { ReporterVault } from '../privacy/reporter-vault.js';
import { ExecuteReportCommand } from './execute-report-command.js';
import type { CommandOrigin } from '../commands/event-metadata.js';
import { toReportView, ReportMutationResult, ReportView } from './report.model.js';
import {
  AcceptResolutionInput,
  EscalateInput,
  InternalNoteInput,
  MessageInput,
  OmbudsmanFindingInput,
  OptionalReasonInput,
  ProvideClarificationInput,
  ReasonInput,
  RejectReportInput,
  ReportRefInput,
  RequestClarificationInput,
  RouteReportInput,
  SubmitReportInput,
  VerifyReportInput,
} from './report.inputs.js';
import { SubmitNewReport } from './submit-report.js';
import { TrackingIdRegistry } from './tracking-id-registry.js';
import { ReportStates } from './report-states.js';

/** One mutation per report command: input → command → the report's new state. */
@Resolver(() => ReportView)
export class ReportsResolver {
  constructor(
    private readonly commands: CommandBus,
    private readonly trackingIds: TrackingIdRegistry,
    private readonly registry: AgencyRegistry,
    private readonly states: ReportStates,
    private readonly vault: ReporterVault,
  ) {}

  @Query(() => ReportView, { description: 'A report by its tracking id, folded from its events' })
  async report(@Args('trackingId') trackingId: string, @CurrentActor() actor: Actor): Promise<ReportView> {
    const { reportId } = await this.trackingIds.resolve(trackingId);
    const state = await this.states.current(reportId);
    if (!state.exists || !permits('Query.report', actor, { report: state }))
      throw new DomainError('NOT_FOUND', `No report has tracking id ${trackingId}`);
    return toReportView(state);
  }

  @Mutation(() => ReportMutationResult, { description: 'Anyone may submit, without a token too (channel WEB)' })
  async submitReport(
    @Args('input') input: SubmitReportInput,
    @CurrentActor() actor: Actor,
    @Context() context: RequestContext,
  ): Promise<ReportMutationResult> {
    if (input.category) await this.registry.assertCategory(input.category);
    const reporterRef = input.reporterRef ?? null;
    const identity = await this.sealIdentity(input, reportOwner(actor, reporterRef), actor);
    const location = input.location
      ? {
          regionCode: input.location.regionCode ?? null,
          address: input.location.address ?? null,
          lat: input.location.lat ?? null,
          lon: input.location.lon ?? null,
        }
      : null;
    const outcome = await this.commands.execute(
      new SubmitNewReport(
        {
          kind: input.kind,
          title: input.title.trim(),
          description: input.description.trim(),
          category: input.category ?? null,
          channel: actor.role === 'PUBLIC' ? 'WEB' : input.channel,
          location,
          attachments: input.attachments,
          anonymous: input.anonymous,
          confidential: input.confidential,
          reporterRef,
          identity,
        },
        input.idempotencyKey ?? null,
        origin(actor, context),
      ),
    );
    return result(outcome);
  }

  @Mutation(() => ReportMutationResult)
  requestClarification(
    @Args('input') input: RequestClarificationInput,
    @CurrentActor() actor: Actor,
    @Context() context: RequestContext,
  ) {
    return this.run(input, actor, context, { type: 'RequestClarification', question: input.question });
  }

  @Mutation(() => ReportMutationResult)
  provideClarification(
    @Args('input') input: ProvideClarificationInput,
    @CurrentActor() actor: Actor,
    @Context() context: RequestContext,
  ) {
    return this.run(input, actor, context, {
      type: 'ProvideClarification',
      answer: input.answer,
      attachments: input.attachments,
    });
  }

  @Mutation(() => ReportMutationResult)
  async verifyReport(
    @Args('input') input: VerifyReportInput,
    @CurrentActor() actor: Actor,
    @Context() context: RequestContext,
  ) {
    await this.registry.assertCategory(input.category);
    return this.run(input, actor, context, {
      type: 'VerifyReport',
      category: input.category,
      kind: input.kind ?? null,
      anonymous: input.anonymous ?? null,
      confidential: input.confidential ?? null,
    });
  }

  @Mutation(() => ReportMutationResult)
  async rejectReport(
    @Args('input') input: RejectReportInput,
    @CurrentActor() actor: Actor,
    @Context() context: RequestContext,
  ) {
    const duplicateOf = input.duplicateOf ? (await this.trackingIds.resolve(input.duplicateOf)).trackingId : null;
    return this.run(input, actor, context, {
      type: 'RejectReport',
      reason: input.reason,
      duplicateOf,
      text: input.text ?? null,
    });
  }

  @Mutation(() => ReportMutationResult, {
    description: 'Routes a verified report to a connected agency (and one of its units)',
  })
  async dispositionReport(
    @Args('input') input: RouteReportInput,
    @CurrentActor() actor: Actor,
    @Context() context: RequestContext,
  ) {
    const agency = await this.registry.target(input.agencyId);
    return this.run(input, actor, context, {
      type: 'DispositionReport',
      agency,
      unitId: input.unitId ?? null,
      note: input.note ?? null,
    });
  }

  @Mutation(() => ReportMutationResult, {
    description: 'The agency declares the report not its authority (bukan wewenang)',
  })
  declineDisposition(
    @Args('input') input: ReasonInput,
    @CurrentActor() actor: Actor,
    @Context() context: RequestContext,
  ) {
    return this.run(input, actor, context, { type: 'DeclineDisposition', reason: input.reason });
  }

  @Mutation(() => ReportMutationResult)
  async forwardReport(
    @Args('input') input: RouteReportInput,
    @CurrentActor() actor: Actor,
    @Context() context: RequestContext,
  ) {
    const agency = await this.registry.target(input.agencyId);
    return this.run(input, actor, context, {
      type: 'ForwardReport',
      agency,
      unitId: input.unitId ?? null,
      note: input.note ?? null,
    });
  }

  @Mutation(() => ReportMutationResult)
  startFollowUp(
    @Args('input') input: ReportRefInput,
    @CurrentActor() actor: Actor,
    @Context() context: RequestContext,
  ) {
    return this.run(input, actor, context, { type: 'StartFollowUp' });
  }

  @Mutation(() => ReportMutationResult, { description: 'A public response to the reporter' })
  postFollowUp(@Args('input') input: MessageInput, @CurrentActor() actor: Actor, @Context() context: RequestContext) {
    return this.run(input, actor, context, {
      type: 'PostFollowUp',
      message: input.message,
      attachments: input.attachments,
    });
  }

  @Mutation(() => ReportMutationResult, { description: 'A note the reporter never sees' })
  addInternalNote(
    @Args('input') input: InternalNoteInput,
    @CurrentActor() actor: Actor,
    @Context() context: RequestContext,
  ) {
    return this.run(input, actor, context, { type: 'AddInternalNote', note: input.note });
  }

  @Mutation(() => ReportMutationResult, { description: 'The final follow-up' })
  resolveReport(@Args('input') input: MessageInput, @CurrentActor() actor: Actor, @Context() context: RequestContext) {
    return this.run(input, actor, context, {
      type: 'ResolveReport',
      message: input.message,
      attachments: input.attachments,
    });
  }

  @Mutation(() => ReportMutationResult)
  acceptResolution(
    @Args('input') input: AcceptResolutionInput,
    @CurrentActor() actor: Actor,
    @Context() context: RequestContext,
  ) {
    return this.run(input, actor, context, {
      type: 'AcceptResolution',
      rating: input.rating,
      comment: input.comment ?? null,
    });
  }

  @Mutation(() => ReportMutationResult)
  disputeResolution(
    @Args('input') input: ReasonInput,
    @CurrentActor() actor: Actor,
    @Context() context: RequestContext,
  ) {
    return this.run(input, actor, context, { type: 'DisputeResolution', reason: input.reason });
  }

  @Mutation(() => ReportMutationResult)
  reopenReport(
    @Args('input') input: OptionalReasonInput,
    @CurrentActor() actor: Actor,
    @Context() context: RequestContext,
  ) {
    return this.run(input, actor, context, { type: 'ReopenReport', reason: input.reason ?? null });
  }

  @Mutation(() => ReportMutationResult)
  escalateToOmbudsman(
    @Args('input') input: EscalateInput,
    @CurrentActor() actor: Actor,
    @Context() context: RequestContext,
  ) {
    return this.run(input, actor, context, {
      type: 'EscalateToOmbudsman',
      reason: input.reason,
      note: input.note ?? null,
    });
  }

  @Mutation(() => ReportMutationResult)
  recordOmbudsmanFinding(
    @Args('input') input: OmbudsmanFindingInput,
    @CurrentActor() actor: Actor,
    @Context() context: RequestContext,
  ) {
    return this.run(input, actor, context, {
      type: 'RecordOmbudsmanFinding',
      finding: input.finding,
      recommendation: input.recommendation ?? null,
      outcome: input.outcome,
    });
  }

  /** Sealed under the report owner's principal; reporters without one (the public, SMS) get a guest principal, so their data can still be erased. */
  private async sealIdentity(
    input: SubmitReportInput,
    owner: string | null,
    actor: Actor,
  ): Promise<SealedIdentity | null> {
    const given = input.reporter;
    if (!given) return null;
    const identity = {
      name: given.name ?? null,
      nik: given.nik ?? null,
      phone: given.phone ?? null,
      email: given.email ?? null,
      personalDetails: given.personalDetails ?? null,
    };
    if (Object.values(identity).every((value) => value === null)) return null;
    const subject =
      owner ??
      guestPrincipal(
        input.idempotencyKey ? uuidFromName(`guest:${principalOf(actor)}:${input.idempotencyKey}`) : randomUUID(),
      );
    return this.vault.seal(subject, identity);
  }

  private async run(
    input: ReportRefInput,
    actor: Actor,
    context: RequestContext,
    command: ReportCommand,
  ): Promise<ReportMutationResult> {
    const { reportId } = await this.trackingIds.resolve(input.trackingId);
    return result(await this.commands.execute(new ExecuteReportCommand(reportId, command, origin(actor, context))));
  }
}

function origin(actor: Actor, context: RequestContext): CommandOrigin {
  return { actor, channel: context.channel, correlationId: context.correlationId };
}

function result(outcome: CommandOutcome<ReportState, ReportEvent>): ReportMutationResult {
  return { report: toReportView(outcome.state), position: outcome.position?.toString() ?? null };
}
