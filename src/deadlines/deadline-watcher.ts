import { Inject, Injectable, Logger, type OnApplicationBootstrap, type OnApplicationShutdown } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import type { Actor } from '../../contexts/reports/report.commands.js';
import { CLOCK, type Clock } from '../clock.js';
import { ExecuteReportCommand } from '../reports/execute-report-command.js';
import { DeadlineSchedule } from './deadline-schedule.js';

export const DEADLINE_WATCH_INTERVAL = Symbol('DeadlineWatchInterval');
const WATCHER: Actor = { id: 'deadline-watcher', role: 'SYSTEM' };

/**
 * Records passed deadlines (DeadlineMissed, and ReportClosed for an unanswered resolution).
 * Several instances may watch at once and restart at any time: each report's own events say
 * which deadlines were recorded already, and the expected-version check lets only one of two
 * racing watchers record a deadline; the loser folds again and finds nothing left to do.
 */
@Injectable()
export class DeadlineWatcher implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger('DeadlineWatcher');
  private timer: NodeJS.Timeout | undefined;
  private running: Promise<number> | undefined;

  constructor(
    private readonly schedule: DeadlineSchedule,
    private readonly commands: CommandBus,
    @Inject(CLOCK) private readonly clock: Clock,
    @Inject(DEADLINE_WATCH_INTERVAL) private readonly intervalMs: number,
  ) {}

  onApplicationBootstrap(): void {
    if (this.intervalMs > 0) this.timer = setInterval(() => void this.tick().catch((error: unknown) => this.logger.error(error)), this.intervalMs);
  }

  async onApplicationShutdown(): Promise<void> {
    clearInterval(this.timer);
    await this.running?.catch(() => undefined);
  }

  /** One pass; overlapping calls share the pass in progress. Returns the number of reports that got events. */
  tick(): Promise<number> {
    this.running ??= this.pass().finally(() => (this.running = undefined));
    return this.running;
  }

  private async pass(): Promise<number> {
    await this.schedule.catchUp();
    let changed = 0;
    for (const reportId of await this.schedule.due(this.clock.now())) {
      const outcome = await this.commands.execute(new ExecuteReportCommand(reportId, { type: 'RecordMissedDeadlines' }, { actor: WATCHER, channel: 'SYSTEM' }));
      if (outcome.events.length > 0) changed++;
    }
    if (changed > 0) await this.schedule.catchUp();
    return changed;
  }
}
