import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { DataSource } from 'typeorm';
import { rewrapUnderCurrentKey, unwrapWithMasterKey } from '../src/privacy/master-key-wrap.js';
import { importSigningKey, publicKeyText } from '../src/webhooks/webhook-signature.js';
import { WebhookDispatcher } from '../src/webhooks/webhook-dispatcher.js';
import { M, newReport, registryFixture } from './support/registry-fixture.js';
import { startTestService, type TestService } from './support/service.js';
import { startWebhookReceiver, type WebhookReceiver } from './support/webhook-receiver.js';

/** A clock the test moves forward by hand: retries, Retry-After, rotations and the five-day rule without waiting. */
const clock = {
  offsetMs: 0,
  now() {
    return new Date(Date.now() + this.offsetMs);
  },
};

const ENDPOINT_FIELDS =
  'endpointId url eventTypes agencyIds status disabledReason disabledNote publicKey previousPublicKey previousKeyExpiresAt owner version pendingDeliveries failingSince position';
const CREATE = `mutation($input: CreateWebhookEndpointInput!) { createWebhookEndpoint(input: $input) { secret position endpoint { ${ENDPOINT_FIELDS} } } }`;
const ENDPOINTS = `query($p: String) { webhookEndpoints(minPosition: $p) { ${ENDPOINT_FIELDS} } }`;
const DELIVERIES = `query($id: String!, $filter: WebhookDeliveryFilter, $first: Int, $after: String) {
  webhookDeliveries(endpointId: $id, filter: $filter, first: $first, after: $after) {
    nodes { messageId eventType trackingId position state nextAttemptAt deliveredAt lastStatus lastError payload attempts { attempt attemptedAt status durationMs error } }
    pageInfo { hasNextPage endCursor } } }`;

const REPORT_TEXT = [newReport.title, newReport.description, newReport.location.address, 'catatan rahasia'];

