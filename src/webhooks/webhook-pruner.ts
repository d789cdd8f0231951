import {
  Inject,
  Injectable,
  Logger,
  type BeforeApplicationShutdown,
  type OnApplicationBootstrap,
} from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { DataSource } from 'typeorm';
import { pruneSettledDeliveries } from '../../projections/webhook-outbox/webhook-outbox.queries.js';
import { CLOCK, type Clock } from '../clock.js';
import type { AppConfig } from '../config/config.js';
import { sendsWebhooks } from '../config/instance-role.js';
import { APP_CONFIG } from '../shared.module.js';

/** How often an instance prunes (every instance that sends webhooks does; each skips the rows another holds). */
const PRUNE_INTERVAL_MS = 60 * 60 * 1000;
/** Messages deleted in one statement, so that no transaction holds many rows' locks for long. */
export const PRUNE_BATCH = 5000;
const DAY_MS = 24 * 60 * 60 * 1000;

/**
 * Deletes settled webhook messages and their attempts WEBHOOK_RETENTION_DAYS after they settled: at start
 * and every hour after, on every instance that sends webhooks. They are delivery bookkeeping, not the audit
 * record (the events are), and one row per event and endpoint would otherwise grow without end.
 */
@Injectable()
export class WebhookPruner implements OnApplicationBootstrap, BeforeApplicationShutdown {
  private readonly logger = new Logger('WebhookPruner');
  private timer: NodeJS.Timeout | undefined;
  private running: Promise<number> | null = null;
  private stopped = false;

  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    @Inject(CLOCK) private readonly clock: Clock,
  ) {}

  onApplicationBootstrap(): void {
    if (this.config.webhooks.retentionDays === 0 || !sendsWebhooks(this.config)) return;
    const prune = () =>
      void this.prune().catch((error: Error) => this.logger.warn(`could not prune webhook messages: ${error.message}`));
    prune();
    this.timer = setInterval(prune, PRUNE_INTERVAL_MS);
  }

  async beforeApplicationShutdown(): Promise<void> {
    this.stopped = true;
    clearInterval(this.timer);
    await this.running?.catch(() => undefined);
  }

  /** Prunes everything due, a batch at a time (one run at a time); resolves to how many messages went. */
  prune(): Promise<number> {
    this.running ??= this.pruneDue().finally(() => (this.running = null));
    return this.running;
  }

  private async pruneDue(): Promise<number> {
    const before = new Date(this.clock.now().getTime() - this.config.webhooks.retentionDays * DAY_MS);
    let pruned = 0;
    for (;;) {
      const batch = await pruneSettledDeliveries(this.dataSource, before, PRUNE_BATCH);
      pruned += batch;
      if (batch < PRUNE_BATCH || this.stopped) break;
    }
    if (pruned > 0) this.logger.log(`pruned ${pruned} webhook messages settled before ${before.toISOString()}`);
    return pruned;
  }
}
