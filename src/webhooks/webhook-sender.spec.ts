import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, beforeEach, describe, expect, it } from '@jest/globals';
import { WebhookSender, type SenderOptions } from './webhook-sender.js';

interface Received {
  method: string;
  url: string;
  headers: http.IncomingHttpHeaders;
  body: string;
}

/** A receiver on 127.0.0.1 whose answer each test sets, recording what reached it. */
let server: http.Server;
let base: string;
let received: Received[];
let connections: number;
let answer: (req: http.IncomingMessage, res: http.ServerResponse) => void;
const senders: WebhookSender[] = [];

function sender(options: Partial<SenderOptions> = {}): WebhookSender {
  const created = new WebhookSender({ allowPrivateNetworks: true, ...options });
  senders.push(created);
  return created;
}

beforeEach(async () => {
  received = [];
  connections = 0;
  answer = (_req, res) => res.end('ok');
  server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => {
      received.push({
        method: req.method!,
        url: req.url!,
        headers: req.headers,
        body: Buffer.concat(chunks).toString(),
      });
      answer(req, res);
    });
  });
  server.on('connection', () => connections++);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});

afterEach(async () => {
  for (const created of senders.splice(0)) created.close();
  server.closeAllConnections();
  await new Promise((resolve) => server.close(resolve));
});

const hook = (url: string) => ({
  url,
  headers: { 'content-type': 'application/json', 'webhook-id': 'msg_1', 'webhook-signature': 'v1,abc=' },
  body: '{"type":"report.verified","note":"Pengaduan diterima ✓"}',
});

describe('WebhookSender', () => {
  it('posts the body and headers as given and reports a 2xx as success', async () => {
    const outcome = await sender().send(hook(`${base}/hooks/in?x=1`));

    expect(outcome).toEqual({ status: 200, durationMs: expect.any(Number), error: null, retryAfterMs: null });
    expect(received).toHaveLength(1);
    const [request] = received;
    expect(request.method).toBe('POST');
    expect(request.url).toBe('/hooks/in?x=1');
    expect(request.body).toBe(hook('').body);
    expect(request.headers).toMatchObject({
      'content-type': 'application/json',
      'webhook-id': 'msg_1',
      'webhook-signature': 'v1,abc=',
      'user-agent': 'aduan-webhooks/1',
      'content-length': String(Buffer.byteLength(hook('').body)),
    });
  });

  it('connects to the address the lookup checked and names the host as given', async () => {
    const port = (server.address() as AddressInfo).port;
    const lookup = async () => [{ address: '127.0.0.1', family: 4 as const }];
    const outcome = await sender({ lookup }).send(hook(`http://receiver.test:${port}/in`));

    expect(outcome.error).toBeNull();
    expect(received[0].headers.host).toBe(`receiver.test:${port}`);
  });

  it('reads a Retry-After in seconds from a failure', async () => {
    answer = (_req, res) => res.writeHead(500, { 'retry-after': '7' }).end();
    const outcome = await sender().send(hook(`${base}/in`));

    expect(outcome).toMatchObject({ status: 500, error: 'HTTP 500', retryAfterMs: 7000 });
  });

  it('reads a Retry-After given as an HTTP-date', async () => {
    answer = (_req, res) => res.writeHead(503, { 'retry-after': new Date(Date.now() + 120_000).toUTCString() }).end();
    const outcome = await sender().send(hook(`${base}/in`));

    expect(outcome).toMatchObject({ status: 503, error: 'HTTP 503' });
    // The date has whole seconds only.
    expect(outcome.retryAfterMs).toBeGreaterThan(110_000);
    expect(outcome.retryAfterMs).toBeLessThanOrEqual(120_000);
  });

  it('does not follow a redirect', async () => {
    answer = (req, res) => res.writeHead(302, { location: `${base}/elsewhere` }).end();
    const outcome = await sender().send(hook(`${base}/in`));

    expect(outcome).toMatchObject({ status: 302, error: 'redirect (302) not followed' });
    expect(received.map((request) => request.url)).toEqual(['/in']);
  });

  it('gives up on a receiver that never answers', async () => {
    answer = () => undefined;
    const outcome = await sender({ timeoutMs: 300 }).send(hook(`${base}/in`));

    expect(outcome).toMatchObject({ status: null, error: 'timed out after 0.3 s' });
    expect(outcome.durationMs).toBeLessThan(5000);
  });

  it('times out while the answer is still arriving, keeping its status', async () => {
    answer = (_req, res) => res.writeHead(200).write('partial');
    const outcome = await sender({ timeoutMs: 300 }).send(hook(`${base}/in`));

    expect(outcome).toMatchObject({ status: 200, error: 'timed out after 0.3 s' });
  });

  it('keeps the connection alive between deliveries', async () => {
    const keptAlive = sender();
    await keptAlive.send(hook(`${base}/in`));
    const outcome = await keptAlive.send(hook(`${base}/in`));

    expect(outcome.error).toBeNull();
    expect(received).toHaveLength(2);
    expect(connections).toBe(1);
  });

  it('stops reading a long answer after the first 64 KiB', async () => {
    const total = 10 * 1024 * 1024;
    let written = 0;
    const closed = new Promise<number>((resolve) => {
      // A slow stream: reading it all would take minutes, so returning at all shows the sender stopped.
      answer = (_req, res) => {
        res.writeHead(200, { 'content-length': String(total) });
        const drip = setInterval(() => {
          if (written < total) res.write(Buffer.alloc(16 * 1024, 'x'), () => undefined);
          written += 16 * 1024;
        }, 20);
        res.on('close', () => {
          clearInterval(drip);
          resolve(written);
        });
      };
    });
    const outcome = await sender({ timeoutMs: 600_000 }).send(hook(`${base}/in`));

    expect(outcome).toMatchObject({ status: 200, error: null });
    expect(await closed).toBeLessThan(total);
  });

  it('reports a refused connection', async () => {
    const closed = http.createServer();
    await new Promise<void>((resolve) => closed.listen(0, '127.0.0.1', resolve));
    const port = (closed.address() as AddressInfo).port;
    await new Promise((resolve) => closed.close(resolve));

    const outcome = await sender().send(hook(`http://127.0.0.1:${port}/in`));

    expect(outcome).toMatchObject({ status: null, error: 'connection refused (ECONNREFUSED)', retryAfterMs: null });
  });

  it('does not connect to a private address unless private networks are allowed', async () => {
    const outcome = await sender({ allowPrivateNetworks: false }).send(hook(`${base}/in`));

    expect(outcome.status).toBeNull();
    expect(outcome.error).toMatch(/^refused destination: 127\.0\.0\.1 is a loopback address/);
    expect(connections).toBe(0);
    expect(received).toHaveLength(0);
  });

  it('reports a URL that does not parse without throwing', async () => {
    const outcome = await sender().send(hook('not a url'));

    expect(outcome).toMatchObject({ status: null, error: 'refused destination: not a URL' });
  });
});
