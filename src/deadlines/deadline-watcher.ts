import {
  Inject,
  Injectable,
  Logger,
  type OnApplicationBootstrap,
  type BeforeApplicationShutdown,
} from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import type { Actor } from '../../contexts/principals/actor.js';
import { CLOCK, type Clock } from '../clock.js';
import { Metrics } from '../observability/metrics.js';
import { ExecuteReportCommand } from '../reports/execute-report-command.js';
import { InjectDataSource } from '@nestjs/typeorm';
import type { DataSource } from 'typeorm';
import { reportsPastDue } from '../../projections/report-status/report-status.queries.js';
import { ProjectionEngine } from '../projection-engine/projection-engine.js';
import type { AppConfig } from '../config/config.js';
import { runsBackgroundWork } from '../config/instance-role.js';
import { APP_CONFIG } from '../shared.module.js';

export const DEADLINE_WATCH_INTERVAL = Symbol('DeadlineWatchInterval');
const WATCHER: Actor = { id: 'deadline-watcher', role: 'SYSTEM' };

/**
 * Records passed deadlines (DeadlineMissed, and ReportClosed for an unanswered resolution).
 * The report-status read model (next_due_at) says which reports to look at; each report's own
 * events decide. So several instances may watch at once and restart at any time: the
 * expected-version check lets only one of two racing watchers record a deadline, and the loser
 * folds again and finds nothing left to do. It does not run on an api instance (INSTANCE_ROLE).
 */
@Injectable()
export class DeadlineWatcher implements OnApplicationBootstrap, BeforeApplicationShutdown {
  private readonly logger = new Logger('DeadlineWatcher');
  private timer: NodeJS.Timeout | undefined;
  private running: Promise<number> | undefined;

  constructor(
    private readonly engine: ProjectionEngine,
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly commands: CommandBus,
    @Inject(CLOCK) private readonly clock: Clock,
    @Inject(DEADLINE_WATCH_INTERVAL) private readonly intervalMs: number,
    private readonly metrics: Metrics,
    @Inject(APP_CONFIG) private readonly config: Pick<AppConfig, 'instanceRole'>,
  ) {}

  onApplicationBootstrap(): void {
    if (this.intervalMs > 0 && runsBackgroundWork(this.config))
      this.timer = setInterval(
        () => void this.tick().catch((error: unknown) => this.logger.error(error)),
        this.intervalMs,
      );
  }

  async beforeApplicationShutdown(): Promise<void> {
    clearInterval(this.timer);
    await this.running?.catch(() => undefined);
  }

  /** One pass; overlapping calls share the pass in progress. Returns the number of reports that got events. */
  tick(): Promise<number> {
    this.running ??= this.pass()
      .then(
        (changed) => {
          this.metrics.deadlineWatcherRuns.inc({ outcome: 'ok' });
          this.metrics.deadlinesRecorded.inc(changed);
          return changed;
        },
        (error: unknown) => {
          this.metrics.deadlineWatcherRuns.inc({ outcome: 'failed' });
          throw error;
        },
      )
      .finally(() => (this.running = undefined));
    return this.running;
  }

  private async pass(): Promise<number> {
    await this.engine.waitForHead(['report-status']);
    let changed = 0;
    for (const reportId of await reportsPastDue(this.dataSource, this.clock.now(), 1000)) {
      const outcome = await this.commands.execute(
        new ExecuteReportCommand(reportId, { type: 'RecordMissedDeadlines' }, { actor: WATCHER, channel: 'SYSTEM' }),
      );
      if (outcome.events.length > 0) changed++;
    }
    return changed;
  }
}
