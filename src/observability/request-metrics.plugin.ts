import type { ApolloServerPlugin } from '@apollo/server';
import { Logger } from '@nestjs/common';
import type { Metrics } from './metrics.js';

const logger = new Logger('GraphQL');

/** Times every GraphQL request by operation (its name, or the first root field) for /metrics, and logs it at debug level. */
export function requestMetricsPlugin(metrics: Metrics): ApolloServerPlugin {
  return {
    async requestDidStart() {
      const started = performance.now();
      return {
        async willSendResponse({ operation, operationName, errors, response }) {
          const body = response.body.kind === 'single' ? response.body.singleResult : null;
          const failed = (errors?.length ?? 0) > 0 || (body?.errors?.length ?? 0) > 0;
          const firstField = operation?.selectionSet.selections.find((s) => s.kind === 'Field');
          const name = operationName ?? (firstField?.kind === 'Field' ? firstField.name.value : 'unknown');
          const seconds = (performance.now() - started) / 1000;
          const labels = {
            operation: name.slice(0, 64),
            type: operation?.operation ?? 'invalid',
            outcome: failed ? 'error' : 'ok',
          };
          metrics.requestDuration.observe(labels, seconds);
          logger.debug({ msg: 'request', ...labels, ms: Math.round(seconds * 10_000) / 10 });
        },
      };
    },
  };
}
