/**
 * Webhook deliveries against the append rate, measured in one run on one machine:
 *  - baseline: bench/append.ts's appends (one ReportSubmitted event to a new stream from 8 writers)
 *    for --seconds, on a database of their own;
 *  - burst: the service in-process on a fresh database with --endpoints endpoints on a local receiver
 *    that answers 204 at once, while 8 writers append --messages / endpoints report submissions
 *    straight into its event store as fast as they go: the most it delivers a second (messages ÷ (last
 *    first delivery − first append)) while every read model also works through the burst; its latency is
 *    mostly the queue the burst builds;
 *  - allOk: the same, the submissions spread evenly to offer --rate messages a second; latency = arrival
 *    − the event's recorded_at;
 *  - tenPercentFailing: allOk on new endpoints whose receiver answers 500 to the first attempt of a
 *    fixed 10 % of the messages (by a hash of the webhook-id). attempts/s counts every attempt that
 *    arrived between the first append and the last first attempt; the failed ones are retried about
 *    5 s later by design, and the run waits for every one of them.
 * The receiver runs in a process of its own (bench/webhook-receiver-process.ts), so peakRssMb is the
 * service's (and PGlite's, when embedded). Prints one JSON line with --json.
 *
 *   DATABASE_URL=postgres://… npm run bench:webhooks -- --json [--messages 6000] [--endpoints 3] [--rate 1000] [--seconds 8]
 */
import { fork } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { fileURLToPath } from 'node:url';
import os from 'node:os';
import { parseArgs } from 'node:util';
import { Logger } from '@nestjs/common';
import type pg from 'pg';
import pino from 'pino';
import { REPORT_EVENT_SCHEMA_VERSIONS } from '../contexts/reports/report.events.js';
import { webhookMessageId } from '../projections/webhook-outbox/webhook-outbox.projection.js';
import { signToken } from '../src/auth/token-verifier.js';
import { startApp } from '../src/bootstrap.js';
import { DEVELOPMENT_JWT_SECRET, loadConfig } from '../src/config/config.js';
import { migrate } from '../src/database/data-source.js';
import { createScratchDatabase, type ScratchDatabase } from '../src/database/scratch-database.js';
import { createPool } from '../src/event-store/event-store.module.js';
import type { EventStore } from '../src/event-store/event-store.port.js';
import { appendOneSubmission, benchEventStore, drive } from './append-workload.js';
import { percentile, type Sample } from './stats.js';
import { StderrLogger } from './stderr-logger.js';
import type { Arrival } from './webhook-receiver-process.js';

const { values: args } = parseArgs({
  options: {
    json: { type: 'boolean', default: false },
    messages: { type: 'string', default: '6000' },
    endpoints: { type: 'string', default: '3' },
    seconds: { type: 'string', default: '8' },
    rate: { type: 'string', default: '1000' },
  },
});
const endpointCount = Number(args.endpoints);
const eventCount = Math.max(1, Math.round(Number(args.messages) / endpointCount));
const seconds = Number(args.seconds);
/** Messages a second offered in the paced runs (events a second × endpoints). */
const rate = Number(args.rate);
const WRITERS = 8;
/** Missing deliveries are given up on after this long without any arrival. */
const STALL_MS = 20_000;
const WARM_UP_EVENTS = 100;
const GOALS = { deliveriesPerSecond: 1000, p99Ms: 1000 };

/** Wall-clock milliseconds with sub-millisecond resolution, comparable with recorded_at on this machine. */
const now = () => performance.timeOrigin + performance.now();
const round = (value: number, places = 0) => Math.round(value * 10 ** places) / 10 ** places;
const perSecond = (count: number, from: number, to: number) => (to > from ? round((count * 1000) / (to - from)) : 0);
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
/** Math.max without spreading (no argument-count limit), `empty` for none. */
const maxOf = (values: number[], empty: number) =>
  values.reduce((a, b) => (b > a ? b : a), values.length ? -Infinity : empty);
const minOf = (values: number[], empty: number) =>
  values.reduce((a, b) => (b < a ? b : a), values.length ? Infinity : empty);

/** What the receiver saw of one webhook-id. */
interface Tracked {
  firstAt: number;
  firstStatus: number;
  attempts: number;
  secondAt: number | null;
  /** The arrival of the attempt answered 2xx. */
  deliveredAt: number | null;
  deliveredOnAttempt: number | null;
}

