import { ApolloDriver, type ApolloDriverConfig } from '@nestjs/apollo';
import type { ExecutionResult, GraphQLError } from 'graphql';
import { requestContext } from '../auth/request-context.js';
import type { TokenVerifier } from '../auth/token-verifier.js';
import type { AppConfig } from '../config/config.js';
import type { Metrics } from '../observability/metrics.js';
import { requestMetricsPlugin } from '../observability/request-metrics.plugin.js';
import { formatError } from './format-error.js';
import { maxCostRule } from './max-cost.rule.js';
import { maxDepthRule } from './max-depth.rule.js';
import { rateLimitPlugin } from './rate-limiter.js';
import { storableTextPlugin } from './storable-text.plugin.js';
import { subscriptionsOverWebSocketPlugin } from './subscriptions-over-ws.plugin.js';

type GraphqlWsOptions = ApolloDriverConfig['subscriptions'] extends infer S
  ? S extends { 'graphql-ws'?: infer W }
    ? W
    : never
  : never;

/** Apollo at /graphql (and graphql-ws on the same path): limits, plugins, error format, the request context. */
export function graphqlOptions(config: AppConfig, metrics: Metrics, verifier: TokenVerifier): ApolloDriverConfig {
  return {
    driver: ApolloDriver,
    autoSchemaFile: true,
    sortSchema: true,
    path: '/graphql',
    includeStacktraceInErrorResponses: false,
    validationRules: [maxDepthRule(config.graphqlMaxDepth), maxCostRule(config.graphqlMaxCost)],
    introspection: config.graphqlIntrospection,
    graphiql: config.graphqlIde,
    formatError,
    plugins: [
      rateLimitPlugin(config.rateLimits),
      subscriptionsOverWebSocketPlugin(),
      storableTextPlugin(),
      requestMetricsPlugin(metrics),
    ],
    subscriptions: {
      'graphql-ws': {
        path: '/graphql',
        // Subscription errors get the same codes and messages as queries and mutations.
        onError: (_ctx: unknown, _id: string, _payload: unknown, errors: readonly GraphQLError[]) =>
          errors.map((error) => formatError(error.toJSON(), error)),
        onNext: (_ctx: unknown, _id: string, _payload: unknown, _args: unknown, result: ExecutionResult) =>
          result.errors
            ? { ...result, errors: result.errors.map((error) => formatError(error.toJSON(), error)) }
            : undefined,
      } as GraphqlWsOptions,
    },
    context: requestContext(verifier),
  };
}
