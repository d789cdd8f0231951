import WebSocket from 'ws';

/** What one operation sent over graphql-ws got back: its messages, or the socket's close, or silence. */
export interface WsAnswer {
  /** `next`, `error` and `complete` messages for this operation, in order. */
  messages: { type: string; payload?: unknown }[];
  /** Set when the socket closed before the operation ended (code 4500: the server's own fault). */
  closed?: { code: number; reason: string };
  /** A subscription the server accepted and kept open, completed from this side after the wait (silent: nothing arrived). */
  silent?: boolean;
  /** Nothing at all arrived before the deadline. */
  timedOut?: boolean;
}

interface Pending {
  messages: WsAnswer['messages'];
  settle: (answer: WsAnswer) => void;
  timer: NodeJS.Timeout;
}

/**
 * A bare graphql-transport-ws client: the payload travels as the caller's own JSON text (so
 * variables can be nested deeper than JSON.stringify would go) and the socket's close code is
 * seen rather than retried, unlike graphql-ws's client.
 */
export class RawGraphqlWs {
  private readonly pending = new Map<string, Pending>();
  private nextId = 0;
  closed: { code: number; reason: string } | null = null;

  private constructor(private readonly socket: WebSocket) {
    socket.on('message', (data) => this.receive(String(data)));
    socket.on('close', (code, reason) => {
      this.closed = { code, reason: reason.toString() };
      for (const [id, pending] of this.pending) {
        clearTimeout(pending.timer);
        this.pending.delete(id);
        pending.settle({ messages: pending.messages, closed: this.closed });
      }
    });
    socket.on('error', () => undefined);
  }

  /** Opens a socket to `url` (http… or ws…, with the path) and waits for the connection_ack. */
  static async open(url: string, connectionParams: Record<string, unknown>, timeoutMs = 10_000) {
    const socket = new WebSocket(url.replace(/^http/, 'ws'), 'graphql-transport-ws');
    const client = new RawGraphqlWs(socket);
    await new Promise<void>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error('graphql-ws: no connection_ack')), timeoutMs);
      socket.once('open', () => socket.send(JSON.stringify({ type: 'connection_init', payload: connectionParams })));
      const acknowledged = (data: WebSocket.RawData) => {
        if (JSON.parse(String(data)).type !== 'connection_ack') return;
        clearTimeout(timer);
        socket.off('message', acknowledged);
        resolve();
      };
      socket.on('message', acknowledged);
      socket.once('close', (code, reason) => {
        clearTimeout(timer);
        reject(new Error(`graphql-ws: closed before ack (${code} ${reason.toString()})`));
      });
    });
    return client;
  }

  get isOpen(): boolean {
    return this.closed === null && this.socket.readyState === WebSocket.OPEN;
  }

  /**
   * Sends `payloadJson` (the text of `{ query, variables }`) as one subscribe message. Settles on
   * `error` or `complete`, on the socket's close, or, for a subscription still open after
   * `silenceMs` (when given), as silent after completing it from this side.
   */
  send(payloadJson: string, { silenceMs, timeoutMs = 30_000 }: { silenceMs?: number; timeoutMs?: number } = {}) {
    const id = `op-${++this.nextId}`;
    return new Promise<WsAnswer>((resolve) => {
      if (!this.isOpen) return resolve({ messages: [], closed: this.closed ?? { code: 0, reason: 'not open' } });
      const messages: WsAnswer['messages'] = [];
      const timer = setTimeout(() => {
        this.pending.delete(id);
        if (silenceMs === undefined) return resolve({ messages, timedOut: true });
        if (this.isOpen) this.socket.send(JSON.stringify({ id, type: 'complete' }));
        resolve({ messages, silent: messages.length === 0 });
      }, silenceMs ?? timeoutMs);
      this.pending.set(id, { messages, settle: resolve, timer });
      this.socket.send(`{"id":${JSON.stringify(id)},"type":"subscribe","payload":${payloadJson}}`);
    });
  }

  close(): Promise<void> {
    if (this.socket.readyState === WebSocket.CLOSED) return Promise.resolve();
    return new Promise((resolve) => {
      this.socket.once('close', () => resolve());
      this.socket.close(1000, 'done');
    });
  }

  private receive(text: string) {
    const message = JSON.parse(text) as { id?: string; type: string; payload?: unknown };
    if (message.type === 'ping') return this.socket.send(JSON.stringify({ type: 'pong' }));
    const pending = message.id ? this.pending.get(message.id) : undefined;
    if (!pending) return;
    pending.messages.push({ type: message.type, payload: message.payload });
    if (message.type === 'error' || message.type === 'complete') {
      clearTimeout(pending.timer);
      this.pending.delete(message.id!);
      pending.settle({ messages: pending.messages });
    }
  }
}
