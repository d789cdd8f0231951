/**
 * Drives the service over HTTP with autocannon (8 connections, 30 s a scenario): status queries by
 * tracking id, agency inbox pages, submitReport mutations, and a mix (70 % status, 20 % inbox, 10 %
 * submissions); in the same run, a bare @apollo/server answering the status query's shape with a
 * constant, the framework ceiling. The service runs as its own processes on a fresh database on
 * DATABASE_URL's server, filled with the 300-report demo first, or with --reports N with a generated
 * store (generated-store.ts: 2,000 agencies and N report lifecycles written straight into the events
 * table, every read model rebuilt), which adds the read-model queries of the growth table
 * (read-model-scenarios.ts: reports by filters and by full text, reportCounts, reportTrend,
 * agencyRanking); --reports also prints a line of the store's sizes first. Topologies (--topology):
 *   1all          one instance with INSTANCE_ROLE=all (the default)
 *   2api+1worker  two INSTANCE_ROLE=api instances and one INSTANCE_ROLE=worker, each on its own port;
 *                 a scenario drives both api instances at once, half the connections each (two
 *                 autocannon runs side by side): requestsPerSec is their sum, p50Ms the mean of
 *                 their p50s weighted by the requests each answered, p99Ms the larger of their p99s,
 *                 errors their sum. The ceiling is always one autocannon run with every connection.
 *   1api+1worker  one INSTANCE_ROLE=api instance taking the load and one INSTANCE_ROLE=worker: the
 *                 runners out of the thread that answers requests, in a process of their own.
 * One JSON line per scenario:
 *   { "scenario", "topology", "requestsPerSec", "p50Ms", "p99Ms", "errors", "ratioToCeiling" }
 *
 *   DATABASE_URL=postgres://… npm run bench:load -- --json [--topology 1all|2api+1worker|1api+1worker] [--duration 30]
 *     [--connections 8] [--only status[,inbox…]] [--profile] [--reports 100000]
 * --profile runs the services under node --cpu-prof and prints, after the scenarios, where their CPU time went.
 * --platforms adds, after the ceiling, the same bare Apollo server on Express 5 (as the service served it
 * before) and on Fastify 5 (as it serves it now): scenarios ceiling-express and ceiling-fastify.
 * --keep leaves the database in place (its URL on stderr); --store URL measures such a kept store of
 * generated reports again (with the read-model scenarios) instead of writing a new one, so that a
 * change to a query is measured at 1,000,000 reports without the ~20 minutes of writing and rebuilding.
 * On a server that runs without autovacuum, each scenario starts with the analyses autovacuum would
 * have made by then (autovacuum-analyse.ts), so the earlier scenarios' submissions are in the statistics.
 */
