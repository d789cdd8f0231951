/**
 * Drives the service over HTTP with autocannon (8 connections, 30 s a scenario): status queries by
 * tracking id, agency inbox pages, submitReport mutations, and a mix (70 % status, 20 % inbox, 10 %
 * submissions); in the same run, a bare @apollo/server answering the status query's shape with a
 * constant, the framework ceiling. The service runs as its own process on a fresh database on
 * DATABASE_URL's server, filled with the demo data first. One JSON line per scenario:
 *   { "scenario", "requestsPerSec", "p50Ms", "p99Ms", "errors", "ratioToCeiling" }
 *
 *   DATABASE_URL=postgres://… npm run bench:load -- --json [--duration 30] [--connections 8] [--only status] [--profile]
 * --profile runs the service under node --cpu-prof and prints, after the scenarios, where its CPU time went.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import { mkdtemp, readdir } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import autocannon from 'autocannon';
import pg from 'pg';
import { signToken } from '../src/auth/token-verifier.js';
import { DEVELOPMENT_JWT_SECRET, loadConfig } from '../src/config/config.js';
import { createScratchDatabase } from '../src/database/scratch-database.js';
import { seedDemo } from '../src/demo/seed-demo.js';
import { summarizeCpuProfile } from './cpu-profile-summary.js';
import { benchServiceEnv } from './service-env.js';

const { values: args } = parseArgs({
  options: {
    json: { type: 'boolean', default: false },
    duration: { type: 'string', default: '30' },
    connections: { type: 'string', default: '8' },
    reports: { type: 'string', default: '300' },
    only: { type: 'string' },
    profile: { type: 'boolean', default: false },
  },
});
const duration = Number(args.duration);
const connections = Number(args.connections);

const STATUS =
  'query($t: String!) { report(trackingId: $t) { trackingId status agencyId updatedAt deadlines { kind dueAt missed } } }';
const INBOX =
  'query($a: String!) { agencyInbox(agencyId: $a, first: 20) { edges { cursor node { trackingId status title deadlines { kind dueAt } } } pageInfo { hasNextPage } } }';
const SUBMIT =
  'mutation($input: SubmitReportInput!) { submitReport(input: $input) { position report { trackingId status } } }';

interface Call {
  body: () => string;
  token?: string;
}

async function startProcess(
  script: string,
  env: Record<string, string>,
  ready: (line: string) => string | null,
  nodeOptions: string[] = [],
): Promise<{ child: ChildProcess; url: string }> {
  const child = spawn(process.execPath, [...nodeOptions, script], {
    env: { ...process.env, ...env },
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  let buffered = '';
  for await (const chunk of child.stdout!) {
    buffered += chunk.toString();
    for (const line of buffered.split('\n')) {
      const url = ready(line);
      if (url) {
        child.stdout!.resume();
        return { child, url };
      }
    }
  }
  throw new Error(`${script} exited before it was ready:\n${buffered}`);
}

async function drive(name: string, url: string, pick: () => Call): Promise<Record<string, unknown>> {
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
    scenario: name,
    requestsPerSec: Math.round(result.requests.average),
    p50Ms: result.latency.p50,
    p99Ms: result.latency.p99,
    errors: result.errors + result.timeouts + result.non2xx + graphqlErrors,
  };
}

async function main(): Promise<void> {
  if (!process.env.DATABASE_URL)
    throw new Error('bench:load measures the service on a PostgreSQL server: set DATABASE_URL');
  const database = await createScratchDatabase('aduan_bench', process.env.DATABASE_URL);
  const children: ChildProcess[] = [];
  const profileDir = await mkdtemp(path.join(tmpdir(), 'aduan-profile-'));
  try {
    const config = loadConfig({ DATABASE_URL: database.url, LOG_LEVEL: 'warn', DEADLINE_WATCH_INTERVAL_MS: '0' });
    await seedDemo(config, database, { reports: Number(args.reports), seed: 1 });
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

    const service = await startProcess(
      'dist/src/main.js',
      await benchServiceEnv(database.url),
      (line) => /"msg":"GraphQL API at (http:\/\/\S+?)\/graphql/.exec(line)?.[1] ?? null,
      args.profile ? ['--cpu-prof', `--cpu-prof-dir=${profileDir}`] : [],
    );
    children.push(service.child);
    const ceiling = await startProcess('dist/bench/ceiling-server.js', {}, (line) =>
      /^http:\/\//.test(line.trim()) ? line.trim() : null,
    );
    children.push(ceiling.child);
    const serviceUrl = service.url.replace('localhost', '127.0.0.1');

    const random = <T>(items: readonly T[]) => items[Math.floor(Math.random() * items.length)]!;
    let submitted = 0;
    const status = (): Call => ({
      body: () => JSON.stringify({ query: STATUS, variables: { t: random(trackingIds) } }),
    });
    const inbox = (): Call => {
      const i = Math.floor(Math.random() * inboxes.length);
      return { token: officers[i], body: () => JSON.stringify({ query: INBOX, variables: { a: inboxes[i] } }) };
    };
    const submit = (): Call => ({
      token: reporter,
      body: () =>
        JSON.stringify({
          query: SUBMIT,
          variables: {
            input: {
              kind: 'COMPLAINT',
              title: `Beban uji ${++submitted}`,
              description: 'Lampu jalan di depan pasar mati sejak seminggu yang lalu.',
              channel: 'MOBILE_APP',
              location: { regionCode: '13.76' },
            },
          },
        }),
    });
    const scenarios: [string, string, () => Call][] = [
      ['ceiling', ceiling.url, status],
      ['status', serviceUrl, status],
      ['inbox', serviceUrl, inbox],
      ['submitReport', serviceUrl, submit],
      [
        'mixed',
        serviceUrl,
        () => {
          const r = Math.random();
          return r < 0.7 ? status() : r < 0.9 ? inbox() : submit();
        },
      ],
    ];
    let ceilingRate = 0;
    for (const [name, url, pick] of scenarios) {
      if (args.only && name !== 'ceiling' && name !== args.only) continue;
      const result = await drive(name, url, pick);
      if (name === 'ceiling') ceilingRate = result.requestsPerSec as number;
      result.ratioToCeiling = Math.round(((result.requestsPerSec as number) / ceilingRate) * 100) / 100;
      console.log(args.json ? JSON.stringify(result) : result);
    }
  } finally {
    for (const child of children) {
      child.kill('SIGTERM');
      if (child.exitCode === null) await once(child, 'exit');
    }
    await database.drop();
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
