import { randomUUID } from 'node:crypto';
import { Inject } from '@nestjs/common';
import { Command, CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import type { DeadlinePolicy } from '../../contexts/calendar/deadline-policy.js';
import { DomainError } from '../../contexts/domain-error.js';
import { principalOf } from '../../contexts/principals/principal.js';
import type { ReportCommand } from '../../contexts/reports/report.commands.js';
import { reportDecider } from '../../contexts/reports/report.decide.js';
import { reportStream, type ReportEvent } from '../../contexts/reports/report.events.js';
import { type ReportState } from '../../contexts/reports/report.state.js';
import { HolidayCalendarService } from '../calendar/holiday-calendar.service.js';
import { CLOCK, type Clock } from '../clock.js';
import { eventMetadata, type CommandOrigin } from '../commands/event-metadata.js';
import { newEvents, type CommandOutcome } from '../commands/run-command.js';
import { uuidFromName } from '../commands/uuid-from-name.js';
import { WrongExpectedVersionError } from '../event-store/errors.js';
import { EVENT_STORE, type EventStore } from '../event-store/event-store.port.js';
import { Metrics } from '../observability/metrics.js';
import { ATTACHMENT_URL_SCHEMES, assertAttachmentSchemes } from './attachment-schemes.js';
import { DEADLINE_POLICY, observeCommand } from './execute-report-command.js';
import { TrackingIdRegistry } from './tracking-id-registry.js';
import { foldReport } from './fold-report.js';

export type NewReport = Omit<Extract<ReportCommand, { type: 'SubmitReport' }>, 'type' | 'reportId' | 'trackingId'>;

export class SubmitNewReport extends Command<CommandOutcome<ReportState, ReportEvent>> {
  constructor(
    readonly report: NewReport,
    /** The client's key: the same principal submitting with the same key again gets the same report. */
    readonly idempotencyKey: string | null,
    readonly origin: CommandOrigin,
  ) {
    super();
  }
}

/**
 * A submission is decided first (one refused writes nothing), then its tracking id's stream and the
 * report's stream are written together: one INSERT, one commit, one position.
 */
@CommandHandler(SubmitNewReport)
export class SubmitNewReportHandler implements ICommandHandler<SubmitNewReport> {
  constructor(
    @Inject(EVENT_STORE) private readonly store: EventStore,
    @Inject(CLOCK) private readonly clock: Clock,
    @Inject(DEADLINE_POLICY) private readonly policy: DeadlinePolicy,
    @Inject(ATTACHMENT_URL_SCHEMES) private readonly attachmentSchemes: readonly string[],
    private readonly holidays: HolidayCalendarService,
    private readonly trackingIds: TrackingIdRegistry,
    private readonly metrics: Metrics,
  ) {}

  async execute({
    report,
    idempotencyKey,
    origin,
  }: SubmitNewReport): Promise<CommandOutcome<ReportState, ReportEvent>> {
    const reportId = idempotencyKey
      ? uuidFromName(`submission:${principalOf(origin.actor)}:${idempotencyKey}`)
      : randomUUID();
    if (idempotencyKey) {
      // A retry of a recorded submission: answered from its stream, not a command (nor a sample of its duration).
      const earlier = await this.existing(reportId);
      if (earlier) return earlier;
    }
    return observeCommand(this.metrics, 'SubmitReport', async () => {
      const now = this.clock.now();
      const context = { now, actor: origin.actor, calendar: await this.holidays.current(), policy: this.policy };
      const metadata = {
        ...eventMetadata(origin, now, 'SubmitReport'),
        correlationId: origin.correlationId ?? randomUUID(),
      };
      let events: ReportEvent[] = [];
      const decide = (trackingId: string) => {
        const command = { type: 'SubmitReport' as const, reportId, trackingId, ...report };
        assertAttachmentSchemes(command, this.attachmentSchemes);
        events = reportDecider.decide(command, reportDecider.initial, context);
        return { streamId: reportStream(reportId), events: newEvents(reportDecider.schemaVersions, events) };
      };
      try {
        const { position } = await this.trackingIds.assign(reportId, metadata, decide);
        const at = metadata.occurredAt;
        const state = events.reduce((folded, event) => reportDecider.evolve(folded, event, at), reportDecider.initial);
        return { state, events, position };
      } catch (error) {
        if (!(error instanceof WrongExpectedVersionError)) throw error;
        // The same key a moment ago, in another request or instance: its report is the answer.
        const earlier = idempotencyKey ? await this.existing(reportId) : null;
        if (earlier) return earlier;
        throw new DomainError('CONFLICT', 'This report was submitted at the same moment by another request; try again');
      }
    });
  }

  private async existing(reportId: string): Promise<CommandOutcome<ReportState, ReportEvent> | null> {
    const history = await this.store.readStream(reportStream(reportId));
    if (history.length === 0) return null;
    return {
      state: foldReport(history),
      events: [],
      position: history.at(-1)!.globalPosition,
    };
  }
}
