import { Inject } from '@nestjs/common';
import { Command, CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import type { DeadlinePolicy } from '../../contexts/calendar/deadline-policy.js';
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
  }: ExecuteReportCommand): Promise<CommandOutcome<ReportState, ReportEvent>> {
    return observeCommand(this.metrics, command.type, async () => {
      assertAttachmentSchemes(command, this.attachmentSchemes);
      const now = this.clock.now();
      const context = { now, actor: origin.actor, calendar: await this.holidays.current(), policy: this.policy };
      return runDecider(this.store, this.streams, reportDecider, {
        streamId: reportStream(reportId),
        command,
        context,
        metadata: eventMetadata(origin, now, command.type),
      });
    });
  }
}

/** Runs a report command, its duration observed by command type and outcome (ok, or the error's code). */
export async function observeCommand<T>(metrics: Metrics, command: string, run: () => Promise<T>): Promise<T> {
  const started = performance.now();
  let outcome = 'ok';
  try {
    return await run();
  } catch (error) {
    outcome = (error as { code?: string }).code ?? 'error';
    throw error;
  } finally {
    metrics.commandDuration.observe({ command, outcome }, (performance.now() - started) / 1000);
  }
}