import type { ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import { mkdtemp, readdir } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import autocannon from 'autocannon';
import pg from 'pg';
import { signToken } from '../src/auth/token-verifier.js';
import { DEVELOPMENT_JWT_SECRET, loadConfig } from '../src/config/config.js';
import type { InstanceRole } from '../src/config/instance-role.js';
import { seedDemo } from '../src/demo/seed-demo.js';
import { summarizeCpuProfile } from './cpu-profile-summary.js';
import { PLATFORMS, type Platform } from './ceiling-platforms.js';
import { generateStore } from './generated-store.js';
import { readModelScenarios, type Call } from './read-model-scenarios.js';
import { benchServiceEnv } from './service-env.js';
import { serviceUrl, startProcess, submissionBody } from './service-process.js';
import { benchDatabase, leaveBenchDatabase } from './bench-database.js';
import { analyseAsAutovacuumWould } from './autovacuum-analyse.js';

const { values: args } = parseArgs({
  options: {
    json: { type: 'boolean', default: false },
    duration: { type: 'string', default: '30' },
    connections: { type: 'string', default: '8' },
    reports: { type: 'string' },
    only: { type: 'string' },
    profile: { type: 'boolean', default: false },
    topology: { type: 'string', default: '1all' },
    platforms: { type: 'boolean', default: false },
    keep: { type: 'boolean', default: false },
    store: { type: 'string' },
  },
});
const duration = Number(args.duration);
const connections = Number(args.connections);
/** The instances each topology starts, in order; the api (or all) ones take the load. */
const TOPOLOGIES: Record<string, InstanceRole[]> = {
  '1all': ['all'],
  '2api+1worker': ['worker', 'api', 'api'],
  '1api+1worker': ['worker', 'api'],
};
const topology = args.topology;
/** The startup line of an api or all instance names its GraphQL URL, a worker's its base URL. */

const STATUS =
  'query($t: String!) { report(trackingId: $t) { trackingId status agencyId updatedAt deadlines { kind dueAt missed } } }';
const INBOX =
  'query($a: String!) { agencyInbox(agencyId: $a, first: 20) { edges { cursor node { trackingId status title deadlines { kind dueAt } } } pageInfo { hasNextPage } } }';

/** Drives every URL at once, the connections shared out between them, and sums up as the header says. */
async function drive(
  urls: string[],
  pick: () => Call,
): Promise<{ requestsPerSec: number; p50Ms: number; p99Ms: number; errors: number }> {
  const results = await Promise.all(
    urls.map((url, i) => driveOne(url, Math.floor((connections + i) / urls.length), pick)),
  );
  const answered = results.reduce((sum, r) => sum + r.requests, 0);
  return {
    requestsPerSec: results.reduce((sum, r) => sum + r.requestsPerSec, 0),
    p50Ms:
      results.length === 1
        ? results[0]!.p50Ms
        : Math.round((results.reduce((sum, r) => sum + r.p50Ms * r.requests, 0) / Math.max(answered, 1)) * 100) / 100,
    p99Ms: Math.max(...results.map((r) => r.p99Ms)),
    errors: results.reduce((sum, r) => sum + r.errors, 0),
  };
}

async function driveOne(
  url: string,
  connections: number,
  pick: () => Call,
): Promise<{ requestsPerSec: number; requests: number; p50Ms: number; p99Ms: number; errors: number }> {
  let graphqlErrors = 0;
  const result = await autocannon({
    url: `${url.replace(/\/$/, '')}/graphql`,
    connections,
    duration,
    requests: [
      {
        method: 'POST',
        setupRequest: (request) => {
          const call = pick();
          return {
            ...request,
            body: call.body(),
            headers: {
              'content-type': 'application/json',
              ...(call.token ? { authorization: `Bearer ${call.token}` } : {}),
            },
          };
        },
        onResponse: (status, body) => {
          if (status === 200 && body.includes('"errors"')) graphqlErrors++;
        },
      },
    ],
  });
  return {
    requestsPerSec: Math.round(result.requests.average),
    requests: result.requests.total,
    p50Ms: result.latency.p50,
    p99Ms: result.latency.p99,
    errors: result.errors + result.timeouts + result.non2xx + graphqlErrors,
  };
}

async function main(): Promise<void> {
  if (!process.env.DATABASE_URL)
    throw new Error('bench:load measures the service on a PostgreSQL server: set DATABASE_URL');
  if (!TOPOLOGIES[topology])
    throw new Error(`--topology must be ${Object.keys(TOPOLOGIES).join(' or ')}, not ${topology}`);
  const database = await benchDatabase(args.store);
  const children: ChildProcess[] = [];
  const profileDir = await mkdtemp(path.join(tmpdir(), 'aduan-profile-'));
  try {
    if (args.store) {
      if (args.reports) throw new Error('--store measures a store already generated: leave out --reports');
    } else if (args.reports) {
      const reports = Number(args.reports);
      const store = await generateStore(database.url, { agencies: 2000, reports }, (message) =>
        console.error(`[load] ${message}`),
      );
      const sizes = { reports, events: store.events, writeSeconds: store.writeSeconds, ...store.counts };
      console.log(JSON.stringify({ store: { ...sizes, rebuildSeconds: store.rebuildSeconds } }));
    } else {
      const config = loadConfig({ DATABASE_URL: database.url, LOG_LEVEL: 'warn', DEADLINE_WATCH_INTERVAL_MS: '0' });
      await seedDemo(config, database, { reports: 300, seed: 1 });
    }
    const client = new pg.Client({ connectionString: database.url });
    await client.connect();
    const trackingIds = (
      await client.query<{ t: string }>(`SELECT state->>'trackingId' AS t FROM report_status WHERE NOT confidential`)
    ).rows.map((r) => r.t);
    const inboxes = (
      await client.query<{ agency_id: string }>(
        `SELECT agency_id FROM report_status WHERE status IN ('DISPOSITIONED', 'IN_PROGRESS') GROUP BY 1 ORDER BY count(*) DESC LIMIT 5`,
      )
    ).rows.map((r) => r.agency_id);
    await client.end();
    const officers = await Promise.all(
      inboxes.map((agencyId, i) =>
        signToken(DEVELOPMENT_JWT_SECRET, { sub: `officer-${i}`, role: 'LIAISON_OFFICER', agencyId }),
      ),
    );
    const reporter = await signToken(DEVELOPMENT_JWT_SECRET, { sub: 'reporter-bench', role: 'REPORTER' });
    const admin = await signToken(DEVELOPMENT_JWT_SECRET, { sub: 'admin-bench', role: 'ADMIN' });

    const serviceUrls: string[] = [];
    for (const role of TOPOLOGIES[topology]!) {
      const service = await startProcess(
        'dist/src/main.js',
        await benchServiceEnv(database.url, role),
        serviceUrl,
        args.profile ? ['--cpu-prof', `--cpu-prof-dir=${profileDir}`] : [],
      );
      children.push(service.child);
      if (role !== 'worker') serviceUrls.push(service.url.replace('localhost', '127.0.0.1'));
    }
    const ceilings: Partial<Record<Platform, string>> = {};
    for (const platform of args.platforms ? PLATFORMS : (['standalone'] as const)) {
      const ceiling = await startProcess('dist/bench/ceiling-server.js', { CEILING_PLATFORM: platform }, (line) =>
        /^http:\/\//.test(line.trim()) ? line.trim() : null,
      );
      children.push(ceiling.child);
      ceilings[platform] = ceiling.url;
    }

    const random = <T>(items: readonly T[]) => items[Math.floor(Math.random() * items.length)]!;
    let submitted = 0;
    const status = (): Call => ({
      body: () => JSON.stringify({ query: STATUS, variables: { t: random(trackingIds) } }),
    });
    const inbox = (): Call => {
      const i = Math.floor(Math.random() * inboxes.length);
      return { token: officers[i], body: () => JSON.stringify({ query: INBOX, variables: { a: inboxes[i] } }) };
    };
    const submit = (): Call => ({ token: reporter, body: () => submissionBody(++submitted) });
    const scenarios: [string, string[], () => Call][] = [
      ['ceiling', [ceilings.standalone!], status],
      ...PLATFORMS.filter((platform) => platform !== 'standalone' && ceilings[platform]).map(
        (platform): [string, string[], () => Call] => [`ceiling-${platform}`, [ceilings[platform]!], status],
      ),
      ['status', serviceUrls, status],
      ['inbox', serviceUrls, inbox],
      ...(args.reports || args.store
        ? readModelScenarios(admin).map(([name, pick]): [string, string[], () => Call] => [name, serviceUrls, pick])
        : []),
      ['submitReport', serviceUrls, submit],
      [
        'mixed',
        serviceUrls,
        () => {
          const r = Math.random();
          return r < 0.7 ? status() : r < 0.9 ? inbox() : submit();
        },
      ],
    ];
    let ceilingRate = 0;
    for (const [name, urls, pick] of scenarios) {
      if (args.only && !name.startsWith('ceiling') && !args.only.split(',').includes(name)) continue;
      const analysed = await analyseAsAutovacuumWould(database.url);
      if (analysed.length) console.error(`[load] analysed ${analysed.join(', ')} as autovacuum would have`);
      const figures = await drive(urls, pick);
      if (name === 'ceiling') ceilingRate = figures.requestsPerSec;
      const ratioToCeiling = Math.round((figures.requestsPerSec / ceilingRate) * 100) / 100;
      const result = { scenario: name, topology, ...figures, ratioToCeiling };
      console.log(args.json ? JSON.stringify(result) : result);
    }
  } finally {
    for (const child of children) {
      child.kill('SIGTERM');
      if (child.exitCode === null) await once(child, 'exit');
    }
    await leaveBenchDatabase(database, 'load', Boolean(args.keep || args.store));
  }
  if (args.profile) {
    for (const file of (await readdir(profileDir)).filter((f) => f.endsWith('.cpuprofile'))) {
      console.log(
        JSON.stringify({
          profile: path.join(profileDir, file),
          ...(await summarizeCpuProfile(path.join(profileDir, file))),
        }),
      );
    }
  }
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