describe('webhooks: signed, ordered, retried deliveries from the event log', () => {
  let service: TestService;
  let receiver: WebhookReceiver;
  let dispatcher: WebhookDispatcher;
  let fixture: Awaited<ReturnType<typeof registryFixture>>;
  let integrator: string;
  const created: Record<string, { endpointId: string; secret: string; publicKey: string }> = {};

  const at = (path: string) => receiver.deliveries.filter((d) => d.path === path);
  const settled = async () =>
    (await service.ok(`{ health { lastGlobalPosition } }`)).health.lastGlobalPosition as string;
  /** The outbox and the dispatcher work through everything committed so far. */
  const deliverNow = () => dispatcher.catchUp();
  const create = async (path: string, input: Record<string, unknown>, token: string) => {
    const { createWebhookEndpoint } = await service.ok(
      CREATE,
      { input: { url: receiver.url + path, ...input } },
      token,
    );
    const { endpoint, secret } = createWebhookEndpoint;
    created[path] = { endpointId: endpoint.endpointId, secret, publicKey: endpoint.publicKey };
    receiver.setKeys(path, { secrets: [secret], publicKeys: [endpoint.publicKey] });
    return createWebhookEndpoint;
  };
  const endpoint = async (path: string, token = fixture.tokens.admin) =>
    ((await service.ok(ENDPOINTS, { p: await settled() }, token)).webhookEndpoints as any[]).find(
      (e) => e.endpointId === created[path]!.endpointId,
    );
  const deliveries = async (path: string, token = fixture.tokens.admin) =>
    (await service.ok(DELIVERIES, { id: created[path]!.endpointId, first: 100 }, token)).webhookDeliveries
      .nodes as any[];
  const lifecycle = async (token: string) => {
    const { tokens, agencyA } = fixture;
    const { submitReport } = await service.ok(M.submit, { input: newReport }, token);
    const trackingId = submitReport.report.trackingId as string;
    await service.ok(M.verify, { input: { trackingId, category: 'infrastruktur' } }, tokens.admin);
    await service.ok(M.disposition, { input: { trackingId, agencyId: agencyA } }, tokens.admin);
    await service.ok(M.start, { input: { trackingId } }, tokens.officerA);
    await service.ok(M.note, { input: { trackingId, note: 'catatan rahasia' } }, tokens.officerA);
    await service.ok(M.post, { input: { trackingId, message: 'Tim sudah survei lokasi.' } }, tokens.officerA);
    await service.ok(M.resolve, { input: { trackingId, message: 'Lubang sudah ditambal.' } }, tokens.officerA);
    return trackingId;
  };

  beforeAll(async () => {
    receiver = await startWebhookReceiver();
    service = await startTestService(
      { WEBHOOK_ALLOW_PRIVATE_NETWORKS: 'true', WEBHOOK_POLL_INTERVAL_MS: '100', PROJECTION_POLL_INTERVAL_MS: '50' },
      { clock },
    );
    dispatcher = service.app.get(WebhookDispatcher);
    fixture = await registryFixture(service);
    integrator = await service.token({ sub: 'qlue', role: 'INTEGRATOR' });
  }, 120_000);
  afterAll(async () => {
    await service?.stop();
    await receiver?.close();
  });

  it('delivers a report’s lifecycle in order, signed v1 and v1a, thin, to each endpoint whose owner may see it', async () => {
    const all = await create('/all', { description: 'Semua' }, fixture.tokens.admin);
    expect(all.secret).toMatch(/^whsec_/);
    expect(all.endpoint).toMatchObject({
      status: 'ENABLED',
      eventTypes: null,
      publicKey: expect.stringMatching(/^whpk_/),
    });
    await create('/resolved', { eventTypes: ['report.resolved'] }, fixture.tokens.admin);
    await create('/qlue', {}, integrator);

    const own = await lifecycle(integrator);
    const others = await lifecycle(fixture.tokens.reporter);
    await deliverNow();
    const steps = [
      'report.submitted',
      'report.verified',
      'report.dispositioned',
      'report.follow_up_posted',
      'report.resolved',
    ];
    await receiver.waitFor(() => at('/all').length === 2 * steps.length && at('/qlue').length === steps.length);
    await receiver.waitFor(() => at('/resolved').length === 2);

    const sequence = (path: string, trackingId: string) =>
      at(path)
        .filter((d) => d.payload.data.trackingId === trackingId)
        .map((d) => d.payload.type);
    expect(sequence('/all', own)).toEqual(steps);
    expect(sequence('/all', others)).toEqual(steps);
    // The integrator hears of the report it submitted, not of one a reporter submitted through the web.
    expect(sequence('/qlue', own)).toEqual(steps);
    expect(sequence('/qlue', others)).toEqual([]);
    expect(at('/resolved').map((d) => d.payload.type)).toEqual(['report.resolved', 'report.resolved']);
    for (const delivery of receiver.deliveries) {
      expect(delivery.verified).toEqual({ v1: true, v1a: true });
      for (const text of REPORT_TEXT) expect(delivery.body).not.toContain(text);
      expect(Object.keys(delivery.payload).sort()).toEqual(['data', 'timestamp', 'type']);
    }
    const versions = at('/all')
      .filter((d) => d.payload.data.trackingId === own)
      .map((d) => d.payload.data.version);
    expect(versions).toEqual([...versions].sort((a, b) => a - b));
    const dispositioned = at('/all').find((d) => d.payload.type === 'report.dispositioned')!;
    expect(dispositioned.payload.data).toMatchObject({ status: 'DISPOSITIONED', agencyId: fixture.agencyA });

    // The webhook-id is the message's id, stable, and what webhookDeliveries lists with every attempt.
    await waitUntil(async () => (await deliveries('/all')).every((m) => m.state === 'DELIVERED'));
    const listed = await deliveries('/all');
    expect(listed).toHaveLength(2 * steps.length);
    for (const message of listed) {
      expect(message).toMatchObject({ state: 'DELIVERED', lastStatus: 204, lastError: null });
      expect(message.attempts).toEqual([expect.objectContaining({ attempt: 1, status: 204, error: null })]);
      const received = at('/all').find((d) => d.id === message.messageId)!;
      expect(received.body).toBe(message.payload);
      expect(received.headers['webhook-id']).toBe(message.messageId);
    }
    expect((await endpoint('/all')).pendingDeliveries).toBe(0);
  });

  it('keeps a report’s order under retries, honours Retry-After, and redelivers with the same webhook-id', async () => {
    await create('/flaky', {}, fixture.tokens.admin);
    let refusals = 0;
    receiver.respond((delivery) =>
      delivery.path === '/flaky' && delivery.payload.type === 'report.submitted' && refusals++ < 2
        ? refusals === 1
          ? { status: 500 }
          : { status: 503, headers: { 'retry-after': '120' } }
        : { status: 204 },
    );
    const { submitReport } = await service.ok(M.submit, { input: newReport }, fixture.tokens.reporter);
    const trackingId = submitReport.report.trackingId;
    await receiver.waitFor(() => at('/flaky').length === 1);
    // The report moves on while its first message waits for a retry: the second must wait behind it.
    await service.ok(M.verify, { input: { trackingId, category: 'infrastruktur' } }, fixture.tokens.admin);
    await deliverNow();
    const submittedMessage = async () => (await deliveries('/flaky')).find((m) => m.eventType === 'report.submitted');
    await waitUntil(async () => (await submittedMessage()).attempts.length === 1);
    let submitted = await submittedMessage();
    expect(submitted).toMatchObject({ state: 'PENDING', lastStatus: 500 });
    const first = Date.parse(submitted.attempts[0].attemptedAt);
    const retryIn = Date.parse(submitted.nextAttemptAt) - first;
    expect(retryIn).toBeGreaterThanOrEqual(4_500);
    expect(retryIn).toBeLessThanOrEqual(5_500);
    expect(at('/flaky')).toHaveLength(1);

    clock.offsetMs += 6_000;
    await deliverNow();
    await receiver.waitFor(() => at('/flaky').length === 2);
    await waitUntil(async () => (await submittedMessage()).attempts.length === 2);
    submitted = await submittedMessage();
    expect(submitted).toMatchObject({ state: 'PENDING', lastStatus: 503 });
    // Retry-After: 120 replaces the schedule's next step (5 minutes).
    expect(Date.parse(submitted.nextAttemptAt) - Date.parse(submitted.attempts[1].attemptedAt)).toBe(120_000);
    clock.offsetMs += 60_000;
    await deliverNow();
    await new Promise((resolve) => setTimeout(resolve, 500));
    expect(at('/flaky')).toHaveLength(2);

    clock.offsetMs += 61_000;
    await deliverNow();
    await receiver.waitFor(() => at('/flaky').length === 4);
    expect(at('/flaky').map((d) => [d.payload.type, d.payload.data.version])).toEqual([
      ['report.submitted', 1],
      ['report.submitted', 1],
      ['report.submitted', 1],
      ['report.verified', 2],
    ]);
    expect(
      new Set(
        at('/flaky')
          .slice(0, 3)
          .map((d) => d.id),
      ).size,
    ).toBe(1);

    const { redeliverWebhook } = await service.ok(
      `mutation($id: String!) { redeliverWebhook(messageId: $id) { messageId state } }`,
      { id: submitted.messageId },
      fixture.tokens.admin,
    );
    expect(redeliverWebhook).toEqual({ messageId: submitted.messageId, state: 'PENDING' });
    await deliverNow();
    await receiver.waitFor(() => at('/flaky').length === 5);
    expect(at('/flaky')[4]!.id).toBe(submitted.messageId);
    receiver.respond(() => ({ status: 204 }));
  });

  it('disables an endpoint that answers 410 Gone, and records why', async () => {
    await create('/gone', {}, fixture.tokens.admin);
    receiver.respond((d) => (d.path === '/gone' ? { status: 410 } : { status: 204 }));
    await service.ok(M.submit, { input: newReport }, fixture.tokens.reporter);
    await deliverNow();
    await receiver.waitFor(() => at('/gone').length === 1);
    await waitUntil(async () => (await endpoint('/gone')).status === 'DISABLED');
    expect(await endpoint('/gone')).toMatchObject({
      disabledReason: 'GONE',
      disabledNote: expect.stringContaining('410'),
    });
    const [message] = await deliveries('/gone');
    expect(message).toMatchObject({ state: 'FAILED', lastStatus: 410 });
    // Disabled, it is sent nothing more; enabled again, it hears of what happens next.
    await service.ok(M.submit, { input: newReport }, fixture.tokens.reporter);
    await deliverNow();
    receiver.respond(() => ({ status: 204 }));
    await service.ok(
      `mutation($id: String!) { enableWebhookEndpoint(endpointId: $id) { status } }`,
      { id: created['/gone']!.endpointId },
      fixture.tokens.admin,
    );
    await service.ok(M.submit, { input: newReport }, fixture.tokens.reporter);
    await deliverNow();
    await receiver.waitFor(() => at('/gone').length === 2);
    expect(await deliveries('/gone')).toHaveLength(2);
  });

  it('disables an endpoint after five days of failing every attempt', async () => {
    await create('/down', {}, fixture.tokens.admin);
    receiver.respond((d) => (d.path === '/down' ? { status: 500 } : { status: 204 }));
    await service.ok(M.submit, { input: newReport }, fixture.tokens.reporter);
    await deliverNow();
    await receiver.waitFor(() => at('/down').length === 1);
    await waitUntil(async () => (await endpoint('/down')).failingSince !== null);
    expect((await endpoint('/down')).status).toBe('ENABLED');
    clock.offsetMs += 4 * 24 * 3_600_000;
    await deliverNow();
    await receiver.waitFor(() => at('/down').length === 2);
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect((await endpoint('/down')).status).toBe('ENABLED');
    clock.offsetMs += 24 * 3_600_000 + 60_000;
    await deliverNow();
    await receiver.waitFor(() => at('/down').length === 3);
    await waitUntil(async () => (await endpoint('/down')).status === 'DISABLED');
    expect(await endpoint('/down')).toMatchObject({ disabledReason: 'FAILING' });
    receiver.respond(() => ({ status: 204 }));
  });

  it('signs with the old and the new key for 24 hours after a rotation', async () => {
    // Back to the real time: the receiver, like any, refuses timestamps days away from its own clock.
    clock.offsetMs = 0;
    await create('/rotating', { eventTypes: ['report.submitted'] }, fixture.tokens.admin);
    const old = created['/rotating']!;
    const { rotateWebhookSecret } = await service.ok(
      `mutation($id: String!) { rotateWebhookSecret(endpointId: $id) { secret endpoint { publicKey previousPublicKey previousKeyExpiresAt } } }`,
      { id: old.endpointId },
      fixture.tokens.admin,
    );
    expect(rotateWebhookSecret.secret).not.toBe(old.secret);
    expect(rotateWebhookSecret.endpoint.previousPublicKey).toBe(old.publicKey);
    // A receiver that knows only the old keys, and one that knows only the new ones, both accept.
    receiver.setKeys('/rotating', { secrets: [old.secret], publicKeys: [old.publicKey] });
    await service.ok(M.submit, { input: newReport }, fixture.tokens.reporter);
    await deliverNow();
    await receiver.waitFor(() => at('/rotating').length === 1);
    expect(at('/rotating')[0]!.verified).toEqual({ v1: true, v1a: true });
    receiver.setKeys('/rotating', {
      secrets: [rotateWebhookSecret.secret],
      publicKeys: [rotateWebhookSecret.endpoint.publicKey],
    });
    await service.ok(M.submit, { input: newReport }, fixture.tokens.reporter);
    await deliverNow();
    await receiver.waitFor(() => at('/rotating').length === 2);
    expect(at('/rotating')[1]!.verified).toEqual({ v1: true, v1a: true });
    expect(at('/rotating')[1]!.headers['webhook-signature']!.split(' ')).toHaveLength(4);
    clock.offsetMs += 25 * 3_600_000;
    await service.ok(M.submit, { input: newReport }, fixture.tokens.reporter);
    await deliverNow();
    await receiver.waitFor(() => at('/rotating').length === 3);
    expect(
      at('/rotating')[2]!
        .headers['webhook-signature']!.split(' ')
        .map((s) => s.split(',')[0]),
    ).toEqual(['v1', 'v1a']);
  });

  it('lets an integrator manage only its own endpoints, and an API key only reach its agencies', async () => {
    const other = await service.token({ sub: 'smart-city', role: 'INTEGRATOR' });
    const id = created['/qlue']!.endpointId;
    for (const query of [
      `mutation { disableWebhookEndpoint(endpointId: "${id}") { status } }`,
      `mutation { rotateWebhookSecret(endpointId: "${id}") { secret } }`,
      `query { webhookDeliveries(endpointId: "${id}") { nodes { messageId } } }`,
    ])
      expect((await service.error(query, {}, other)).extensions?.code).toBe('NOT_FOUND');
    expect((await service.ok(ENDPOINTS, {}, other)).webhookEndpoints).toEqual([]);
    const own = (await service.ok(ENDPOINTS, {}, integrator)).webhookEndpoints as any[];
    expect(own.map((e) => e.endpointId)).toEqual([id]);
    const [message] = await deliveries('/qlue', integrator);
    expect(
      (
        await service.error(
          `mutation($id: String!) { redeliverWebhook(messageId: $id) { state } }`,
          { id: message.messageId },
          other,
        )
      ).extensions?.code,
    ).toBe('NOT_FOUND');
    expect(
      (await service.error(CREATE, { input: { url: `${receiver.url}/x` } }, fixture.tokens.reporter)).extensions?.code,
    ).toBe('FORBIDDEN');

    const { issueApiKey } = await service.ok(
      `mutation($input: IssueApiKeyInput!) { issueApiKey(input: $input) { secret } }`,
      {
        input: {
          integratorId: 'kota-payakumbuh-app',
          name: 'Payakumbuh smart city',
          mutations: ['submitReport', 'createWebhookEndpoint'],
          agencies: [fixture.agencyA],
        },
      },
      fixture.tokens.admin,
    );
    const refused = await service.error(
      CREATE,
      { input: { url: `${receiver.url}/city`, agencyIds: [fixture.agencyB] } },
      issueApiKey.secret,
    );
    expect(refused.extensions?.code).toBe('FORBIDDEN');
    await create('/city', {}, issueApiKey.secret);
    // A report routed to the key's agency reaches it although another submitted it; one routed elsewhere does not.
    const routed = async (agencyId: string) => {
      const { submitReport } = await service.ok(M.submit, { input: newReport }, fixture.tokens.reporter);
      const trackingId = submitReport.report.trackingId;
      await service.ok(M.verify, { input: { trackingId, category: 'infrastruktur' } }, fixture.tokens.admin);
      await service.ok(M.disposition, { input: { trackingId, agencyId } }, fixture.tokens.admin);
      return trackingId;
    };
    const toA = await routed(fixture.agencyA);
    const toB = await routed(fixture.agencyB);
    const confidential = await service.ok(
      M.submit,
      { input: { ...newReport, confidential: true } },
      fixture.tokens.reporter,
    );
    const secret = confidential.submitReport.report.trackingId;
    await service.ok(
      M.verify,
      { input: { trackingId: secret, category: 'infrastruktur', confidential: true } },
      fixture.tokens.admin,
    );
    await service.ok(M.disposition, { input: { trackingId: secret, agencyId: fixture.agencyA } }, fixture.tokens.admin);
    await deliverNow();
    await receiver.waitFor(() => at('/city').some((d) => d.payload.data.trackingId === toA));
    await service.ok(M.submit, { input: newReport }, issueApiKey.secret);
    await deliverNow();
    await receiver.waitFor(() => at('/city').some((d) => d.payload.type === 'report.submitted'));
    const heard = new Set(at('/city').map((d) => d.payload.data.trackingId));
    expect(heard.has(toA)).toBe(true);
    expect(heard.has(toB)).toBe(false);
    expect(heard.has(secret)).toBe(false);
  });

  it('refuses bad settings with a message naming the field', async () => {
    const bad = async (input: Record<string, unknown>) =>
      service.error(CREATE, { input: { url: `${receiver.url}/bad`, ...input } }, fixture.tokens.admin);
    expect(await bad({ eventTypes: ['report.exploded'] })).toMatchObject({
      extensions: { code: 'BAD_USER_INPUT' },
      message: expect.stringContaining('report.exploded'),
    });
    expect(await bad({ agencyIds: ['00000000-0000-4000-8000-000000000000'] })).toMatchObject({
      extensions: { code: 'BAD_USER_INPUT' },
      message: expect.stringContaining('agencyIds'),
    });
    expect(await bad({ url: 'ftp://example.org/hook' })).toMatchObject({ extensions: { code: 'BAD_USER_INPUT' } });
    expect(
      await service.error(
        `mutation { deleteWebhookEndpoint(endpointId: "nope") { status } }`,
        {},
        fixture.tokens.admin,
      ),
    ).toMatchObject({ extensions: { code: 'NOT_FOUND' } });
  });

  it('keeps the signing keys wrapped by the master key, and re-wraps them when it rotates', async () => {
    const dataSource = service.app.get(DataSource);
    const next = { id: 'k2', key: randomBytes(32) };
    const keys = [next, ...service.config.reporterDataKeys];
    const rewrapped = await rewrapUnderCurrentKey(dataSource, 'webhook_keys', keys, (id) => `missing ${id}`);
    expect(rewrapped).toBeGreaterThan(0);
    const rows: { key_id: string; master_key_id: string; wrapped_key: Buffer }[] = await dataSource.query(
      `SELECT key_id, master_key_id, wrapped_key FROM webhook_keys WHERE endpoint_id = $1`,
      [created['/all']!.endpointId],
    );
    expect(rows.map((row) => row.master_key_id)).toEqual(['k2']);
    // The new master key alone opens it, and it is the key whose public half the endpoint shows.
    const key = importSigningKey(unwrapWithMasterKey(new Map([['k2', next.key]]), 'k2', rows[0]!.wrapped_key, ''));
    expect(publicKeyText(key)).toBe(created['/all']!.publicKey);
    expect(rows[0]!.wrapped_key.includes(key.hmacSecret)).toBe(false);
  });

  it('stops and forgets a deleted endpoint', async () => {
    await create('/deleted', {}, fixture.tokens.admin);
    receiver.respond((d) => (d.path === '/deleted' ? { status: 500 } : { status: 204 }));
    await service.ok(M.submit, { input: newReport }, fixture.tokens.reporter);
    await deliverNow();
    await receiver.waitFor(() => at('/deleted').length === 1);
    await service.ok(
      `mutation($id: String!) { deleteWebhookEndpoint(endpointId: $id) { endpointId } }`,
      { id: created['/deleted']!.endpointId },
      fixture.tokens.admin,
    );
    // Its message waiting for a retry is cancelled, settled as of the deletion (what pruning counts from).
    const id = created['/deleted']!.endpointId;
    const dataSource = service.app.get(DataSource);
    const cancelled = () =>
      dataSource.query(
        `SELECT m.next_attempt_at AS at, e.metadata->>'occurredAt' AS deleted FROM webhook_messages m
           JOIN events e ON e.stream_id = 'webhook-endpoint-' || m.endpoint_id AND e.type = 'WebhookEndpointDeleted'
          WHERE m.endpoint_id = $1 AND m.state = 'CANCELLED'`,
        [id],
      );
    await waitUntil(async () => (await cancelled()).length === 1);
    const [settled] = await cancelled();
    expect(settled.at.toISOString()).toBe(settled.deleted);
    clock.offsetMs += 10 * 60_000;
    await deliverNow();
    await new Promise((resolve) => setTimeout(resolve, 500));
    expect(at('/deleted')).toHaveLength(1);
    expect(await endpoint('/deleted')).toBeUndefined();
    receiver.respond(() => ({ status: 204 }));
  });
});

