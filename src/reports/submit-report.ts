import { randomUUID } from 'node:crypto';
import { Inject } from '@nestjs/common';
import { Command, CommandBus, CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { DomainError } from '../../contexts/domain-error.js';
import { principalOf } from '../../contexts/principals/principal.js';
import type { ReportCommand } from '../../contexts/reports/report.commands.js';
import { reportStream, type ReportEvent } from '../../contexts/reports/report.events.js';
import { type ReportState } from '../../contexts/reports/report.state.js';
import { CLOCK, type Clock } from '../clock.js';
import { eventMetadata, type CommandOrigin } from '../commands/event-metadata.js';
import { type CommandOutcome } from '../commands/run-command.js';
import { uuidFromName } from '../commands/uuid-from-name.js';
import { EVENT_STORE, type EventStore } from '../event-store/event-store.port.js';
import { CheckNewReport, ExecuteReportCommand } from './execute-report-command.js';
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

@CommandHandler(SubmitNewReport)
export class SubmitNewReportHandler implements ICommandHandler<SubmitNewReport> {
  constructor(
    @Inject(EVENT_STORE) private readonly store: EventStore,
    @Inject(CLOCK) private readonly clock: Clock,
    private readonly trackingIds: TrackingIdRegistry,
    private readonly commands: CommandBus,
  ) {}

  async execute({
    report,
    idempotencyKey,
    origin: given,
  }: SubmitNewReport): Promise<CommandOutcome<ReportState, ReportEvent>> {
    // The tracking id and the report are two appends of one submission: one correlation id for both.
    const origin = { ...given, correlationId: given.correlationId ?? randomUUID() };
    const reportId = idempotencyKey
      ? uuidFromName(`submission:${principalOf(origin.actor)}:${idempotencyKey}`)
      : randomUUID();
    if (idempotencyKey) {
      const earlier = await this.existing(reportId);
      if (earlier) return earlier;
    }
    // Decided first: a submission refused (an attachment URL, a reporterRef from a reporter...) writes nothing.
    await this.commands.execute(
      new CheckNewReport({ type: 'SubmitReport', reportId, trackingId: '', ...report }, origin),
    );
    const trackingId = await this.trackingIds.reserve(reportId, {
      ...eventMetadata(origin, this.clock.now(), 'SubmitReport'),
      correlationId: origin.correlationId,
    });
    try {
      return await this.commands.execute(
        new ExecuteReportCommand(
          reportId,
          { type: 'SubmitReport', reportId, trackingId, ...report },
          origin,
          !idempotencyKey,
        ),
      );
    } catch (error) {
      const earlier =
        idempotencyKey && error instanceof DomainError && error.code === 'CONFLICT'
          ? await this.existing(reportId)
          : null;
      if (earlier) return earlier;
      throw error;
    }
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
