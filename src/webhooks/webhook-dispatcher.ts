import {
  Inject,
  Injectable,
  Logger,
  type BeforeApplicationShutdown,
  type OnApplicationBootstrap,
} from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import pg from 'pg';
import type { DataSource } from 'typeorm';
import type { Actor } from '../../contexts/principals/actor.js';
import type { WebhookEndpoint } from '../../contexts/webhooks/webhook-endpoint.js';
import { WebhookOutboxProjection } from '../../projections/webhook-outbox/webhook-outbox.projection.js';
import { CLOCK, type Clock } from '../clock.js';
import type { AppConfig } from '../config/config.js';
import { sendsWebhooks } from '../config/instance-role.js';
import { PG_POOL } from '../event-store/event-store.module.js';
import { Metrics } from '../observability/metrics.js';
import { PROJECTION_OPTIONS, type ProjectionOptions } from '../projection-engine/projection-engine.js';
import { ProjectionRunner } from '../projection-engine/projection-runner.js';
import { SharedPages } from '../projection-engine/shared-pages.js';
import { APP_CONFIG, DATABASE } from '../shared.module.js';
import type { Database } from '../database/database.js';
import { nextAttempt, settle, type Settled } from './delivery-schedule.js';
import { WebhookEndpoints } from './webhook-endpoints.js';
import { WebhookSender, type SendOutcome } from './webhook-sender.js';
import { webhookHeaders } from './webhook-signature.js';

/** The first key of the advisory locks that say an instance is alive (the second is its number). */
const INSTANCE_LOCK_CLASS = 44_011;
/** A claim outlives the longest attempt (15 s) with room to record it; a dead instance's claims are taken at once (its lock is gone). */
const CLAIM_MS = 60_000;
/** An endpoint that failed every attempt for this long is disabled. */
const FAILING_LIMIT_MS = 5 * 24 * 60 * 60 * 1000;
const DISPATCHER: Actor = { id: 'webhook-dispatcher', role: 'SYSTEM' };

interface Claimed {
  /** The instance number the claim names (a lost lock gives this instance a new one). */
  instance: number;
  message_id: string;
  endpoint_id: string;
  body: string;
  correlation_id: string | null;
  recorded_at: Date;
  retries: number;
  attempts: number;
  endpoint: WebhookEndpoint;
}

/**
 * Delivers webhook messages. The `webhook-outbox` consumer (a projection runner with its own
 * checkpoint and lock, so one instance at a time) turns committed events into message rows; every
 * instance then claims due messages and sends them. A claim names the instance's number, whose
 * advisory lock lives as long as the instance's connection: when an instance dies its claims are
 * free at once. Only the first pending message of a report and endpoint can be claimed, so a report's
 * messages reach an endpoint in stream order, a later one waiting while an earlier one is retried.
 */
@Injectable()
export class WebhookDispatcher implements OnApplicationBootstrap, BeforeApplicationShutdown {
  private readonly logger = new Logger('WebhookDispatcher');
  private readonly outbox: ProjectionRunner;
  private readonly sender: WebhookSender;
  private lock: pg.Client | null = null;
  /**
   * Claims and outcomes, on connections of their own that commit without waiting for the disk: a claim
   * or an outcome lost with the database's last moments means one more delivery of a message, which at
   * least once allows; waiting for the disk twice per batch halved the deliveries a second.
   */
  private readonly bookkeeping: pg.Pool;
  private readonly asynchronous = new WeakSet<pg.PoolClient>();
  private instance = 0;
  private stopped = false;
  private loop: Promise<void> | undefined;
  private wake: (() => void) | undefined;
  private woken = false;
  private inFlight = 0;
  /** The last claim took every message that was due. */
  private drained = false;
  private readonly settling = new Set<Promise<void>>();
  private outcomes: (Settled & { claimedBy: number })[] = [];
  private flushing: Promise<void> | null = null;

  constructor(
    pages: SharedPages,
    @InjectDataSource() private readonly dataSource: DataSource,
    @Inject(PG_POOL) pool: pg.Pool,
    @Inject(DATABASE) private readonly database: Pick<Database, 'url'>,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    @Inject(PROJECTION_OPTIONS) projectionOptions: ProjectionOptions,
    @Inject(CLOCK) private readonly clock: Clock,
    private readonly metrics: Metrics,
    private readonly endpoints: WebhookEndpoints,
  ) {
    this.outbox = new ProjectionRunner(new WebhookOutboxProjection(), pages, dataSource, pool, {
      batchSize: projectionOptions.batchSize,
      pollIntervalMs: projectionOptions.pollIntervalMs,
      batchIntervalMs: projectionOptions.batchIntervalMs,
      onCommitted: () => this.wakeUp(),
    });
    this.sender = new WebhookSender({ allowPrivateNetworks: config.webhooks.allowPrivateNetworks });
    this.bookkeeping = new pg.Pool({ connectionString: database.url, max: 2 });
    this.bookkeeping.on('error', (error) =>
      this.logger.warn(`a delivery bookkeeping connection failed: ${error.message}`),
    );
    metrics.watchWebhookQueues(() => this.queues());
  }