async function waitUntil(condition: () => Promise<boolean>, timeoutMs = 10_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await condition())) {
    if (Date.now() > deadline) throw new Error('The condition did not hold in time');
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

describe('webhook URLs, with the default settings', () => {
  let service: TestService;
  beforeAll(async () => {
    service = await startTestService();
  }, 120_000);
  afterAll(async () => service?.stop());

  it.each([
    ['http://127.0.0.1:8080/hook', /loopback/],
    ['https://127.0.0.1/hook', /loopback/],
    ['https://localhost/hook', /localhost resolves to .*loopback/],
    ['https://10.1.2.3/hook', /private/],
    ['https://192.168.1.10/hook', /private/],
    ['https://169.254.169.254/latest/meta-data', /link-local/i],
    ['https://[::1]/hook', /loopback/],
    ['https://[::ffff:10.0.0.1]/hook', /private/],
    ['http://93.184.216.34/hook', /https/],
  ])('refuses %s before recording anything', async (url, why) => {
    const admin = await service.token({ sub: 'admin-1', role: 'ADMIN' });
    const error = await service.error(CREATE, { input: { url } }, admin);
    expect(error.extensions).toMatchObject({ code: 'BAD_USER_INPUT', argument: 'url' });
    expect(error.message).toMatch(why);
    expect((await service.ok(ENDPOINTS, {}, admin)).webhookEndpoints).toEqual([]);
  });
});
