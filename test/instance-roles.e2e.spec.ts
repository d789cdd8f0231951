import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import pg from 'pg';
import WebSocket from 'ws';
import { ANCHOR_STREAM } from '../contexts/audit/anchor.js';
import { signToken } from '../src/auth/token-verifier.js';
import { DEVELOPMENT_JWT_SECRET } from '../src/config/config.js';
import { createScratchDatabase, type ScratchDatabase } from '../src/database/scratch-database.js';
import { graphql } from './support/graphql.js';
import { M, newReport } from './support/registry-fixture.js';
import { spawnService, type SpawnedService } from './support/spawned-service.js';
import { subscribe } from './support/subscribe.js';
import { startWebhookReceiver, type WebhookReceiver } from './support/webhook-receiver.js';

/** What both instances share; the background work runs often, so that what a worker does shows at once. */
const ENV = {
  LOG_LEVEL: 'log',
  WEBHOOK_ALLOW_PRIVATE_NETWORKS: 'true',
  WEBHOOK_POLL_INTERVAL_MS: '100',
  DEADLINE_WATCH_INTERVAL_MS: '200',
  ANCHOR_INTERVAL_MS: '200',
  READ_YOUR_WRITES_TIMEOUT_MS: '3000',
  SHUTDOWN_DELAY_MS: '0',
};
const WORKER_404 = {
  errors: [
    {
      message:
        'This instance is a worker (INSTANCE_ROLE=worker): it serves /health and /metrics only; send API calls to an api or all instance',
      extensions: { code: 'NOT_FOUND' },
    },
  ],
};
const REPORTS = `query($m: String) { reports(first: 5, minPosition: $m) { edges { node { trackingId } } } }`;
const PROJECTIONS = `{ projections { name position runningHere } }`;

