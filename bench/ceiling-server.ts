/**
 * The framework ceiling for bench:load: a bare @apollo/server (standalone) answering the status
 * query's shape with a constant, no NestJS and no database. Prints its URL on stdout.
 */
import { ApolloServer } from '@apollo/server';
import { startStandaloneServer } from '@apollo/server/standalone';

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
const server = new ApolloServer({ typeDefs, resolvers: { Query: { report: () => REPORT } } });
const { url } = await startStandaloneServer(server, {
  listen: { port: Number(process.env.PORT ?? 0), host: '127.0.0.1' },
});
console.log(url);
