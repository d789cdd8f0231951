import type { IncomingMessage } from 'node:http';
import { describe, expect, it } from '@jest/globals';
import express from 'express';
import { clientIp } from './graphql-ws-options.js';

describe("a graphql-ws client's IP, for the rate limits", () => {
  it('is the address Express gives as req.ip for the same request, whatever TRUST_PROXY says', () => {
    for (const trust of [false, true, 0, 1, 2, 5]) {
      const app = express();
      app.set('trust proxy', trust);
      for (const forwardedFor of [
        undefined,
        '',
        '203.0.113.7',
        '203.0.113.7, 10.0.0.2',
        ' 198.51.100.1 ,203.0.113.7,10.0.0.2',
      ]) {
        const request = {
          headers: forwardedFor === undefined ? {} : { 'x-forwarded-for': forwardedFor },
          socket: { remoteAddress: '10.0.0.1' },
        } as unknown as IncomingMessage;
        const expressRequest = Object.assign(Object.create(app.request), request, { app }) as express.Request;
        expect([trust, forwardedFor, clientIp(request, trust)]).toEqual([trust, forwardedFor, expressRequest.ip]);
      }
    }
  });
});
