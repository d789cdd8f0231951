import { collectDefaultMetrics, Counter, Gauge, Histogram, Registry } from 'prom-client';

const LATENCY_BUCKETS = [0.002, 0.005, 0.01, 0.02, 0.05, 0.1, 0.2, 0.5, 1, 2, 5];

/** Where each read model is, read when Prometheus scrapes. */
export type ProjectionPositions = () => Promise<
  { name: string; position: string; lagEvents: number; lagSeconds: number }[]
>;

/** Each endpoint's waiting messages, read when Prometheus scrapes. */
export type WebhookQueues = () => Promise<{ endpointId: string; pending: number; oldestSeconds: number }[]>;

/**
 * The service's Prometheus metrics, served at /metrics. One registry per application (tests run
 * several in one process). appends/s and conflicts/s are rates of the counters.
 */
export class Metrics {
  readonly registry = new Registry();
  readonly requestDuration = new Histogram({
    name: 'aduan_graphql_request_duration_seconds',
    help: 'GraphQL requests by operation name and type, and whether they answered errors',
    labelNames: ['operation', 'type', 'outcome'] as const,
    buckets: LATENCY_BUCKETS,
    registers: [this.registry],
  });
  readonly commandDuration = new Histogram({
    name: 'aduan_command_duration_seconds',
    help: 'Commands from load to append, by command and outcome (ok, or the refusal code)',
    labelNames: ['command', 'outcome'] as const,
    buckets: LATENCY_BUCKETS,
    registers: [this.registry],
  });
  readonly eventsAppended = new Counter({
    name: 'aduan_events_appended_total',
    help: 'Events appended to the store',
    registers: [this.registry],
  });
  readonly appends = new Counter({
    name: 'aduan_appends_total',
    help: 'Appends (transactions) to the store',
    registers: [this.registry],
  });
  readonly concurrencyConflicts = new Counter({
    name: 'aduan_concurrency_conflicts_total',
    help: 'Appends refused because the stream had moved on (retried by the command handlers)',
    registers: [this.registry],
  });
  readonly deadlineWatcherRuns = new Counter({
    name: 'aduan_deadline_watcher_runs_total',
    help: 'Deadline watcher passes, by outcome',
    labelNames: ['outcome'] as const,
    registers: [this.registry],
  });
  readonly deadlinesRecorded = new Counter({
    name: 'aduan_deadline_watcher_reports_total',
    help: 'Reports whose missed deadlines or auto-close a watcher pass recorded',
    registers: [this.registry],
  });
  readonly webhookDeliveries = new Counter({
    name: 'aduan_webhook_deliveries_total',
    help: 'Webhook messages settled, by outcome: delivered, gone (HTTP 410, endpoint disabled) or failed (every retry used)',
    labelNames: ['outcome'] as const,
    registers: [this.registry],
  });
  readonly webhookAttempts = new Counter({
    name: 'aduan_webhook_attempts_total',
    help: 'Webhook delivery attempts, by result: ok (2xx), http (another status), timeout, network, refused (destination)',
    labelNames: ['result'] as const,
    registers: [this.registry],
  });
  readonly webhookLatency = new Histogram({
    name: 'aduan_webhook_delivery_latency_seconds',
    help: 'From the event being recorded to its webhook message being delivered (retries included)',
    buckets: [0.01, 0.05, 0.1, 0.25, 0.5, 1, 2, 5, 30, 300, 3600, 36000],
    registers: [this.registry],
  });
  readonly readModelQueries = new Counter({
    name: 'aduan_read_model_queries_total',
    help: 'Read-model queries by where they were sent: primary, or replica (DATABASE_REPLICA_URLS)',
    labelNames: ['target'] as const,
    registers: [this.registry],
  });
  readonly replicaFallbacks = new Counter({
    name: 'aduan_read_replica_fallbacks_total',
    help: 'Read-model queries that failed on a replica and were answered by the primary',
    registers: [this.registry],
  });
  readonly replicaLag = new Gauge({
    name: 'aduan_read_replica_lag_seconds',
    help: "How far each replica's replay is behind the primary at the last check; -1: down or not a standby",
    labelNames: ['replica'] as const,
    registers: [this.registry],
  });
  private webhookQueues: WebhookQueues | null = null;
  private positions: ProjectionPositions | null = null;
  /** One read of the read models' positions serves all three gauges of a scrape. */
  private read: { at: number; positions: ReturnType<ProjectionPositions> } | null = null;

  constructor() {
    collectDefaultMetrics({ register: this.registry, prefix: 'aduan_' });
    const queues = () => this.webhookQueues?.() ?? Promise.resolve([]);
    new Gauge({
      name: 'aduan_webhook_queue_depth',
      help: 'Webhook messages waiting to be delivered, per endpoint',
      labelNames: ['endpoint'] as const,
      registers: [this.registry],
      async collect() {
        this.reset();
        for (const queue of await queues()) this.set({ endpoint: queue.endpointId }, queue.pending);
      },
    });
    new Gauge({
      name: 'aduan_webhook_queue_oldest_seconds',
      help: 'Age of the oldest webhook message waiting, per endpoint',
      labelNames: ['endpoint'] as const,
      registers: [this.registry],
      async collect() {
        this.reset();
        for (const queue of await queues()) this.set({ endpoint: queue.endpointId }, queue.oldestSeconds);
      },
    });
    this.projectionGauge(
      'aduan_projection_position',
      'Global position of the last event each read model applied',
      (p) => Number(p.position),
    );
    this.projectionGauge(
      'aduan_projection_lag_events',
      'Events appended that each read model has not applied yet',
      (p) => p.lagEvents,
    );
    this.projectionGauge(
      'aduan_projection_lag_seconds',
      'Age of the oldest event each read model has not applied yet',
      (p) => p.lagSeconds,
    );
  }

  /** The webhook dispatcher says how deep each endpoint's queue is. */
  watchWebhookQueues(queues: WebhookQueues): void {
    this.webhookQueues = queues;
  }

  /** The projection engine says where the read models are. */
  watchProjections(positions: ProjectionPositions): void {
    this.positions = positions;
  }

  private currentPositions(): ReturnType<ProjectionPositions> {
    if (!this.positions) return Promise.resolve([]);
    if (!this.read || performance.now() - this.read.at > 1_000)
      this.read = { at: performance.now(), positions: this.positions() };
    return this.read.positions;
  }

  /** A gauge per read model, read from the projection engine when Prometheus scrapes. */
  private projectionGauge(
    name: string,
    help: string,
    value: (projection: Awaited<ReturnType<ProjectionPositions>>[number]) => number,
  ): void {
    const positions = () => this.currentPositions();
    new Gauge({
      name,
      help,
      labelNames: ['projection'] as const,
      registers: [this.registry],
      async collect() {
        this.reset();
        for (const projection of await positions()) this.set({ projection: projection.name }, value(projection));
      },
    });
  }
}
