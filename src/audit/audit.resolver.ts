import { Inject } from '@nestjs/common';
import { Args, Int, Query, Resolver } from '@nestjs/graphql';
import { DomainError } from '../../contexts/domain-error.js';
import { reportStream } from '../../contexts/reports/report.events.js';
import { EVENT_LOG, type EventLog } from '../event-store/event-log.port.js';
import {
  EVENT_STORE,
  STORED_EVENT_STORE,
  type EventStore,
  type RecordedEvent,
} from '../event-store/event-store.port.js';
import { toReportView, ReportView } from '../reports/report.model.js';
import { TrackingIdRegistry } from '../reports/tracking-id-registry.js';
import { anchorProof } from './anchor-proof.js';
import { toBundle } from './audit-bundle.js';
import { AgencyCaseView, AuditEventView, toAuditEventView, VerifyView } from './audit.model.js';
import { foldReport } from '../reports/fold-report.js';
import { DateTimeScalar } from '../graphql/scalars.js';
import { AgencyRegistry } from '../agencies/agency-registry.js';

/**
 * The Ombudsman's view: every answer here comes from the events themselves (never a read model),
 * so what it shows is what was recorded, as it was recorded. For OMBUDSMAN and ADMIN only.
 */
@Resolver()
export class AuditResolver {
  constructor(
    @Inject(EVENT_STORE) private readonly store: EventStore,
    @Inject(STORED_EVENT_STORE) private readonly stored: EventStore,
    @Inject(EVENT_LOG) private readonly log: EventLog,
    private readonly trackingIds: TrackingIdRegistry,
    private readonly registry: AgencyRegistry,
  ) {}

  @Query(() => [AuditEventView], {
    description: 'Every event of a report in order, with metadata, positions, recordedAt and hash (OMBUDSMAN, ADMIN)',
  })
  async reportHistory(@Args('trackingId') trackingId: string): Promise<AuditEventView[]> {
    return (await this.history(trackingId)).map(toAuditEventView);
  }

  @Query(() => ReportView, {
    description:
      'The report as it stood at a past moment (asOf: a DateTime, compared with when each event happened, occurredAt: an imported case answers for its original dates) or after a version, deadlines included (OMBUDSMAN, ADMIN)',
  })
  async reportAt(
    @Args('trackingId') trackingId: string,
    @Args('asOf', { type: () => DateTimeScalar, nullable: true }) asOf: string | null,
    @Args('version', { type: () => Int, nullable: true }) version: number | null,
  ): Promise<ReportView> {
    if ((asOf == null) === (version == null))
      throw new DomainError('BAD_USER_INPUT', 'Give exactly one of asOf (a DateTime) and version');
    const history = await this.history(trackingId);
    const upTo =
      version != null ? history.filter((e) => e.streamVersion <= version) : happenedBy(history, new Date(asOf!));
    if (version != null && (version < 1 || version > history.length))
      throw new DomainError('BAD_USER_INPUT', `The report has versions 1 to ${history.length}`);
    if (upTo.length === 0) throw new DomainError('NOT_FOUND', `Report ${trackingId} did not exist yet at ${asOf}`);
    return toReportView(foldReport(upTo));
  }

  @Query(() => [AgencyCaseView], {
    description: 'The reports an agency held at a past moment, in the status each had then (OMBUDSMAN, ADMIN)',
  })
  async agencyCasesAt(
    @Args('agencyId') agencyId: string,
    @Args('asOf', { type: () => DateTimeScalar }) asOf: string,
  ): Promise<AgencyCaseView[]> {
    await this.registry.agency(agencyId);
    const at = new Date(asOf);
    // Only streams routed to the agency by then can have been with it.
    const cases: AgencyCaseView[] = [];
    for (const stream_id of await this.log.streamsRoutedTo(agencyId, at)) {
      const state = foldReport(happenedBy(await this.store.readStream(stream_id), at));
      if (state.agencyId === agencyId)
        cases.push({
          trackingId: state.trackingId!,
          status: state.status,
          unitId: state.unitId,
          version: state.version,
        });
    }
    return cases.sort((a, b) => a.trackingId.localeCompare(b.trackingId));
  }

  @Query(() => VerifyView, {
    description: "Checks the report stream's hash chain: ok, or the first bad version and why (OMBUDSMAN, ADMIN)",
  })
  async verifyReport(@Args('trackingId') trackingId: string): Promise<VerifyView> {
    const { reportId } = await this.trackingIds.resolve(trackingId);
    const result = await this.store.verifyStream(reportStream(reportId));
    return { ...result, reason: result.ok ? null : result.reason };
  }

  @Query(() => String, {
    description:
      'A self-contained audit bundle of the report (JSON text: the events, their hashes and the rules that compute them), checkable offline with `npm run aduan -- audit check` (OMBUDSMAN, ADMIN)',
  })
  async auditBundle(@Args('trackingId') trackingId: string): Promise<string> {
    const { trackingId: canonical, reportId } = await this.trackingIds.resolve(trackingId);
    // The bundle holds the events as stored: that is what the hashes cover.
    const streamId = reportStream(reportId);
    return JSON.stringify(
      toBundle(
        canonical,
        streamId,
        await this.stored.readStream(streamId),
        new Date(),
        await anchorProof({ stored: this.stored, log: this.log }, streamId),
      ),
    );
  }

  private async history(trackingId: string): Promise<RecordedEvent[]> {
    const { reportId } = await this.trackingIds.resolve(trackingId);
    return this.store.readStream(reportStream(reportId));
  }
}

/**
 * The events that had happened by `at` (occurredAt, which a stream's events carry in version order):
 * for a live event the moment its command ran, just before the store recorded it; for an imported
 * one its original date.
 */
function happenedBy(history: RecordedEvent[], at: Date): RecordedEvent[] {
  return history.filter((e) => Date.parse(e.metadata.occurredAt) <= at.getTime());
}
