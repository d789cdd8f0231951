import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import pg from 'pg';
import { createScratchDatabase } from '../src/database/scratch-database.js';
import { graphql } from './support/graphql.js';
import { PrivatePostgres } from './support/private-postgres.js';
import { startTestService, type TestService } from './support/service.js';
import { freePort } from './support/spawned-service.js';

const SUBMIT =
  'mutation($input: SubmitReportInput!) { submitReport(input: $input) { position report { trackingId } } }';
const MINE =
  'query($p: String) { reports(filter: { mine: true }, first: 100, minPosition: $p) { totalCount edges { node { trackingId } } } }';
const MAX_LAG_MS = 500;

const input = (title: string) => ({
  kind: 'COMPLAINT',
  title,
  description: 'Lampu jalan di depan pasar mati sejak seminggu yang lalu.',
  channel: 'MOBILE_APP',
  location: { regionCode: '13.76' },
});

// A private primary and a pg_basebackup standby of its own (never the machine's shared server); run
// with the server suites, like the other tests that start processes of their own.
(process.env.DATABASE_URL ? describe : describe.skip)('read-model queries on a streaming replica', () => {
  let primary: PrivatePostgres;
  let standby: PrivatePostgres;
  let service: TestService;
  /** Stops and resumes the standby applying what it receives. */
  const replay = async (action: 'pause' | 'resume') => {
    const client = new pg.Client({ connectionString: standby.url() });
    await client.connect();
    await client.query(`SELECT pg_wal_replay_${action}()`).finally(() => client.end());
  };

  beforeAll(async () => {
    primary = new PrivatePostgres(await freePort());
    standby = new PrivatePostgres(await freePort());
    await primary.init();
    await primary.start();
    await standby.cloneFrom(primary);
    await standby.start();
    const database = await createScratchDatabase('aduan_test', primary.url());
    service = await startTestService(
      {
        DATABASE_URL: database.url,
        DATABASE_REPLICA_URLS: standby.url(new URL(database.url).pathname.slice(1)),
        DATABASE_REPLICA_MAX_LAG_MS: String(MAX_LAG_MS),
      },
      {},
      database,
    );
  }, 120_000);
  afterAll(async () => {
    await service?.stop();
    for (const cluster of [standby, primary]) {
      await cluster?.stop('immediate').catch(() => undefined);
      cluster?.remove();
    }
  });

  /** How many read-model queries went to the replica and to the primary so far, from /metrics. */
  const routed = async () => {
    const text = await (await fetch(`${service.url}/metrics`)).text();
    const count = (target: string) =>
      Number(new RegExp(`aduan_read_model_queries_total\\{target="${target}"\\} (\\d+)`).exec(text)?.[1] ?? 0);
    return { replica: count('replica'), primary: count('primary') };
  };

  /**
   * `clients` reporters each submit and at once list their own reports with the position the
   * submission returned, for `ms`; every answer must hold every report that reporter submitted.
   */
  const load = async (clients: number, ms: number, during?: () => Promise<void>) => {
    const problems: string[] = [];
    let reads = 0;
    const until = Date.now() + ms;
    const client = async (i: number) => {
      const token = await service.token({ sub: `reporter-${i}-${Math.random()}`, role: 'REPORTER' });
      const mine: string[] = [];
      while (Date.now() < until) {
        const submitted = await graphql<any>(service.url, SUBMIT, { input: input(`Beban ${i}`) }, token);
        if (submitted.body.errors) {
          problems.push(`submit: ${JSON.stringify(submitted.body.errors)}`);
          continue;
        }
        mine.push(submitted.body.data.submitReport.report.trackingId);
        const listed = await graphql<any>(service.url, MINE, { p: submitted.body.data.submitReport.position }, token);
        reads++;
        if (listed.body.errors) problems.push(`read: ${JSON.stringify(listed.body.errors)}`);
        else {
          const seen = new Set(listed.body.data.reports.edges.map((edge: any) => edge.node.trackingId));
          if (listed.body.data.reports.totalCount !== mine.length || !mine.every((t) => seen.has(t)))
            problems.push(`reporter ${i} saw ${listed.body.data.reports.totalCount} of ${mine.length}`);
        }
      }
    };
    await Promise.all([...Array.from({ length: clients }, (_, i) => client(i)), during?.()]);
    return { problems, reads };
  };

  it('sends them to the standby, where minPosition waits on its own replayed checkpoints: every reporter reads its writes', async () => {
    const before = await routed();
    const { problems, reads } = await load(6, 5_000);
    const after = await routed();
    expect(problems).toEqual([]);
    expect(reads).toBeGreaterThan(50);
    // Most reads are answered by the standby; the primary only when it had not replayed within the bound.
    expect(after.replica - before.replica).toBeGreaterThan(reads * 0.5);
  }, 60_000);

  it('skips a standby that stops under load (the primary answers, nothing wrong, no error), and uses it again once restarted', async () => {
    const { problems, reads } = await load(6, 6_000, async () => {
      await new Promise((resolve) => setTimeout(resolve, 1_000));
      await standby.stop();
    });
    expect(problems).toEqual([]);
    expect(reads).toBeGreaterThan(50);
    const stopped = await routed();
    await load(2, 1_000);
    expect((await routed()).replica).toBe(stopped.replica);

    await standby.start();
    const restarted = await routed();
    const again = await load(4, 4_000);
    expect(again.problems).toEqual([]);
    expect((await routed()).replica).toBeGreaterThan(restarted.replica);
  }, 90_000);

  it('skips a standby whose replay lags past DATABASE_REPLICA_MAX_LAG_MS: a query without minPosition still sees every write', async () => {
    const token = await service.token({ sub: 'reporter-lag', role: 'REPORTER' });
    const first = await graphql<any>(service.url, SUBMIT, { input: input('Sebelum jeda') }, token);
    await graphql<any>(service.url, MINE, { p: first.body.data.submitReport.position }, token);
    await replay('pause');
    try {
      const second = await graphql<any>(service.url, SUBMIT, { input: input('Selama jeda') }, token);
      const trackingId = second.body.data.submitReport.report.trackingId;
      // The primary's own read model has it; the paused standby does not, and falls behind past the bound.
      await graphql<any>(service.url, MINE, { p: second.body.data.submitReport.position }, token);
      await new Promise((resolve) => setTimeout(resolve, MAX_LAG_MS * 3));
      const before = await routed();
      const listed = await graphql<any>(service.url, MINE, { p: null }, token);
      expect(listed.body.errors).toBeUndefined();
      expect(listed.body.data.reports.edges.map((edge: any) => edge.node.trackingId)).toContain(trackingId);
      expect(listed.body.data.reports.totalCount).toBe(2);
      const after = await routed();
      expect(after.primary - before.primary).toBe(1);
      expect(after.replica).toBe(before.replica);
    } finally {
      await replay('resume');
    }
  }, 60_000);
});
