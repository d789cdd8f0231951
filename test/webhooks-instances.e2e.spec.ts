import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { DataSource } from 'typeorm';
import { webhookEventType } from '../contexts/webhooks/webhook-message.js';
import { webhookMessageId } from '../projections/webhook-outbox/webhook-outbox.projection.js';
import { signToken } from '../src/auth/token-verifier.js';
import { DEVELOPMENT_JWT_SECRET } from '../src/config/config.js';
import { dataSourceOptions } from '../src/database/data-source.js';
import { createScratchDatabase, type ScratchDatabase } from '../src/database/scratch-database.js';
import { M, newReport } from './support/registry-fixture.js';
import { spawnService, type SpawnedService } from './support/spawned-service.js';
import { startWebhookReceiver, type WebhookReceiver } from './support/webhook-receiver.js';

const LOAD_MS = 10_000;
const CLIENTS = 8;

type Answer = { data?: any; errors?: { message: string; extensions?: { code?: string } }[] };

// Three processes on one database, one killed with SIGKILL while it delivers: this needs a server database.
(process.env.DATABASE_URL ? describe : describe.skip)('webhooks from three instances, one killed mid-delivery', () => {
  let database: ScratchDatabase;
  let dataSource: DataSource;
  let receiver: WebhookReceiver;
  const instances: SpawnedService[] = [];
  beforeAll(async () => {
    database = await createScratchDatabase('aduan_test', process.env.DATABASE_URL);
    receiver = await startWebhookReceiver();
  });
  afterAll(async () => {
    for (const instance of instances) instance.process.kill('SIGKILL');
    await dataSource?.destroy();
    await database?.drop();
    await receiver?.close();
  });

  it('delivers every committed event to every endpoint that may see it, duplicates carrying the same webhook-id', async () => {
    const env = {
      WEBHOOK_ALLOW_PRIVATE_NETWORKS: 'true',
      WEBHOOK_POLL_INTERVAL_MS: '100',
      WEBHOOK_CONCURRENCY: '16',
      SHUTDOWN_DELAY_MS: '0',
    };
    instances.push(await spawnService(database.url, env));
    instances.push(...(await Promise.all([spawnService(database.url, env), spawnService(database.url, env)])));
    dataSource = await new DataSource(dataSourceOptions(database.url, 2)).initialize();
    const alive = new Set(instances);
    let turn = 0;
    const send = async (query: string, variables: object, token: string): Promise<Answer> => {
      for (let attempt = 0; ; attempt++) {
        const instance = [...alive][turn++ % alive.size]!;
        try {
          const response = await fetch(`${instance.url}/graphql`, {
            method: 'POST',
            headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
            body: JSON.stringify({ query, variables }),
          });
          return (await response.json()) as Answer;
        } catch {
          if (attempt > 20) throw new Error('no instance answered');
        }
      }
    };
    const ok = async (query: string, variables: object, token: string) => {
      const answer = await send(query, variables, token);
      if (answer.errors) throw new Error(JSON.stringify(answer.errors));
      return answer.data;
    };
    const admin = await signToken(DEVELOPMENT_JWT_SECRET, { sub: 'admin-1', role: 'ADMIN' });
    const integrator = await signToken(DEVELOPMENT_JWT_SECRET, { sub: 'sms-1708', role: 'INTEGRATOR' });
    const reporter = await signToken(DEVELOPMENT_JWT_SECRET, { sub: 'reporter-1', role: 'REPORTER' });
    const agency = (
      await ok(`mutation { registerAgency(input: { name: "Kota Payakumbuh", type: CITY }) { id } }`, {}, admin)
    ).registerAgency.id as string;
    await ok(`mutation($a: String!) { connectAgency(input: { agencyId: $a }) { connected } }`, { a: agency }, admin);
    await ok(`mutation { addCategory(input: { code: "jalan", name: "Jalan" }) { code } }`, {}, admin);

    const endpoints: Record<string, string> = {};
    for (const [path, token] of [
      ['/admin', admin],
      ['/sms', integrator],
    ] as const) {
      const { createWebhookEndpoint } = await ok(
        `mutation($url: String!) { createWebhookEndpoint(input: { url: $url }) { secret endpoint { endpointId publicKey } } }`,
        { url: receiver.url + path },
        token,
      );
      endpoints[path] = createWebhookEndpoint.endpoint.endpointId;
      receiver.setKeys(path, {
        secrets: [createWebhookEndpoint.secret],
        publicKeys: [createWebhookEndpoint.endpoint.publicKey],
      });
    }
    // A receiver that takes a moment to answer: the instance killed has deliveries in flight.
    receiver.respond(async () => {
      await new Promise((resolve) => setTimeout(resolve, 20));
      return { status: 204 };
    });

    const stopAt = Date.now() + LOAD_MS;
    let killedAt = Infinity;
    const client = async (c: number) => {
      for (let n = 0; Date.now() < stopAt; n++) {
        const submitter = c % 2 === 0 ? integrator : reporter;
        const answer = await send(
          M.submit,
          { input: { ...newReport, title: `c${c}-${n}`, idempotencyKey: `c${c}-${n}-key` } },
          submitter,
        );
        const trackingId = answer.data?.submitReport?.report?.trackingId as string | undefined;
        if (!trackingId) continue;
        await send(M.verify, { input: { trackingId, category: 'jalan' } }, admin);
        await send(M.disposition, { input: { trackingId, agencyId: agency } }, admin);
      }
    };
    const killer = (async () => {
      await new Promise((resolve) => setTimeout(resolve, LOAD_MS / 3));
      const victim = instances[1]!;
      killedAt = Date.now();
      victim.process.kill('SIGKILL');
      alive.delete(victim);
      await victim.exited;
    })();
    await Promise.all([...Array.from({ length: CLIENTS }, (_, c) => client(c)), killer]);

    // What should have been sent: every committed event of a message type, to the admin's endpoint, and to the integrator's when it submitted the report.
    const events: {
      event_id: string;
      stream_id: string;
      stream_version: number;
      type: string;
      submitted_by: string;
    }[] = await dataSource.query(
      `SELECT e.event_id::text, e.stream_id, e.stream_version, e.type, s.data->>'submittedBy' AS submitted_by
           FROM events e JOIN events s ON s.stream_id = e.stream_id AND s.stream_version = 1 WHERE e.stream_id LIKE 'report-%'`,
    );
    const expected = new Map<string, { path: string; stream: string; version: number }>();
    for (const event of events) {
      if (webhookEventType(event.type) === null) continue;
      const paths = event.submitted_by === 'integrator:sms-1708' ? ['/admin', '/sms'] : ['/admin'];
      for (const path of paths)
        expected.set(webhookMessageId(endpoints[path]!, event.event_id), {
          path,
          stream: event.stream_id,
          version: event.stream_version,
        });
    }
    expect(expected.size).toBeGreaterThan(200);
    await receiver.waitFor((deliveries) => {
      const ids = new Set(deliveries.map((d) => d.id));
      return [...expected.keys()].every((id) => ids.has(id));
    }, 90_000);

    const received = receiver.deliveries;
    // Nothing arrived that should not have, every delivery verifies, and a duplicate is the same message again.
    for (const delivery of received) {
      expect(expected.get(delivery.id)?.path).toBe(delivery.path);
      expect(delivery.verified).toEqual({ v1: true, v1a: true });
    }
    const bodies = new Map<string, string>();
    for (const delivery of received) {
      expect(bodies.get(delivery.id) ?? delivery.body).toBe(delivery.body);
      bodies.set(delivery.id, delivery.body);
    }
    const duplicates = received.length - bodies.size;
    // At least once: only a message the killed instance had sent but not recorded is sent again. What it had
    // written to its sockets still arrives after the kill (the kernel sends it), so within a moment of it.
    const firstArrival = new Map<string, number>();
    for (const delivery of received)
      if (!firstArrival.has(delivery.id)) firstArrival.set(delivery.id, delivery.receivedAt);
    const repeatedLate = received.filter(
      (delivery, i) =>
        received.findIndex((d) => d.id === delivery.id) !== i && firstArrival.get(delivery.id)! > killedAt + 2_000,
    );
    expect(repeatedLate.map((d) => d.id)).toEqual([]);
    // For each report and endpoint, messages first arrived in stream order (a repeat may come later).
    const seen = new Set<string>();
    const lastVersion = new Map<string, number>();
    const outOfOrder: string[] = [];
    for (const delivery of received) {
      if (seen.has(delivery.id)) continue;
      seen.add(delivery.id);
      const { path, stream, version } = expected.get(delivery.id)!;
      const key = `${path} ${stream}`;
      if (version <= (lastVersion.get(key) ?? 0)) outOfOrder.push(`${key} v${version}`);
      lastVersion.set(key, version);
    }
    expect(outOfOrder).toEqual([]);
    console.log(
      `webhooks under kill -9: ${expected.size} messages expected, ${received.length} deliveries, ${duplicates} duplicates`,
    );
  });
});
