import { createClient, type Client } from 'graphql-ws';
import WebSocket from 'ws';
import { credentialHeaders } from './graphql.js';

/** Subscribes over graphql-ws with a token or an API key, and collects what arrives. */
export function subscribe(url: string, token: string, query: string, variables: Record<string, unknown>) {
  const client: Client = createClient({
    url: url.replace('http', 'ws') + '/graphql',
    webSocketImpl: WebSocket,
    connectionParams: credentialHeaders(token),
    lazy: false,
  });
  const received: any[] = [];
  const errors: unknown[] = [];
  const ready = new Promise<void>((resolve) => client.on('connected', () => resolve()));
  client.subscribe(
    { query, variables },
    { next: (value) => received.push(value), error: (error) => errors.push(error), complete: () => undefined },
  );
  /** Waits (at most timeoutMs) until something arrived that satisfies `wanted`. */
  const until = async (wanted: (received: any[]) => boolean, timeoutMs = 10_000) => {
    const deadline = Date.now() + timeoutMs;
    while (!wanted(received) && errors.length === 0 && Date.now() < deadline)
      await new Promise((resolve) => setTimeout(resolve, 25));
    return received;
  };
  return { client, received, errors, ready, until };
}
