import { Inject } from '@nestjs/common';
import { Command, CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import type { DeadlinePolicy } from '../../contexts/calendar/deadline-policy.js';
import { NO_HOLIDAYS } from '../../contexts/calendar/holidays.js';
import type { ReportCommand } from '../../contexts/reports/report.commands.js';
import { reportDecider } from '../../contexts/reports/report.decide.js';
import { reportStream, type ReportEvent } from '../../contexts/reports/report.events.js';
import type { ReportState } from '../../contexts/reports/report.state.js';
import { HolidayCalendarService } from '../calendar/holiday-calendar.service.js';
import { CLOCK, type Clock } from '../clock.js';
import { eventMetadata, type CommandOrigin } from '../commands/event-metadata.js';
import { KeyedLock } from '../commands/keyed-lock.js';
import { runDecider, type CommandOutcome } from '../commands/run-command.js';
import { EVENT_STORE, type EventStore } from '../event-store/event-store.port.js';
import { Metrics } from '../observability/metrics.js';
import { ATTACHMENT_URL_SCHEMES, assertAttachmentSchemes } from './attachment-schemes.js';

/** The deadline policy (working days to verify, to follow up, ...) decisions are made with. */
export const DEADLINE_POLICY = Symbol('DeadlinePolicy');

export class ExecuteReportCommand extends Command<CommandOutcome<ReportState, ReportEvent>> {
  constructor(
    readonly reportId: string,
    readonly command: ReportCommand,
    readonly origin: CommandOrigin,
    /** The report id is a new random uuid: nothing to read before the first append. */
    readonly freshStream = false,
  ) {
    super();
  }
}

/**
 * Decides a new report's submission without recording it: what a submission must pass before its
 * tracking id is drawn, so a refused one writes nothing at all.
 */
export class CheckNewReport extends Command<ReportEvent[]> {
  constructor(
    readonly command: Extract<ReportCommand, { type: 'SubmitReport' }>,
    readonly origin: CommandOrigin,
  ) {
    super();
  }
}

@CommandHandler(ExecuteReportCommand)
export class ExecuteReportCommandHandler implements ICommandHandler<ExecuteReportCommand> {
  constructor(
    @Inject(EVENT_STORE) private readonly store: EventStore,
    @Inject(CLOCK) private readonly clock: Clock,
    @Inject(DEADLINE_POLICY) private readonly policy: DeadlinePolicy,
    private readonly holidays: HolidayCalendarService,
    private readonly streams: KeyedLock,
    @Inject(ATTACHMENT_URL_SCHEMES) private readonly attachmentSchemes: readonly string[],
    private readonly metrics: Metrics,
  ) {}

  async execute({
    reportId,
    command,
    origin,
    freshStream,
  }: ExecuteReportCommand): Promise<CommandOutcome<ReportState, ReportEvent>> {
    const started = performance.now();
    let outcome = 'ok';
    try {
      assertAttachmentSchemes(command, this.attachmentSchemes);
      const now = this.clock.now();
      const context = { now, actor: origin.actor, calendar: await this.holidays.current(), policy: this.policy };
      return await runDecider(this.store, this.streams, reportDecider, {
        streamId: reportStream(reportId),
        command,
        context,
        metadata: eventMetadata(origin, now, command.type),
        freshStream,
      });
    } catch (error) {
      outcome = (error as { code?: string }).code ?? 'error';
      throw error;
    } finally {
      this.metrics.commandDuration.observe({ command: command.type, outcome }, (performance.now() - started) / 1000);
    }
  }
}

@CommandHandler(CheckNewReport)
export class CheckNewReportHandler implements ICommandHandler<CheckNewReport> {
  constructor(
    @Inject(CLOCK) private readonly clock: Clock,
    @Inject(DEADLINE_POLICY) private readonly policy: DeadlinePolicy,
    @Inject(ATTACHMENT_URL_SCHEMES) private readonly attachmentSchemes: readonly string[],
  ) {}

  async execute({ command, origin }: CheckNewReport): Promise<ReportEvent[]> {
    assertAttachmentSchemes(command, this.attachmentSchemes);
    // Holidays move a submission's deadline, never whether it is refused: no read of the calendar here.
    const context = { now: this.clock.now(), actor: origin.actor, calendar: NO_HOLIDAYS, policy: this.policy };
    return reportDecider.decide(command, reportDecider.initial, context);
  }
}