async function eventually<T>(read: () => Promise<T>, done: (value: T) => boolean, timeoutMs = 20_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await read();
    if (done(value) || Date.now() > deadline) return value;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

// An api and a worker process on one database: this needs a server database.
(process.env.DATABASE_URL ? describe : describe.skip)('INSTANCE_ROLE=api and worker on one database', () => {
  let database: ScratchDatabase;
  let client: pg.Client;
  let receiver: WebhookReceiver;
  let api: SpawnedService;
  let worker: SpawnedService;
  let admin: string;
  let reporter: string;
  let submitted: { position: string; report: { trackingId: string } };
  const sql = async (text: string, values: unknown[] = []) => (await client.query(text, values)).rows;
  const ok = async (url: string, query: string, variables: Record<string, unknown>, token: string) => {
    const { body } = await graphql<any>(url, query, variables, token);
    if (body.errors) throw new Error(JSON.stringify(body.errors));
    return body.data;
  };

  beforeAll(async () => {
    database = await createScratchDatabase('aduan_test', process.env.DATABASE_URL);
    receiver = await startWebhookReceiver();
    admin = await signToken(DEVELOPMENT_JWT_SECRET, { sub: 'admin-1', role: 'ADMIN' });
    reporter = await signToken(DEVELOPMENT_JWT_SECRET, { sub: 'reporter-1', role: 'REPORTER' });
    api = await spawnService(database.url, { ...ENV, INSTANCE_ROLE: 'api' });
    client = new pg.Client({ connectionString: database.url });
    await client.connect();
  });
  afterAll(async () => {
    for (const instance of [api, worker]) instance?.process.kill('SIGKILL');
    await client?.end();
    await database?.drop();
    await receiver?.close();
  });

  it('an api instance alone takes submissions but moves no checkpoint, records no anchor and sends no webhook', async () => {
    await eventually(
      async () => api.output(),
      (output) => output.includes('INSTANCE_ROLE=api'),
    );
    expect(api.output()).toMatch(/GraphQL API at http:\/\/\S+\/graphql, on .*; INSTANCE_ROLE=api: runs no projection/);
    const { createWebhookEndpoint } = await ok(
      api.url,
      `mutation($url: String!) { createWebhookEndpoint(input: { url: $url }) { secret endpoint { publicKey } } }`,
      { url: `${receiver.url}/hooks` },
      admin,
    );
    receiver.setKeys('/hooks', {
      secrets: [createWebhookEndpoint.secret],
      publicKeys: [createWebhookEndpoint.endpoint.publicKey],
    });
    submitted = (await ok(api.url, M.submit, { input: newReport }, reporter)).submitReport;
    expect(submitted.report.trackingId).toBeTruthy();

    // minPosition waits READ_YOUR_WRITES_TIMEOUT_MS (3 s) for a read model nobody runs.
    const { body } = await graphql(api.url, REPORTS, { m: submitted.position }, reporter);
    expect(body.errors?.[0]?.extensions?.code).toBe('READ_MODEL_BEHIND');
    const { projections } = await ok(api.url, PROJECTIONS, {}, admin);
    expect(projections.length).toBeGreaterThan(0);
    for (const projection of projections) expect(projection).toMatchObject({ position: '0', runningHere: false });
    expect(await sql(`SELECT name, position FROM checkpoints WHERE position > 0`)).toEqual([]);
    expect(await sql(`SELECT message_id FROM webhook_messages`)).toEqual([]);
    expect(receiver.deliveries).toEqual([]);
    expect(await sql(`SELECT event_id FROM events WHERE stream_id = $1`, [ANCHOR_STREAM])).toEqual([]);
    const metrics = await (await fetch(`${api.url}/metrics`)).text();
    expect(metrics).toContain('aduan_projection_lag_events{projection="report-status"}');
    expect(metrics).not.toMatch(/^aduan_deadline_watcher_runs_total\{/m);
  });

  it('a worker beside it projects, so minPosition on the api instance answers; the worker records anchors and sends webhooks', async () => {
    worker = await spawnService(database.url, { ...ENV, INSTANCE_ROLE: 'worker' });
    await eventually(
      async () => worker.output(),
      (output) => output.includes('INSTANCE_ROLE=worker'),
    );
    expect(worker.output()).toMatch(
      /Worker at http:\/\/\S+ \(\/health\/ready, \/metrics\), on .*; INSTANCE_ROLE=worker/,
    );

    const { reports } = await ok(api.url, REPORTS, { m: submitted.position }, reporter);
    expect(reports.edges.map((edge: any) => edge.node.trackingId)).toEqual([submitted.report.trackingId]);
    const { projections } = await ok(api.url, PROJECTIONS, {}, admin);
    const status = projections.find((p: { name: string }) => p.name === 'report-status');
    expect(BigInt(status.position)).toBeGreaterThanOrEqual(BigInt(submitted.position));
    for (const projection of projections) expect(projection.runningHere).toBe(false);

    // Webhook delivery, the anchor writer and the deadline watcher: the worker's alone (the api instance showed none of them).
    await receiver.waitFor((deliveries) => deliveries.some((d) => d.body.includes(submitted.report.trackingId)));
    expect(receiver.deliveries.every((d) => d.path === '/hooks' && d.verified.v1 && d.verified.v1a)).toBe(true);
    const anchors = await eventually(
      () => sql(`SELECT metadata->'actor'->>'id' AS actor FROM events WHERE stream_id = $1`, [ANCHOR_STREAM]),
      (rows) => rows.length > 0,
    );
    expect(anchors[0]).toEqual({ actor: 'anchor-writer' });
    const metrics = await eventually(
      async () => (await fetch(`${worker.url}/metrics`)).text(),
      (text) => /^aduan_deadline_watcher_runs_total\{outcome="ok"\} [1-9]/m.test(text),
    );
    expect(metrics).toMatch(/^aduan_deadline_watcher_runs_total\{outcome="ok"\} [1-9]/m);
    expect(metrics).toMatch(/^aduan_projection_position\{projection="report-status"\} [1-9]/m);
    expect(await (await fetch(`${api.url}/metrics`)).text()).not.toMatch(/^aduan_deadline_watcher_runs_total\{/m);
  });

  it('the worker serves /health and /metrics, and answers 404 to the API, the console, Open311 and WebSockets', async () => {
    const ready = await fetch(`${worker.url}/health/ready`);
    expect(ready.status).toBe(200);
    expect(await ready.json()).toMatchObject({ status: 'ok', checks: { projections: 'ok' } });
    expect((await fetch(`${worker.url}/health/live`)).status).toBe(200);
    expect((await fetch(`${worker.url}/metrics`)).status).toBe(200);

    const refused = [
      await fetch(`${worker.url}/graphql`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', authorization: `Bearer ${admin}` },
        body: JSON.stringify({ query: '{ projections { name } }' }),
      }),
      await fetch(`${worker.url}/`),
      await fetch(`${worker.url}/graphql`),
      await fetch(`${worker.url}/open311/v2/services.json`),
    ];
    for (const response of refused) {
      expect(response.status).toBe(404);
      expect(await response.json()).toEqual(WORKER_404);
    }
    const upgrade = await new Promise<number>((resolve, reject) => {
      const socket = new WebSocket(`${worker.url.replace('http', 'ws')}/graphql`, 'graphql-transport-ws');
      socket.on('unexpected-response', (_request, response) => resolve(response.statusCode ?? 0));
      socket.on('open', () => reject(new Error('the worker accepted a WebSocket')));
      socket.on('error', () => undefined);
    });
    expect(upgrade).toBe(404);
  });

  it('a subscription opened on the api instance hears what the worker projected (NOTIFY)', async () => {
    const { trackingId } = submitted.report;
    const updates = subscribe(
      api.url,
      reporter,
      `subscription($t: String!) { reportUpdated(trackingId: $t) { trackingId status } }`,
      { t: trackingId },
    );
    try {
      await updates.ready;
      await new Promise((resolve) => setTimeout(resolve, 300));
      await ok(api.url, M.requestClarification, { input: { trackingId, question: 'Di depan SD berapa?' } }, admin);
      const received = await updates.until((r) =>
        r.some((u) => u.data?.reportUpdated.status === 'AWAITING_CLARIFICATION'),
      );
      expect(updates.errors).toEqual([]);
      expect(received.map((u) => u.data?.reportUpdated)).toContainEqual({
        trackingId,
        status: 'AWAITING_CLARIFICATION',
      });
    } finally {
      await updates.client.dispose();
    }
  });
});
