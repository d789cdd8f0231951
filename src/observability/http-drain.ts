import type { IncomingMessage, Server, ServerResponse } from 'node:http';
import net from 'node:net';
import type { Socket } from 'node:net';

/**
 * Graceful shutdown of the HTTP server. Node's own server.close() drops keep-alive connections it
 * thinks idle, including ones whose next request is already on its way, and closing the listener
 * drops connections still in the accept queue. So on SIGTERM the service first says it is not ready
 * (/health/ready 503) and keeps serving for `delayMs` while balancers stop sending; then it stops
 * listening, answers every request it has (each with Connection: close), closes connections as they
 * fall idle, and gives up on stragglers after `timeoutMs`.
 */
export class HttpDrain {
  draining = false;
  private readonly sockets = new Map<Socket, number>();

  attach(server: Server): void {
    server.on('connection', (socket: Socket) => {
      this.sockets.set(socket, 0);
      socket.once('close', () => this.sockets.delete(socket));
    });
    server.on('request', (req: IncomingMessage, res: ServerResponse) => {
      const socket = req.socket;
      this.sockets.set(socket, (this.sockets.get(socket) ?? 0) + 1);
      if (this.draining) res.shouldKeepAlive = false;
      res.once('close', () => {
        if (this.sockets.has(socket)) this.sockets.set(socket, this.sockets.get(socket)! - 1);
        if (this.draining && this.sockets.get(socket) === 0) socket.end();
      });
    });
  }

  async drain(server: Server, { delayMs, timeoutMs }: { delayMs: number; timeoutMs: number }): Promise<void> {
    this.draining = true;
    await sleep(delayMs);
    // Stop listening without Node's closing of "idle" keep-alive connections (http.Server#close does that).
    net.Server.prototype.close.call(server);
    const deadline = Date.now() + timeoutMs;
    let quietSince = Date.now();
    while (this.sockets.size > 0 && Date.now() < deadline) {
      const busy = [...this.sockets.values()].some((active) => active > 0);
      if (busy) quietSince = Date.now();
      // A connection with nothing to answer for a while is closed; one that sends a request meanwhile is answered first.
      if (!busy && Date.now() - quietSince > 200) for (const socket of this.sockets.keys()) socket.end();
      await sleep(20);
    }
    for (const socket of this.sockets.keys()) socket.destroy();
  }
}

function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}