/** Starts bench/webhook-receiver-process.ts and keeps what it reports of each webhook-id. */
async function startReceiver() {
  const messages = new Map<string, Tracked>();
  const attemptTimes: number[] = [];
  const undelivered = new Set<string>();
  let lastArrival = 0;
  const child = fork(fileURLToPath(new URL('./webhook-receiver-process.js', import.meta.url)), {
    stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
  });
  const arrived = ([id, at, status]: Arrival) => {
    let tracked = messages.get(id);
    if (!tracked) {
      tracked = {
        firstAt: at,
        firstStatus: status,
        attempts: 0,
        secondAt: null,
        deliveredAt: null,
        deliveredOnAttempt: null,
      };
      messages.set(id, tracked);
    }
    tracked.attempts++;
    if (tracked.attempts === 2) tracked.secondAt = at;
    if (status === 204 && tracked.deliveredAt === null) {
      tracked.deliveredAt = at;
      tracked.deliveredOnAttempt = tracked.attempts;
      undelivered.delete(id);
    }
    attemptTimes.push(at);
    lastArrival = Math.max(lastArrival, at);
  };
  const port = await new Promise<number>((resolve, reject) => {
    child.on('message', (message: { port?: number; arrivals?: Arrival[] }) => {
      if (message.port) resolve(message.port);
      for (const arrival of message.arrivals ?? []) arrived(arrival);
    });
    child.once('exit', (code) => reject(new Error(`the receiver process exited (${code})`)));
  });
  return {
    url: `http://127.0.0.1:${port}`,
    messages,
    attemptTimes,
    /** Ids still waiting for a 2xx, for the scenario under way. */
    expect(ids: Iterable<string>) {
      undelivered.clear();
      for (const id of ids) if (messages.get(id)?.deliveredAt == null) undelivered.add(id);
    },
    /** Resolves once every expected id was delivered, or after STALL_MS without any arrival. */
    async settle(since: number): Promise<void> {
      while (undelivered.size > 0 && now() - Math.max(lastArrival, since) < STALL_MS) await sleep(50);
    },
    close: async () => {
      const exited = new Promise((resolve) => child.once('exit', resolve));
      child.disconnect();
      await exited;
    },
  };
}
type Receiver = Awaited<ReturnType<typeof startReceiver>>;

async function baseline(): Promise<number> {
  const database = await createScratchDatabase('aduan_bench', process.env.DATABASE_URL);
  try {
    await migrate(database.url);
    const pool = createPool(database.url, WRITERS);
    const store = benchEventStore(database, pool);
    const append = () => appendOneSubmission(store);
    await drive(WRITERS, 1000, append, { latencies: [], ms: 0 });
    const sample: Sample = { latencies: [], ms: 0 };
    await drive(WRITERS, seconds * 1000, append, sample);
    await pool.end();
    return perSecond(sample.latencies.length, 0, sample.ms);
  } finally {
    await database.drop();
  }
}

interface Submission {
  streamId: string;
  eventId: string;
  data: Record<string, unknown>;
}

/** A report submitted by SMS, shaped as test/many-instances.e2e.spec.ts writes them. */
function submission(scenario: string, i: number): Submission {
  const reportId = randomUUID();
  return {
    streamId: `report-${reportId}`,
    eventId: randomUUID(),
    data: {
      reportId,
      trackingId: `WH${scenario}${String(i).padStart(6, '0')}`,
      kind: 'COMPLAINT',
      title: `Uji webhook ${i}`,
      description: 'Lampu jalan di depan pasar mati sejak seminggu yang lalu.',
      category: null,
      channel: 'SMS',
      location: null,
      attachments: [],
      anonymous: false,
      confidential: false,
      reporterId: null,
      identity: null,
      submittedBy: 'sms',
      verificationDueAt: new Date(Date.now() + 7 * 86_400_000).toISOString(),
    },
  };
}

interface Run {
  startedAt: number;
  /** webhook-id → the event's id, for every message the run should deliver. */
  expected: Map<string, string>;
  /** event id → recorded_at in ms. */
  recordedAt: Map<string, number>;
  endpointIds: string[];
}

