/**
 * How many statements the service sends to PostgreSQL for each submission, everything included:
 * the command, the notification, the runners of every read model and the webhook outbox, the
 * change feed. The service runs as its own process on a fresh database on DATABASE_URL's server
 * (in the environment given, so PROJECTION_BATCH_INTERVAL_MS and the like pass through), with
 * bench/statement-counter.ts loaded; after a warm-up, 8 clients submit --submissions reports, and
 * the count stops once every read model has applied them. Prints one JSON line:
 *   { "submissions", "submissionsPerSec", "statementsPerSubmission", "top": [{ "perSubmission", "statement" }] }
 *
 *   DATABASE_URL=postgres://… npm run bench:round-trips -- [--submissions 1000]
 */
import { once } from 'node:events';
import { parseArgs } from 'node:util';
import pg from 'pg';
import { signToken } from '../src/auth/token-verifier.js';
import { DEVELOPMENT_JWT_SECRET } from '../src/config/config.js';
import { createScratchDatabase } from '../src/database/scratch-database.js';
import { benchServiceEnv } from './service-env.js';
import { serviceUrl, startProcess, submissionBody } from './service-process.js';

const { values: args } = parseArgs({ options: { submissions: { type: 'string', default: '1000' } } });
const CLIENTS = 8;

async function main(): Promise<void> {
  if (!process.env.DATABASE_URL) throw new Error('bench:round-trips counts on a PostgreSQL server: set DATABASE_URL');
  const submissions = Number(args.submissions);
  const database = await createScratchDatabase('aduan_bench', process.env.DATABASE_URL);
  let counted = '';
  const { child, url } = await startProcess(
    'dist/src/main.js',
    await benchServiceEnv(database.url),
    serviceUrl,
    ['--import', './dist/bench/statement-counter.js'],
    (chunk) => (counted += chunk),
  );
  const client = new pg.Client({ connectionString: database.url });
  try {
    await client.connect();
    const token = await signToken(DEVELOPMENT_JWT_SECRET, { sub: 'reporter-bench', role: 'REPORTER' });
    let sent = 0;
    const submit = async () => {
      const response = await fetch(`${url.replace('localhost', '127.0.0.1')}/graphql`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
        body: submissionBody(++sent),
      });
      const body = (await response.json()) as { errors?: unknown[] };
      if (body.errors) throw new Error(`submitReport failed: ${JSON.stringify(body.errors)}`);
    };
    for (let i = 0; i < 20; i++) await submit();
    await caughtUp(client);
    child.kill('SIGUSR2');
    const started = performance.now();
    let left = submissions;
    await Promise.all(
      Array.from({ length: CLIENTS }, async () => {
        while (left-- > 0) await submit();
      }),
    );
    const seconds = (performance.now() - started) / 1000;
    await caughtUp(client);
    child.kill('SIGUSR2');
    while (!counted.includes('STATEMENTS ')) await new Promise((resolve) => setTimeout(resolve, 20));
    const line = counted.slice(counted.indexOf('STATEMENTS ') + 'STATEMENTS '.length).split('\n')[0]!;
    const counts = (JSON.parse(line) as [string, number][]).sort((a, b) => b[1] - a[1]);
    const total = counts.reduce((sum, [, n]) => sum + n, 0);
    const perSubmission = (n: number) => Math.round((n / submissions) * 100) / 100;
    console.log(
      JSON.stringify({
        submissions,
        submissionsPerSec: Math.round(submissions / seconds),
        statementsPerSubmission: perSubmission(total),
        top: counts
          .slice(0, 12)
          .map(([statement, n]) => ({ perSubmission: perSubmission(n), statement: statement.slice(0, 120) })),
      }),
    );
  } finally {
    await client.end().catch(() => undefined);
    child.kill('SIGTERM');
    if (child.exitCode === null) await once(child, 'exit');
    await database.drop();
  }
}

/** Waits until every read model (and the webhook outbox) has applied the last event. */
async function caughtUp(client: pg.Client): Promise<void> {
  const deadline = Date.now() + 60_000;
  for (;;) {
    const { rows } = await client.query<{ behind: boolean }>(
      // The last event in the store's order (the order of commits), which is where every checkpoint ends.
      `SELECT EXISTS (SELECT 1 FROM checkpoints WHERE position <> (
         SELECT global_position FROM events ORDER BY transaction_id DESC, global_position DESC LIMIT 1)) AS behind`,
    );
    if (!rows[0]!.behind) return;
    if (Date.now() > deadline) throw new Error('the read models did not catch up within a minute');
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

main().catch((error: unknown) => {
  console.error(error);
  process.exitCode = 1;
});
