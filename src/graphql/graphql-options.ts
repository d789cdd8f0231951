import { ApolloServerPluginCacheControlDisabled } from '@apollo/server/plugin/disabled';
import { ApolloDriver, type ApolloDriverConfig } from '@nestjs/apollo';
import type { FastifyRequest } from 'fastify';
import { requestContext } from '../auth/request-context.js';
import type { TokenVerifier } from '../auth/token-verifier.js';
import type { AppConfig } from '../config/config.js';
import type { Metrics } from '../observability/metrics.js';
import { requestMetricsPlugin } from '../observability/request-metrics.plugin.js';
import { PARSE_OPTIONS, requestNestingRefusal } from './document-limits.js';
import { formatError } from './format-error.js';
import { graphqlOverWebSocket } from './graphql-ws-options.js';
import { maxCostRule } from './max-cost.rule.js';
import { maxDepthRule } from './max-depth.rule.js';
import { noStorePlugin } from './no-store.plugin.js';
import { OperationRateLimits, rateLimitPlugin } from './rate-limiter.js';
import { storableTextPlugin } from './storable-text.plugin.js';
import { subscriptionsOverWebSocketPlugin } from './subscriptions-over-ws.plugin.js';

type GraphqlWsOptions = ApolloDriverConfig['subscriptions'] extends infer S
  ? S extends { 'graphql-ws'?: infer W }
    ? W
    : never
  : never;

/**
 * Apollo at /graphql and graphql-ws on the same path, both held to the same limits: the nesting
 * check before parsing, the parse options, the validation rules, the rate limits (one budget per
 * client for both) and the check of storable text; one error format; the request context.
 */
export function graphqlOptions(config: AppConfig, metrics: Metrics, verifier: TokenVerifier): ApolloDriverConfig {
  const validationRules = [maxDepthRule(config.graphqlMaxDepth), maxCostRule(config.graphqlMaxCost)];
  const rateLimits = new OperationRateLimits(config.rateLimits);
  const context = requestContext(verifier);
  const overWebSocket = graphqlOverWebSocket({
    path: '/graphql',
    validationRules,
    introspection: config.graphqlIntrospection,
    context,
    rateLimits,
    trustProxy: config.trustProxy,
  });
  return {
    driver: ApolloDriver,
    autoSchemaFile: true,
    sortSchema: true,
    path: '/graphql',
    includeStacktraceInErrorResponses: false,
    parseOptions: PARSE_OPTIONS,
    validationRules,
    introspection: config.graphqlIntrospection,
    graphiql: config.graphqlIde,
    formatError,
    plugins: [
      ApolloServerPluginCacheControlDisabled(),
      noStorePlugin(),
      rateLimitPlugin(rateLimits),
      subscriptionsOverWebSocketPlugin(),
      storableTextPlugin(),
      requestMetricsPlugin(metrics),
      overWebSocket.plugin,
    ],
    subscriptions: { 'graphql-ws': overWebSocket.options as GraphqlWsOptions },
    // The context is made before Apollo parses the document: the only place to refuse one nested too
    // deep for graphql-js's recursive parser (an error thrown by a plugin before parsing answers 500).
    // Apollo's Fastify integration calls it with the request (graphql-ws calls overWebSocket's context).
    context: async (request: FastifyRequest) => {
      const refusal = requestNestingRefusal(request);
      if (refusal) throw refusal;
      return context({ req: request });
    },
  };
}
