import type { IncomingMessage } from 'node:http';
import type { ApolloServerPlugin } from '@apollo/server';
import {
  getOperationAST,
  GraphQLError,
  NoSchemaIntrospectionCustomRule,
  specifiedRules,
  validate,
  type DocumentNode,
  type ExecutionArgs,
  type ExecutionResult,
  type GraphQLSchema,
  type ValidationRule,
} from 'graphql';
import type { RequestContext } from '../auth/current-actor.js';
import { parseDocument } from './document-limits.js';
import { formatError } from './format-error.js';
import type { OperationRateLimits } from './rate-limiter.js';
import { unstorableTextRefusal } from './storable-text.plugin.js';

/** What graphql-ws hands the hooks: the socket's connection params and, from its `ws` adapter, the upgrade request. */
interface SocketContext {
  connectionParams?: Readonly<Record<string, unknown>>;
  extra?: { request?: IncomingMessage };
}

interface SubscribePayload {
  query: string;
  operationName?: string | null;
  variables?: Record<string, unknown> | null;
}

/**
 * graphql-ws on /graphql, held to what Apollo applies to HTTP requests. graphql-ws would parse and
 * validate a subscribe message with graphql-js's rules only, and a document it cannot parse closes
 * the socket (4500); here `onSubscribe` does it all and answers each refusal as an `error` message
 * with the code HTTP gives it: the nesting check and the parse (GRAPHQL_PARSE_FAILED), the same
 * validation rules (GRAPHQL_VALIDATION_FAILED), the operation's resolution (OPERATION_RESOLUTION_FAILURE),
 * the same rate limits (RATE_LIMITED) and the same check of text no event can hold (BAD_USER_INPUT),
 * in the order Apollo runs them. `plugin` (an Apollo plugin) hands it the schema Apollo serves.
 */
export function graphqlOverWebSocket(options: {
  path: string;
  /** The rules Apollo runs besides graphql-js's own (its `validationRules`). */
  validationRules: readonly ValidationRule[];
  introspection: boolean;
  context: (source: { connectionParams?: Readonly<Record<string, unknown>> }) => Promise<RequestContext>;
  rateLimits: OperationRateLimits;
  /** TRUST_PROXY, to find the client's IP behind proxies as an HTTP request's `ip` does. */
  trustProxy: boolean | number;
}) {
  let schema: GraphQLSchema | undefined;
  const rules = [
    ...specifiedRules,
    // Apollo adds its own equivalent to HTTP requests when introspection is off.
    ...(options.introspection ? [] : [NoSchemaIntrospectionCustomRule]),
    ...options.validationRules,
  ];

  const plugin: ApolloServerPlugin = {
    // Apollo starts (and so calls this) before the WebSocket server is opened.
    async serverWillStart({ schema: served }) {
      schema = served;
    },
  };

  async function onSubscribe(
    socket: SocketContext,
    _id: string,
    payload: SubscribePayload,
  ): Promise<ExecutionArgs | readonly GraphQLError[]> {
    if (!schema) throw new Error('graphql-ws got an operation before Apollo Server started');
    const document = parseDocument(payload.query);
    if (document instanceof GraphQLError) return [document];
    const invalid = validate(schema, document, rules);
    if (invalid.length > 0) return invalid.map((error) => coded(error, 'GRAPHQL_VALIDATION_FAILED'));
    const operation = getOperationAST(document, payload.operationName);
    if (!operation) return [unresolvedOperation(document, payload.operationName)];
    const contextValue: RequestContext = {
      ...(await options.context(socket)),
      ip: clientIp(socket.extra?.request, options.trustProxy),
    };
    const refusal =
      options.rateLimits.take(operation.operation, contextValue) ?? unstorableTextRefusal(payload.variables, document);
    if (refusal) return [refusal];
    return {
      schema,
      document,
      operationName: payload.operationName,
      variableValues: payload.variables,
      contextValue,
    };
  }

  return {
    plugin,
    options: {
      path: options.path,
      onSubscribe,
      // Errors get the same codes and messages as over HTTP.
      onError: (_ctx: unknown, _id: string, _payload: unknown, errors: readonly GraphQLError[]) =>
        errors.map((error) => formatError(error.toJSON(), error)),
      onNext: (_ctx: unknown, _id: string, _payload: unknown, _args: unknown, result: ExecutionResult) =>
        result.errors
          ? { ...result, errors: result.errors.map((error) => formatError(error.toJSON(), error)) }
          : undefined,
    },
  };
}

function coded(error: GraphQLError, code: string): GraphQLError {
  return new GraphQLError(error.message, {
    nodes: error.nodes,
    source: error.source,
    positions: error.positions,
    extensions: { ...error.extensions, code },
  });
}

/** What graphql-js says (and Apollo answers as OPERATION_RESOLUTION_FAILURE) when the operation to run is not clear. */
function unresolvedOperation(document: DocumentNode, operationName: string | null | undefined): GraphQLError {
  const message = operationName
    ? `Unknown operation named "${operationName}".`
    : document.definitions.some((definition) => definition.kind === 'OperationDefinition')
      ? 'Must provide operation name if query contains multiple operations.'
      : 'Must provide an operation.';
  return new GraphQLError(message, { extensions: { code: 'OPERATION_RESOLUTION_FAILURE' } });
}

/**
 * The client's IP as an HTTP request's `ip` (Fastify's and Express's alike) finds it with TRUST_PROXY `trust`: the socket's
 * peer, or, through that many trusted proxies (all with `true`), the address X-Forwarded-For names.
 */
export function clientIp(request: IncomingMessage | undefined, trust: boolean | number): string {
  const peer = request?.socket.remoteAddress;
  if (!request || !peer) return 'websocket';
  const forwarded = String(request.headers['x-forwarded-for'] ?? '')
    .split(',')
    .map((address) => address.trim())
    .filter((address) => address !== '')
    .reverse();
  const hops = [peer, ...forwarded];
  const trusted = trust === true ? hops.length - 1 : trust === false ? 0 : Math.min(trust, hops.length - 1);
  return hops[trusted]!;
}
