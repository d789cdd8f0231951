import { randomUUID } from 'node:crypto';
import type { IncomingHttpHeaders } from 'node:http';
import { correlationScope } from '../observability/log.js';
import type { RequestContext } from './current-actor.js';
import { UnauthenticatedError, type TokenVerifier } from './token-verifier.js';

/** What the context reads of an HTTP request (Fastify's). */
export interface HttpRequest {
  headers: IncomingHttpHeaders;
  /** The client's address, `TRUST_PROXY` applied. */
  ip: string;
}

/**
 * The GraphQL context of each request: who calls (a verified bearer token, or an API key the access
 * guard checks), from where, in which correlation. Called with `{ req }` for HTTP requests and with
 * graphql-ws's context (`connectionParams`) for subscriptions.
 */
export function requestContext(verifier: TokenVerifier) {
  return async (source: { req?: HttpRequest; connectionParams?: Record<string, unknown> }): Promise<RequestContext> => {
    // HTTP requests got theirs from the correlation hooks (bootstrap.ts); a subscription's socket gets one of its own.
    const correlationId = correlationScope.getStore()?.correlationId ?? randomUUID();
    const authorization = source.req ? source.req.headers.authorization : source.connectionParams?.authorization;
    const apiKey = source.req ? source.req.headers['x-api-key'] : source.connectionParams?.['x-api-key'];
    const ip = source.req?.ip ?? 'websocket';
    if (typeof apiKey === 'string') {
      // The key is checked by the access guard, which can reach the key registry.
      const authError = authorization ? 'Send either Authorization or X-Api-Key, not both' : null;
      return { actor: null, authError, apiKey: authError ? null : apiKey, ip, correlationId, channel: 'INTEGRATION' };
    }
    try {
      const actor = await verifier.actorFrom(typeof authorization === 'string' ? authorization : undefined);
      const channel = actor.role === 'INTEGRATOR' ? 'INTEGRATION' : 'WEB';
      return { actor, authError: null, apiKey: null, ip, correlationId, channel };
    } catch (error) {
      if (!(error instanceof UnauthenticatedError)) throw error;
      return { actor: null, authError: error.message, apiKey: null, ip, correlationId, channel: 'WEB' };
    }
  };
}
