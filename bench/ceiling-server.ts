/**
 * The framework ceiling for bench:load: a bare @apollo/server answering the status query's shape
 * with a constant, no NestJS and no database. Prints its URL on stdout. The HTTP platform is
 * CEILING_PLATFORM:
 *   standalone  Apollo's own (node:http, body-parser, cors): the ceiling every ratio is taken to
 *   express     Express 5 with express.json and @as-integrations/express5, as the service served GraphQL before
 *   fastify     Fastify 5 with @as-integrations/fastify, as the service serves it now (NestJS on Fastify)
 */
import { ApolloServer } from '@apollo/server';
import { startStandaloneServer } from '@apollo/server/standalone';
import { expressMiddleware } from '@as-integrations/express5';
import fastifyApollo, { fastifyApolloDrainPlugin } from '@as-integrations/fastify';
import express from 'express';
import Fastify from 'fastify';
import { createServer } from 'node:http';
import { once } from 'node:events';
import type { AddressInfo } from 'node:net';
import { PLATFORMS, type Platform } from './ceiling-platforms.js';

const typeDefs = `#graphql
  type Deadline { kind: String! dueAt: String! missed: Boolean! }
  type Report { trackingId: String! status: String! agencyId: String updatedAt: String deadlines: [Deadline!]! }
  type Query { report(trackingId: String!): Report }
`;
const REPORT = {
  trackingId: 'KPU7-3M9Q',
  status: 'IN_PROGRESS',
  agencyId: '6f0c2a56-4a6b-4d8e-9c0e-0d6a1f1c2b3a',
  updatedAt: '2026-11-23T08:00:00.000Z',
  deadlines: [{ kind: 'COMPLETION', dueAt: '2027-01-22T16:59:59.999Z', missed: false }],
};
const resolvers = { Query: { report: () => REPORT } };
const port = Number(process.env.PORT ?? 0);
const host = '127.0.0.1';

async function serve(platform: Platform): Promise<string> {
  if (platform === 'standalone') {
    const server = new ApolloServer({ typeDefs, resolvers });
    return (await startStandaloneServer(server, { listen: { port, host } })).url;
  }
  if (platform === 'express') {
    const server = new ApolloServer({ typeDefs, resolvers });
    await server.start();
    const app = express();
    app.use('/', express.json(), expressMiddleware(server));
    const http = createServer(app).listen(port, host);
    await once(http, 'listening');
    return `http://${host}:${(http.address() as AddressInfo).port}/`;
  }
  const app = Fastify();
  const server = new ApolloServer({ typeDefs, resolvers, plugins: [fastifyApolloDrainPlugin(app)] });
  await server.start();
  await app.register(fastifyApollo(server), { path: '/graphql' });
  return `${await app.listen({ port, host })}/`;
}

const platform = (process.env.CEILING_PLATFORM ?? 'standalone') as Platform;
if (!PLATFORMS.includes(platform)) throw new Error(`The platform is one of ${PLATFORMS.join(', ')}, not ${platform}`);
console.log(await serve(platform));
