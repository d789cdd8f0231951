import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import pg from 'pg';
import { signToken } from '../src/auth/token-verifier.js';
import { DEVELOPMENT_JWT_SECRET } from '../src/config/config.js';
import { M, newReport } from './support/registry-fixture.js';
import { PrivatePostgres } from './support/private-postgres.js';
import { freePort, spawnService, type SpawnedService } from './support/spawned-service.js';

type Answer = { data?: any; errors?: { message: string; extensions?: { code?: string } }[] };

// The service runs as its own process against a PostgreSQL cluster of the test's own, which the test stops and starts.
(process.env.DATABASE_URL ? describe : describe.skip)('the database restarted under load', () => {
  let postgres: PrivatePostgres;
  let service: SpawnedService | undefined;
  beforeAll(async () => {
    postgres = new PrivatePostgres(await freePort());
    await postgres.init();
    await postgres.start();
  }, 120_000);
  afterAll(async () => {
    // A service that died (CI saw its connections refused once) says why.
    if (service && (service.process.exitCode !== null || service.process.signalCode !== null))
      console.error(
        `The service exited (${service.process.exitCode ?? service.process.signalCode}):\n${service.output()}`,
      );
    service?.process.kill('SIGKILL');
    await postgres.stop().catch(() => undefined); // already stopped
    postgres.remove();
  });

  const ready = async () => (await fetch(`${service!.url}/health/ready`)).status;
  const waitFor = async (wanted: () => Promise<boolean>, what: string, ms: number) => {
    const deadline = Date.now() + ms;
    while (!(await wanted())) {
      if (Date.now() > deadline) throw new Error(`${what} within ${ms} ms`);
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
  };

  it('reports not ready while it is down, recovers on its own, and loses no acknowledged command', async () => {
    service = await spawnService(postgres.url(), { PROJECTION_POLL_INTERVAL_MS: '50' });
    const reporter = await signToken(DEVELOPMENT_JWT_SECRET, { sub: 'reporter-1', role: 'REPORTER' });
    const acknowledged = new Set<string>();
    const codesWhileDown = new Set<string>();
    let running = true;
    /** Submits each report until it is acknowledged (the same idempotency key every time), like a careful integrator. */
    const client = async (c: number) => {
      for (let n = 0; running; n++) {
        const key = `db-restart-${c}-${n}`;
        for (;;) {
          const answer = await fetch(`${service!.url}/graphql`, {
            method: 'POST',
            headers: { 'content-type': 'application/json', authorization: `Bearer ${reporter}` },
            body: JSON.stringify({
              query: M.submit,
              variables: { input: { ...newReport, title: key, idempotencyKey: key } },
            }),
          }).then(async (response) => ({ status: response.status, body: (await response.json()) as Answer }));
          expect(answer.status).toBeLessThan(600);
          if (!answer.body.errors) break;
          codesWhileDown.add(answer.body.errors[0]!.extensions?.code ?? 'none');
          await new Promise((resolve) => setTimeout(resolve, 100));
        }
        acknowledged.add(key);
      }
    };
    const clients = Array.from({ length: 4 }, (_, c) => client(c));
    await waitFor(async () => acknowledged.size >= 20, 'submissions before the restart', 30_000);
    expect(await ready()).toBe(200);

    await postgres.stop();
    await waitFor(async () => (await ready()) === 503, 'not ready while the database is down', 10_000);
    const before = acknowledged.size;
    await new Promise((resolve) => setTimeout(resolve, 2_000));
    expect(acknowledged.size - before).toBeLessThanOrEqual(4);
    await postgres.start();
    await waitFor(async () => (await ready()) === 200, 'ready again after the database came back', 60_000);
    await waitFor(async () => acknowledged.size >= before + 20, 'submissions after the restart', 60_000);
    running = false;
    await Promise.all(clients);

    expect(service.process.exitCode).toBeNull();
    expect([...codesWhileDown]).toEqual(['SERVICE_UNAVAILABLE']);
    const check = new pg.Client({ connectionString: postgres.url() });
    await check.connect();
    try {
      const { rows } = await check.query<{ title: string; n: number }>(
        `SELECT data->>'title' AS title, count(*)::int AS n FROM events WHERE type = 'ReportSubmitted' GROUP BY 1`,
      );
      const stored = new Map(rows.map((row) => [row.title, row.n]));
      expect([...acknowledged].filter((key) => stored.get(key) !== 1)).toEqual([]);
      expect(rows.filter((row) => row.n > 1)).toEqual([]);
      // The read models caught up with everything, the projection runners having reconnected on their own.
      await waitFor(
        async () => (await check.query(`SELECT count(*)::int AS n FROM report_status`)).rows[0].n === rows.length,
        'the read models caught up',
        30_000,
      );
    } finally {
      await check.end();
    }
  }, 240_000);
});