/** Creates the endpoints, appends the events from 8 writers, and waits for every message to be delivered (retries included). */
async function run(
  scenario: 'warmup' | 'ok' | 'failing' | 'paced',
  service: Service,
  receiver: Receiver,
  events = eventCount,
  endpoints = endpointCount,
  /** Events a second, spread evenly; null: as fast as the writers go. */
  pace: number | null = null,
): Promise<Run> {
  const endpointIds: string[] = [];
  for (let i = 0; i < endpoints; i++) {
    const { createWebhookEndpoint } = await graphql<{ createWebhookEndpoint: { endpoint: { endpointId: string } } }>(
      service,
      `
        mutation ($url: String!) {
          createWebhookEndpoint(input: { url: $url }) {
            endpoint {
              endpointId
            }
            secret
          }
        }
      `,
      { url: `${receiver.url}/${scenario}/${i}` },
    );
    endpointIds.push(createWebhookEndpoint.endpoint.endpointId);
  }
  const prefix = { warmup: 'W', ok: 'A', failing: 'B', paced: 'P' }[scenario];
  const submissions = Array.from({ length: events }, (_, i) => submission(prefix, i));
  const expected = new Map<string, string>();
  for (const { eventId } of submissions)
    for (const endpointId of endpointIds) expected.set(webhookMessageId(endpointId, eventId), eventId);
  receiver.expect(expected.keys());

  const startedAt = now();
  let next = 0;
  await Promise.all(
    Array.from({ length: WRITERS }, async () => {
      while (next < submissions.length) {
        const index = next++;
        if (pace !== null) await sleep(startedAt + (index * 1000) / pace - now());
        const { streamId, eventId, data } = submissions[index]!;
        const metadata = {
          correlationId: randomUUID(),
          actor: { id: 'sms', role: 'INTEGRATOR' },
          occurredAt: new Date().toISOString(),
          channel: 'SMS',
        };
        await service.store.appendToStream(
          streamId,
          'no_stream',
          [{ eventId, type: 'ReportSubmitted', schemaVersion: REPORT_EVENT_SCHEMA_VERSIONS.ReportSubmitted, data }],
          { metadata },
        );
      }
    }),
  );
  await receiver.settle(startedAt);

  const { rows } = await service.pool.query<{ event_id: string; ms: number }>(
    `SELECT event_id::text AS event_id, extract(epoch FROM recorded_at)::float8 * 1000 AS ms FROM events WHERE event_id = ANY($1::uuid[])`,
    [submissions.map((s) => s.eventId)],
  );
  return { startedAt, expected, recordedAt: new Map(rows.map((row) => [row.event_id, row.ms])), endpointIds };
}

function allOkFigures({ startedAt, expected, recordedAt }: Run, receiver: Receiver, appendsPerSecond: number) {
  const delivered = [...expected].flatMap(([id, eventId]) => {
    const at = receiver.messages.get(id)?.deliveredAt;
    return at == null ? [] : [{ at, latency: at - recordedAt.get(eventId)! }];
  });
  const last = maxOf(
    delivered.map((d) => d.at),
    startedAt,
  );
  const deliveriesPerSecond = perSecond(delivered.length, startedAt, last);
  const latencies = delivered.map((d) => d.latency);
  return {
    messages: expected.size,
    undelivered: expected.size - delivered.length,
    deliveriesPerSecond,
    ratioToAppend: round(deliveriesPerSecond / appendsPerSecond, 3),
    latencyMs: {
      p50: percentile(latencies, 50),
      p99: percentile(latencies, 99),
      max: round(maxOf(latencies, 0), 2),
    },
  };
}

function failingFigures({ startedAt, expected, recordedAt }: Run, receiver: Receiver, appendsPerSecond: number) {
  const seen = [...expected].flatMap(([id, eventId]) => {
    const tracked = receiver.messages.get(id);
    return tracked ? [{ ...tracked, latency: tracked.firstAt - recordedAt.get(eventId)! }] : [];
  });
  const lastFirst = maxOf(
    seen.map((t) => t.firstAt),
    startedAt,
  );
  const attempts = receiver.attemptTimes.filter((at) => at >= startedAt && at <= lastFirst).length;
  const atOnce = seen.filter((t) => t.firstStatus < 300);
  const firstAttemptDeliveriesPerSecond = perSecond(
    atOnce.length,
    startedAt,
    maxOf(
      atOnce.map((t) => t.firstAt),
      startedAt,
    ),
  );
  const failed = seen.filter((t) => t.firstStatus >= 300);
  const retryDelays = failed.flatMap((t) => (t.secondAt === null ? [] : [t.secondAt - t.firstAt]));
  return {
    messages: expected.size,
    undelivered: expected.size - seen.filter((t) => t.deliveredAt !== null).length,
    attemptsPerSecond: perSecond(attempts, startedAt, lastFirst),
    firstAttemptDeliveriesPerSecond,
    ratioToAppend: round(firstAttemptDeliveriesPerSecond / appendsPerSecond, 3),
    firstAttemptLatencyMs: {
      p50: percentile(
        seen.map((t) => t.latency),
        50,
      ),
      p99: percentile(
        seen.map((t) => t.latency),
        99,
      ),
    },
    failedFirstAttempts: failed.length,
    retriedDelivered: failed.filter((t) => t.deliveredOnAttempt === 2).length,
    retryDelayMs: { min: round(minOf(retryDelays, 0)), max: round(maxOf(retryDelays, 0)) },
  };
}