  /** Off with either poll interval 0, and on an api instance (INSTANCE_ROLE): workers record and send. */
  private get enabled(): boolean {
    return sendsWebhooks(this.config);
  }

  async onApplicationBootstrap(): Promise<void> {
    if (!this.enabled) return;
    this.outbox.start();
    await this.takeInstanceLock();
    this.loop = this.run();
  }

  async beforeApplicationShutdown(): Promise<void> {
    this.stopped = true;
    this.wake?.();
    await this.outbox.stop();
    await this.loop;
    // Attempts under way finish (at most the 15 s timeout) and are recorded; the claims of any cut short free with the lock.
    await Promise.all(this.settling);
    await this.flush();
    this.sender.close();
    const lock = this.lock;
    this.lock = null;
    await lock?.end().catch(() => undefined);
    await this.bookkeeping.end().catch(() => undefined);
  }

  /** Applies every committed event to the outbox now and sends what is due (tests; the running service does this by itself). */
  async catchUp(): Promise<void> {
    await this.outbox.catchUp();
    this.wakeUp();
  }

  /** Ends the loop's wait now, or (while it is busy) the next one at once. */
  wakeUp(): void {
    if (this.wake) this.wake();
    else this.woken = true;
  }

  /** Takes an instance number no live instance has, on a connection of its own (a pool's would be shared work). */
  private async takeInstanceLock(): Promise<void> {
    const client = new pg.Client({ connectionString: this.database.url });
    client.on('error', (error) => {
      if (this.lock !== client) return;
      this.lock = null;
      this.logger.warn(`lost its instance lock (${error.message}); others may send its claimed messages again`);
      void client.end().catch(() => undefined);
    });
    await client.connect();
    for (;;) {
      const instance = 1 + Math.floor(Math.random() * 2_147_483_646);
      const { rows } = await client.query<{ locked: boolean }>(`SELECT pg_try_advisory_lock($1, $2) AS locked`, [
        INSTANCE_LOCK_CLASS,
        instance,
      ]);
      if (rows[0]!.locked) {
        this.instance = instance;
        this.lock = client;
        return;
      }
    }
  }

  private async run(): Promise<void> {
    let failures = 0;
    while (!this.stopped) {
      const free = this.config.webhooks.concurrency - this.inFlight;
      // Claims come in batches worth a round trip: while most slots are busy, settled ones wait for company.
      if (free < this.config.webhooks.concurrency / 4 && this.inFlight > 0) {
        await this.sleep(this.config.webhooks.pollIntervalMs);
        continue;
      }
      let claimed: number;
      try {
        if (!this.lock) await this.takeInstanceLock();
        claimed = this.send(await this.claim(free));
        failures = 0;
      } catch (error) {
        failures++;
        this.logger.error(`could not claim webhook messages (attempt ${failures}): ${(error as Error).message}`);
        await this.sleep(Math.min(30_000, 250 * 2 ** Math.min(failures, 7)));
        continue;
      }
      this.drained = claimed < free;
      if (this.drained) await this.sleep(this.config.webhooks.pollIntervalMs);
    }
  }

  /** Claims up to `limit` due messages, each the first pending one of its report for its endpoint. */
  private async claim(limit: number): Promise<Claimed[]> {
    const now = this.clock.now();
    const instance = this.instance;
    const { rows } = await this.bookkeep<Omit<Claimed, 'instance'>>(
      `WITH live AS MATERIALIZED (SELECT objid::bigint AS instance FROM pg_locks WHERE locktype = 'advisory' AND classid = $1::oid AND objsubid = 2 AND granted),
       due AS (
         SELECT m.message_id FROM webhook_messages m JOIN webhook_endpoints e ON e.endpoint_id = m.endpoint_id AND e.status = 'ENABLED'
          WHERE m.state = 'PENDING' AND m.next_attempt_at <= $2
            AND (m.claimed_by IS NULL OR m.claimed_until < $2 OR (m.claimed_by <> $3 AND m.claimed_by NOT IN (SELECT instance FROM live)))
            AND NOT EXISTS (SELECT 1 FROM webhook_messages p WHERE p.endpoint_id = m.endpoint_id AND p.stream_id = m.stream_id
                              AND p.state = 'PENDING' AND p.stream_version < m.stream_version)
          ORDER BY m.next_attempt_at LIMIT $4 FOR UPDATE OF m SKIP LOCKED)
       UPDATE webhook_messages m SET claimed_by = $3, claimed_until = $5
         FROM due, webhook_endpoints e WHERE m.message_id = due.message_id AND e.endpoint_id = m.endpoint_id
       RETURNING m.message_id, m.endpoint_id, m.body, m.correlation_id, m.recorded_at, m.retries, m.attempts, e.endpoint`,
      [INSTANCE_LOCK_CLASS, now, instance, limit, new Date(now.getTime() + CLAIM_MS)],
    );
    return rows.map((row) => ({ ...row, instance }));
  }

