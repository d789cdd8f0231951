import { createPublicKey, verify, type KeyObject } from 'node:crypto';
import { createServer, type IncomingMessage } from 'node:http';
import type { AddressInfo } from 'node:net';
import { Webhook } from 'standardwebhooks';

/**
 * A webhook endpoint as an integrator would write one, checking signatures with the reference library
 * (v1) and node:crypto (v1a) rather than with our own signing code, so tests catch what a real
 * receiver would refuse.
 */
export interface ReceivedDelivery {
  id: string;
  timestamp: number;
  body: string;
  /** The body parsed as JSON, undefined when it is not JSON. */
  payload: any;
  headers: Record<string, string>;
  receivedAt: number;
  path: string;
  /** Checked with standardwebhooks (v1) and node:crypto (v1a) against the keys set for this path; a delivery that fails either is still recorded, with verified false. */
  verified: { v1: boolean; v1a: boolean };
}

export interface Answer {
  status: number;
  headers?: Record<string, string>;
  body?: string;
}

export interface WebhookReceiver {
  /** http://127.0.0.1:PORT */
  url: string;
  /** In arrival order. */
  deliveries: ReceivedDelivery[];
  /** Keys for deliveries to `path` (e.g. '/a'); secrets and public keys are lists because of rotations. */
  setKeys(path: string, keys: { secrets: string[]; publicKeys: string[] }): void;
  /** How to answer: called per delivery, default 204. */
  respond(answer: (delivery: ReceivedDelivery) => Answer | Promise<Answer>): void;
  /** Rejects after timeoutMs (default 20 s) with a message listing what arrived. */
  waitFor(predicate: (deliveries: ReceivedDelivery[]) => boolean, timeoutMs?: number): Promise<void>;
  close(): Promise<void>;
}

/** The same window standardwebhooks allows for v1, so v1a is no easier to replay. */
const TOLERANCE_SECONDS = 5 * 60;

interface PathKeys {
  secrets: string[];
  publicKeys: KeyObject[];
}

export async function startWebhookReceiver(): Promise<WebhookReceiver> {
  const deliveries: ReceivedDelivery[] = [];
  const keysByPath = new Map<string, PathKeys>();
  const waiters = new Set<() => void>();
  let answer: (delivery: ReceivedDelivery) => Answer | Promise<Answer> = () => ({ status: 204 });

  const server = createServer((request, response) => {
    void (async () => {
      const delivery = await receive(request, keysByPath);
      deliveries.push(delivery);
      for (const wake of waiters) wake();
      let reply: Answer;
      try {
        reply = await answer(delivery);
      } catch (error) {
        reply = { status: 500, body: String(error) };
      }
      response.writeHead(reply.status, reply.headers).end(reply.body);
    })().catch((error) => response.writeHead(500).end(String(error)));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;

  return {
    url: `http://127.0.0.1:${port}`,
    deliveries,
    setKeys(path, keys) {
      keysByPath.set(path, { secrets: [...keys.secrets], publicKeys: keys.publicKeys.map(publicKeyFromWhpk) });
    },
    respond(next) {
      answer = next;
    },
    waitFor(predicate, timeoutMs = 20_000) {
      return new Promise<void>((resolve, reject) => {
        // A predicate that throws fails the wait now rather than the delivery that woke it.
        const check = () => {
          let done: boolean;
          try {
            done = predicate(deliveries);
          } catch (error) {
            finish();
            return reject(error);
          }
          if (!done) return;
          finish();
          resolve();
        };
        const timer = setTimeout(() => {
          finish();
          reject(new Error(`webhook receiver: still waiting after ${timeoutMs} ms; ${listArrivals(deliveries)}`));
        }, timeoutMs);
        const finish = () => {
          clearTimeout(timer);
          waiters.delete(check);
        };
        waiters.add(check);
        check();
      });
    },
    async close() {
      const closed = new Promise<void>((resolve, reject) =>
        server.close((error) => (error ? reject(error) : resolve())),
      );
      // server.close() alone waits for keep-alive sockets to time out.
      server.closeAllConnections();
      await closed;
    },
  };
}

async function receive(request: IncomingMessage, keysByPath: Map<string, PathKeys>): Promise<ReceivedDelivery> {
  const chunks: Buffer[] = [];
  for await (const chunk of request) chunks.push(chunk as Buffer);
  const body = Buffer.concat(chunks).toString('utf8');
  const headers: Record<string, string> = {};
  for (const [name, value] of Object.entries(request.headers))
    if (value !== undefined) headers[name] = Array.isArray(value) ? value.join(', ') : value;
  const path = new URL(request.url ?? '/', 'http://receiver').pathname;
  const keys = keysByPath.get(path) ?? { secrets: [], publicKeys: [] };
  return {
    id: headers['webhook-id'] ?? '',
    timestamp: Number(headers['webhook-timestamp']),
    body,
    payload: parseJson(body),
    headers,
    receivedAt: Date.now(),
    path,
    verified: { v1: verifiesV1(body, headers, keys.secrets), v1a: verifiesV1a(body, headers, keys.publicKeys) },
  };
}

function verifiesV1(body: string, headers: Record<string, string>, secrets: string[]): boolean {
  return secrets.some((secret) => {
    try {
      // jsonParse off: whether the body is JSON is not a question about its signature.
      new Webhook(secret).verify(body, headers, { jsonParse: false });
      return true;
    } catch {
      return false;
    }
  });
}

function verifiesV1a(body: string, headers: Record<string, string>, publicKeys: KeyObject[]): boolean {
  const id = headers['webhook-id'];
  const timestamp = headers['webhook-timestamp'];
  const signatures = headers['webhook-signature'];
  if (!id || !timestamp || !signatures || !/^\d+$/.test(timestamp)) return false;
  if (Math.abs(Date.now() / 1000 - Number(timestamp)) > TOLERANCE_SECONDS) return false;
  const signed = Buffer.from(`${id}.${timestamp}.${body}`, 'utf8');
  const v1a = signatures
    .split(' ')
    .filter((entry) => entry.startsWith('v1a,'))
    .map((entry) => Buffer.from(entry.slice('v1a,'.length), 'base64'));
  return publicKeys.some((key) => v1a.some((signature) => verify(null, signed, key, signature)));
}

/** A public key from its `whpk_` text alone, as an integrator holding nothing else would build it. */
export function publicKeyFromWhpk(text: string): KeyObject {
  if (!text.startsWith('whpk_')) throw new Error(`not a whpk_ public key: ${text}`);
  const x = Buffer.from(text.slice('whpk_'.length), 'base64').toString('base64url');
  return createPublicKey({ key: { kty: 'OKP', crv: 'Ed25519', x }, format: 'jwk' });
}

function parseJson(body: string): unknown {
  try {
    return JSON.parse(body);
  } catch {
    return undefined;
  }
}

function listArrivals(deliveries: ReceivedDelivery[]): string {
  if (deliveries.length === 0) return 'nothing arrived';
  const lines = deliveries.map(
    (d, i) => `  ${i + 1}. ${d.path} id=${d.id} v1=${d.verified.v1} v1a=${d.verified.v1a} body=${d.body.slice(0, 200)}`,
  );
  return `${deliveries.length} arrived:\n${lines.join('\n')}`;
}