interface Service {
  url: string;
  token: string;
  store: EventStore;
  pool: pg.Pool;
}

/** Endpoints of a finished run would otherwise receive the next run's messages too. */
async function deleteEndpoints(service: Service, { endpointIds }: Run): Promise<void> {
  for (const id of endpointIds)
    await graphql(
      service,
      `
        mutation ($id: String!) {
          deleteWebhookEndpoint(endpointId: $id) {
            status
          }
        }
      `,
      { id },
    );
}

async function graphql<Data>(
  service: Pick<Service, 'url' | 'token'>,
  query: string,
  variables: Record<string, unknown>,
): Promise<Data> {
  const response = await fetch(`${service.url}/graphql`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: `Bearer ${service.token}` },
    body: JSON.stringify({ query, variables }),
  });
  const body = (await response.json()) as { data?: Data; errors?: unknown[] };
  if (body.errors?.length || !body.data) throw new Error(`GraphQL error: ${JSON.stringify(body.errors ?? body)}`);
  return body.data;
}

async function main(): Promise<void> {
  // stdout is the result's: every log line, Nest's and the service's, goes to stderr.
  Logger.overrideLogger(new StderrLogger());
  if (!process.env.DATABASE_URL) console.error('DATABASE_URL is not set: measuring the embedded database instead');
  const appendsPerSecond = await baseline();

  const receiver = await startReceiver();
  let database: ScratchDatabase | undefined;
  let app: Awaited<ReturnType<typeof startApp>> | undefined;
  let pool: pg.Pool | undefined;
  try {
    database = await createScratchDatabase('aduan_bench', process.env.DATABASE_URL);
    const config = {
      ...loadConfig({
        HOST: '127.0.0.1',
        LOG_LEVEL: 'error',
        DEADLINE_WATCH_INTERVAL_MS: '0',
        ANCHOR_INTERVAL_MS: '0',
        RATE_LIMIT_QUERIES_PER_MINUTE: '0',
        RATE_LIMIT_MUTATIONS_PER_MINUTE: '0',
        WEBHOOK_ALLOW_PRIVATE_NETWORKS: 'true',
        WEBHOOK_POLL_INTERVAL_MS: '100',
        WEBHOOK_CONCURRENCY: process.env.WEBHOOK_CONCURRENCY ?? '',
      }),
      port: 0,
    };
    app = await startApp(config, database, { logDestination: pino.destination(2) });
    pool = createPool(database.url, WRITERS);
    const service: Service = {
      url: (await app.getUrl()).replace('[::1]', '127.0.0.1').replace('localhost', '127.0.0.1'),
      token: await signToken(DEVELOPMENT_JWT_SECRET, { sub: 'bench', role: 'ADMIN' }),
      store: benchEventStore(database, pool),
      pool,
    };

    // The service just started: its first deliveries would also measure connection set-up and a cold JIT.
    await deleteEndpoints(service, await run('warmup', service, receiver, WARM_UP_EVENTS, 1));
    const burstRun = await run('ok', service, receiver);
    const burst = allOkFigures(burstRun, receiver, appendsPerSecond);
    await deleteEndpoints(service, burstRun);
    const pacedRun = await run('paced', service, receiver, eventCount, endpointCount, rate / endpointCount);
    const allOk = { offeredPerSecond: rate, ...allOkFigures(pacedRun, receiver, appendsPerSecond) };
    await deleteEndpoints(service, pacedRun);
    const tenPercentFailing = {
      offeredPerSecond: rate,
      ...failingFigures(
        await run('failing', service, receiver, eventCount, endpointCount, rate / endpointCount),
        receiver,
        appendsPerSecond,
      ),
    };

    const result = {
      bench: 'webhooks',
      machine: { cpus: os.availableParallelism(), node: process.version },
      database: database.kind,
      endpoints: endpointCount,
      baseline: { appendsPerSecond },
      burst,
      allOk,
      tenPercentFailing,
      peakRssMb: Math.round(process.resourceUsage().maxRSS / 1024),
      goals: GOALS,
      met:
        allOk.undelivered === 0 &&
        tenPercentFailing.undelivered === 0 &&
        allOk.deliveriesPerSecond >= 0.98 * GOALS.deliveriesPerSecond &&
        allOk.latencyMs.p99 <= GOALS.p99Ms &&
        tenPercentFailing.firstAttemptLatencyMs.p99 <= GOALS.p99Ms,
    };
    if (args.json) console.log(JSON.stringify(result));
    else console.dir(result, { depth: null });
  } finally {
    await app?.close();
    await pool?.end();
    await receiver.close();
    await database?.drop();
  }
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