  private send(messages: Claimed[]): number {
    for (const message of messages) {
      this.inFlight++;
      const settling = this.attempt(message)
        .then((outcome) => this.settled(message, outcome))
        .catch((error: unknown) => this.logger.error(`webhook attempt failed to run: ${(error as Error).message}`))
        .finally(() => {
          this.inFlight--;
          this.settling.delete(settling);
        });
      this.settling.add(settling);
    }
    return messages.length;
  }

  private async attempt(message: Claimed): Promise<{ outcome: SendOutcome; attemptedAt: Date }> {
    const { endpoint } = message;
    const attemptedAt = this.clock.now();
    const previous =
      endpoint.previousKey && Date.parse(endpoint.previousKey.expiresAt) > attemptedAt.getTime()
        ? [endpoint.previousKey.keyId]
        : [];
    let headers: Record<string, string>;
    try {
      const keys = await this.endpoints.signingKeys([endpoint.keyId, ...previous]);
      headers = webhookHeaders(message.message_id, Math.floor(attemptedAt.getTime() / 1000), message.body, [
        ...keys.values(),
      ]);
    } catch (error) {
      // A failed attempt like any (retried), so the claim is given back now rather than when it lapses.
      const error_ = `not signed: ${(error as Error).message}`;
      return { outcome: { status: null, durationMs: 0, error: error_, retryAfterMs: null }, attemptedAt };
    }
    const outcome = await this.sender.send({ url: endpoint.url, headers, body: message.body });
    return { outcome, attemptedAt };
  }

  private settled(message: Claimed, { outcome, attemptedAt }: { outcome: SendOutcome; attemptedAt: Date }): void {
    const settled = settle(message, outcome, attemptedAt, nextAttempt);
    this.metrics.webhookAttempts.inc({ result: attemptResult(outcome) });
    if (settled.state !== 'PENDING')
      this.metrics.webhookDeliveries.inc({
        outcome: settled.state === 'DELIVERED' ? 'delivered' : outcome.status === 410 ? 'gone' : 'failed',
      });
    if (settled.state === 'DELIVERED')
      this.metrics.webhookLatency.observe(Math.max(0, Date.now() - message.recorded_at.getTime()) / 1000);
    else
      this.logger.warn({
        msg: `webhook ${message.message_id} to endpoint ${message.endpoint_id}: ${outcome.error} (attempt ${message.attempts + 1}${settled.state === 'PENDING' ? `, next at ${settled.nextAttemptAt.toISOString()}` : ', no more retries'})`,
        correlationIds: message.correlation_id ? [message.correlation_id] : [],
      });
    this.outcomes.push({ ...settled, claimedBy: message.instance });
    void this.flush();
    // A free slot is worth a claim only while the last claim found more than it could take.
    if (!this.drained) this.wakeUp();
  }

  /** Records settled attempts in batches: one statement for many, while the next batch gathers. */
  private flush(): Promise<void> {
    this.flushing ??= (async () => {
      try {
        while (this.outcomes.length > 0) {
          // A few milliseconds gather the outcomes of the attempts still under way into the same statement.
          if (this.inFlight > 0) await new Promise((resolve) => setTimeout(resolve, 5));
          const batch = this.outcomes;
          this.outcomes = [];
          await this.record(batch).catch((error: unknown) =>
            this.logger.error(`could not record ${batch.length} webhook attempts: ${(error as Error).message}`),
          );
          this.wakeUp();
        }
      } finally {
        this.flushing = null;
      }
    })();
    return this.flushing;
  }

