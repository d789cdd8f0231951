import type { Server } from 'node:http';
import type { Duplex } from 'node:stream';
import type { FastifyReply, FastifyRequest } from 'fastify';

/** What a worker answers on every path but /health/* and /metrics, shaped like any GraphQL error. */
export const WORKER_NOT_FOUND = {
  errors: [
    {
      message:
        'This instance is a worker (INSTANCE_ROLE=worker): it serves /health and /metrics only; send API calls to an api or all instance',
      extensions: { code: 'NOT_FOUND' },
    },
  ],
};

/** A worker's HTTP (an onRequest hook): /health/* and /metrics go on to their controller, everything else gets 404. */
export function workerPathsOnly(request: FastifyRequest, reply: FastifyReply, done: () => void): void {
  const path = request.url.split('?', 1)[0]!;
  if (path.startsWith('/health/') || path === '/metrics') return done();
  void reply.status(404).send(WORKER_NOT_FOUND);
}

/** A worker takes no WebSocket (graphql-ws listens on the server): every upgrade gets the same 404. */
export function refuseUpgrades(server: Server): void {
  server.removeAllListeners('upgrade');
  server.on('upgrade', (_req: unknown, socket: Duplex) => {
    const body = JSON.stringify(WORKER_NOT_FOUND);
    socket.end(
      `HTTP/1.1 404 Not Found\r\nContent-Type: application/json; charset=utf-8\r\nContent-Length: ${Buffer.byteLength(body)}\r\nConnection: close\r\n\r\n${body}`,
    );
  });
}
