import { createParamDecorator, type ExecutionContext } from '@nestjs/common';
import { GqlExecutionContext } from '@nestjs/graphql';
import { GraphQLError } from 'graphql';
import type { Actor } from '../../contexts/principals/actor.js';

/** What each GraphQL request carries besides its operation. */
export interface RequestContext {
  actor: Actor | null;
  /** Why the request's token was refused; the request still runs, as far as no actor is needed. */
  authError: string | null;
  /** An X-Api-Key header not yet checked; the access guard turns it into the actor. */
  apiKey: string | null;
  /** The client's address (the request's ip, TRUST_PROXY applied), for rate limits. */
  ip: string;
  correlationId: string;
  /** Channel recorded in the events' metadata: INTEGRATION for integrators, else WEB. */
  channel: string;
}

/** The actor of the request; a refused token makes any operation that needs one UNAUTHENTICATED. */
export const CurrentActor = createParamDecorator((_: unknown, execution: ExecutionContext): Actor => {
  const context = GqlExecutionContext.create(execution).getContext<RequestContext>();
  if (!context.actor)
    throw new GraphQLError(context.authError ?? 'Not authenticated', { extensions: { code: 'UNAUTHENTICATED' } });
  return context.actor;
});

export const CorrelationId = createParamDecorator(
  (_: unknown, execution: ExecutionContext): string =>
    GqlExecutionContext.create(execution).getContext<RequestContext>().correlationId,
);