  private async record(batch: (Settled & { claimedBy: number })[]): Promise<void> {
    const { rows: endpoints } = await this.bookkeep<{
      endpoint_id: string;
      failing_since: Date | null;
      status: string;
    }>(
      `WITH o AS (SELECT * FROM json_to_recordset($1::json) AS o("messageId" text, "endpointId" uuid, "claimedBy" int, attempt int,
                    "attemptedAt" timestamptz, status int, "durationMs" int, error text, state text, retries int, "nextAttemptAt" timestamptz,
                    "deliveredAt" timestamptz)),
       settled AS (
         UPDATE webhook_messages m SET state = o.state, attempts = m.attempts + 1, retries = o.retries, next_attempt_at = o."nextAttemptAt",
                claimed_by = NULL, claimed_until = NULL, last_status = o.status, last_error = o.error, delivered_at = o."deliveredAt"
           FROM o WHERE m.message_id = o."messageId" AND m.claimed_by = o."claimedBy" AND m.state = 'PENDING'),
       attempts AS (
         INSERT INTO webhook_attempts (message_id, endpoint_id, attempt, attempted_at, status, duration_ms, error)
         SELECT "messageId", "endpointId", attempt, "attemptedAt", status, "durationMs", error FROM o),
       outcomes AS (
         SELECT "endpointId" AS endpoint_id,
                max("attemptedAt") FILTER (WHERE error IS NULL) AS succeeded_at,
                max("attemptedAt") FILTER (WHERE error IS NOT NULL) AS failed_at
           FROM o GROUP BY 1),
       health AS (
         SELECT outcomes.*, (SELECT min("attemptedAt") FROM o WHERE o."endpointId" = outcomes.endpoint_id AND o.error IS NOT NULL
                               AND o."attemptedAt" > coalesce(outcomes.succeeded_at, '-infinity')) AS failing_from
           FROM outcomes)
       UPDATE webhook_endpoints e SET
         last_success_at = greatest(e.last_success_at, health.succeeded_at),
         last_failure_at = greatest(e.last_failure_at, health.failed_at),
         failing_since = CASE WHEN health.succeeded_at IS NOT NULL THEN health.failing_from ELSE coalesce(e.failing_since, health.failing_from) END
         FROM health WHERE e.endpoint_id = health.endpoint_id
       RETURNING e.endpoint_id, e.failing_since, e.status`,
      [JSON.stringify(batch)],
    );
    const now = this.clock.now().getTime();
    const gone = new Set(batch.filter((s) => s.status === 410).map((s) => s.endpointId));
    for (const endpoint of endpoints) {
      if (endpoint.status !== 'ENABLED') continue;
      if (gone.has(endpoint.endpoint_id))
        await this.disable(endpoint.endpoint_id, 'GONE', 'The endpoint answered HTTP 410 Gone');
      else if (endpoint.failing_since && now - endpoint.failing_since.getTime() >= FAILING_LIMIT_MS)
        await this.disable(
          endpoint.endpoint_id,
          'FAILING',
          `Every attempt since ${endpoint.failing_since.toISOString()} failed`,
        );
    }
  }

  private async disable(endpointId: string, reason: 'GONE' | 'FAILING', note: string): Promise<void> {
    try {
      await this.endpoints.disable(endpointId, { actor: DISPATCHER, channel: 'SYSTEM' }, reason, note);
      this.logger.warn(`disabled webhook endpoint ${endpointId}: ${note}`);
    } catch (error) {
      this.logger.error(`could not disable webhook endpoint ${endpointId}: ${(error as Error).message}`);
    }
  }

  /** One statement on a bookkeeping connection, which is first told not to wait for the disk at commit. */
  private async bookkeep<Row extends pg.QueryResultRow>(sql: string, params: unknown[]): Promise<pg.QueryResult<Row>> {
    const client = await this.bookkeeping.connect();
    try {
      if (!this.asynchronous.has(client)) {
        await client.query(`SET synchronous_commit TO off`);
        this.asynchronous.add(client);
      }
      const result = await client.query<Row>(sql, params);
      client.release();
      return result;
    } catch (error) {
      client.release(error as Error);
      throw error;
    }
  }

  private async queues(): Promise<{ endpointId: string; pending: number; oldestSeconds: number }[]> {
    const rows: { endpoint_id: string; pending: number; oldest: Date }[] = await this.dataSource.query(
      `SELECT endpoint_id, count(*)::int AS pending, min(recorded_at) AS oldest FROM webhook_messages WHERE state = 'PENDING' GROUP BY endpoint_id`,
    );
    const now = Date.now();
    return rows.map((row) => ({
      endpointId: row.endpoint_id,
      pending: row.pending,
      oldestSeconds: Math.max(0, (now - row.oldest.getTime()) / 1000),
    }));
  }

  private sleep(ms: number): Promise<void> {
    if (this.woken || this.stopped) {
      this.woken = false;
      return Promise.resolve();
    }
    return new Promise((resolve) => {
      const done = () => {
        clearTimeout(timer);
        this.wake = undefined;
        resolve();
      };
      const timer = setTimeout(done, ms);
      this.wake = done;
    });
  }
}

function attemptResult(outcome: SendOutcome): string {
  if (outcome.error === null) return 'ok';
  if (outcome.error.startsWith('refused destination')) return 'refused';
  if (outcome.error.startsWith('timed out')) return 'timeout';
  return outcome.status === null ? 'network' : 'http';
}
