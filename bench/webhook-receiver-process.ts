/**
 * The benchmark's receiver, in a process of its own so that answering a thousand requests a second
 * takes nothing from the service's event loop: it answers each webhook at once (500 to the first
 * attempt of a fixed tenth of the messages sent to a /failing/ path, else 204) and reports every
 * arrival to its parent in batches: [webhook-id, arrival ms, status].
 */
import { createHash } from 'node:crypto';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';

export type Arrival = [id: string, at: number, status: number];

const now = () => performance.timeOrigin + performance.now();
const seen = new Set<string>();
let batch: Arrival[] = [];

/** The first attempt of a message sent to a /failing/ path is answered 500 for a fixed tenth of the webhook-ids. */
const failsFirstAttempt = (path: string, id: string) =>
  path.startsWith('/failing/') && createHash('sha256').update(id).digest().readUInt32BE(0) % 10 === 0;

const server = createServer((request, response) => {
  const at = now();
  const id = String(request.headers['webhook-id'] ?? '');
  const status = !seen.has(id) && failsFirstAttempt(request.url ?? '/', id) ? 500 : 204;
  seen.add(id);
  batch.push([id, at, status]);
  request.resume();
  request.on('end', () => response.writeHead(status).end());
});
// Longer than the 5 s before a retry, so an idle kept-alive socket is never closed just as the service reuses it.
server.keepAliveTimeout = 120_000;
server.listen(0, '127.0.0.1', () => process.send!({ port: (server.address() as AddressInfo).port }));
const flush = setInterval(() => {
  if (batch.length === 0) return;
  process.send!({ arrivals: batch });
  batch = [];
}, 20);
process.on('disconnect', () => {
  clearInterval(flush);
  server.closeAllConnections();
  server.close();
});
