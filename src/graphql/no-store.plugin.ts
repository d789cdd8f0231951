import type { ApolloServerPlugin } from '@apollo/server';

/**
 * Every GraphQL answer says `Cache-Control: no-store`: answers depend on who asks and change with
 * every event, and no resolver gives cache hints. Apollo's own cache-control plugin sent the same
 * header; it is switched off (graphql-options.ts) because it wraps every field's resolver to
 * collect hints nothing sets.
 */
export function noStorePlugin(): ApolloServerPlugin {
  return {
    async requestDidStart() {
      return {
        async willSendResponse({ response }) {
          response.http.headers.set('cache-control', 'no-store');
        },
      };
    },
  };
}
