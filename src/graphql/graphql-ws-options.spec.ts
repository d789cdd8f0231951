import type { IncomingMessage } from 'node:http';
import { describe, expect, it } from '@jest/globals';
import Fastify from 'fastify';
import { trustProxy } from '../config/trust-proxy.js';
import { clientIp } from './graphql-ws-options.js';

describe("a graphql-ws client's IP, for the rate limits", () => {
  it("is the address the service's HTTP requests get as request.ip for the same request, whatever TRUST_PROXY says", async () => {
    for (const trust of [false, true, 0, 1, 2, 5]) {
      const app = Fastify({ trustProxy: trustProxy(trust) });
      app.get('/', async (request) => request.ip);
      const url = await app.listen({ port: 0, host: '127.0.0.1' });
      for (const forwardedFor of [
        undefined,
        '',
        '203.0.113.7',
        '203.0.113.7, 10.0.0.2',
        ' 198.51.100.1 ,203.0.113.7,10.0.0.2',
      ]) {
        const headers: Record<string, string> = forwardedFor === undefined ? {} : { 'x-forwarded-for': forwardedFor };
        const request = { headers, socket: { remoteAddress: '127.0.0.1' } } as unknown as IncomingMessage;
        const answer = await (await fetch(url, { headers })).text();
        expect([trust, forwardedFor, clientIp(request, trust)]).toEqual([trust, forwardedFor, answer]);
      }
      await app.close();
    }
  });
});
