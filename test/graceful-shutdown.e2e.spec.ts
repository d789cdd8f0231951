import http from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { DataSource } from 'typeorm';
import { signToken } from '../src/auth/token-verifier.js';
import { DEVELOPMENT_JWT_SECRET } from '../src/config/config.js';
import { dataSourceOptions } from '../src/database/data-source.js';
import { createScratchDatabase, type ScratchDatabase } from '../src/database/scratch-database.js';
import { M, newReport } from './support/registry-fixture.js';
import { spawnService } from './support/spawned-service.js';

// A separate process receives SIGTERM while serving; it needs a server database that outlives it.
(process.env.DATABASE_URL ? describe : describe.skip)('graceful shutdown on SIGTERM', () => {
  let database: ScratchDatabase;
  let dataSource: DataSource;
  beforeAll(async () => {
    database = await createScratchDatabase('aduan_test', process.env.DATABASE_URL);
  });
  afterAll(async () => {
    await dataSource?.destroy();
    await database?.drop();
  });

  it('stops accepting, answers every request in flight, commits the projections, and exits 0', async () => {
    const service = await spawnService(database.url, { LOG_LEVEL: 'log', SHUTDOWN_DELAY_MS: '5000' });
    dataSource = await new DataSource(dataSourceOptions(database.url, 2)).initialize();
    const token = await signToken(DEVELOPMENT_JWT_SECRET, { sub: 'reporter-1', role: 'REPORTER' });
    // node:http opens each request's connection at once (fetch may queue requests on the client, unsent).
    const submit = (i: number) =>
      new Promise<
        | { i: number; status: number; body: { data?: { submitReport: { report: { trackingId: string } } } } }
        | { i: number; failure: string }
      >((resolve) => {
        const body = JSON.stringify({
          query: M.submit,
          variables: { input: { ...newReport, title: `Laporan ${i}`, idempotencyKey: `sigterm-${i}` } },
        });
        const request = http.request(
          `${service.url}/graphql`,
          { method: 'POST', headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` } },
          (response) => {
            let text = '';
            response.on('data', (chunk: Buffer) => (text += chunk.toString()));
            response.on('end', () => resolve({ i, status: response.statusCode!, body: JSON.parse(text) }));
            response.on('error', (error: NodeJS.ErrnoException) =>
              resolve({ i, failure: error.code ?? error.message }),
            );
          },
        );
        request.on('error', (error: NodeJS.ErrnoException) => resolve({ i, failure: error.code ?? error.message }));
        request.end(body);
      });
    // Requests in flight when the signal comes: a burst the service needs well over a second for.
    const inFlight = Array.from({ length: 200 }, (_, i) => submit(i));
    await new Promise((resolve) => setTimeout(resolve, 150));
    service.process.kill('SIGTERM');
    // While it drains (SHUTDOWN_DELAY_MS) it says it is not ready, so a balancer stops sending.
    let ready: { status: number; body: unknown } | undefined;
    // A loaded machine may handle the signal late: look for most of the 5 s drain window.
    for (const started = Date.now(); Date.now() - started < 4_500;) {
      const response = await fetch(`${service.url}/health/ready`);
      ready = { status: response.status, body: await response.json() };
      if (ready.status === 503) break;
    }
    expect(ready).toMatchObject({
      status: 503,
      body: { checks: { shutdown: expect.stringMatching(/shutting down/) } },
    });
    const results = await Promise.all(inFlight);
    const exitCode = await service.exited;

    expect(exitCode).toBe(0);
    expect(service.output()).toMatch(/SIGTERM: finishing in-flight requests and stopping/);
    const answered = results.filter((r) => 'status' in r);
    const refused = results.filter((r) => 'failure' in r) as { failure: string }[];
    // Every request whose connection was open when the signal came gets its whole answer.
    expect(refused).toEqual([]);
    expect(answered).toHaveLength(200);
    for (const r of answered as {
      status: number;
      body: { data?: { submitReport: { report: { trackingId: string } } } };
    }[]) {
      expect(r.status).toBe(200);
      expect(r.body.data?.submitReport.report.trackingId).toEqual(expect.any(String));
    }
    // Every acknowledged submission is stored once; the read models committed whole batches.
    const [{ submitted }] = await dataSource.query(
      `SELECT count(*)::int AS submitted FROM events WHERE type = 'ReportSubmitted'`,
    );
    expect(submitted).toBe(200);
    const [{ rows, checkpoint }] = await dataSource.query(
      `SELECT (SELECT count(*)::int FROM report_status) AS rows,
              (SELECT count(*)::int FROM events e WHERE e.type = 'ReportSubmitted' AND e.global_position <= (SELECT position FROM checkpoints WHERE name = 'report-status')) AS checkpoint`,
    );
    expect(rows).toBe(checkpoint);
  });
});
