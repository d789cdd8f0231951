import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { DataSource } from 'typeorm';
import { DeadlineWatcher } from '../src/deadlines/deadline-watcher.js';
import { M, newReport, registryFixture } from './support/registry-fixture.js';
import { startTestService, type TestService } from './support/service.js';

describe('/health/live, /health/ready and /metrics', () => {
  let service: TestService;
  beforeAll(async () => {
    service = await startTestService();
  });
  afterAll(async () => service?.stop());

  it('says live and ready, and exposes request, command, append, projection and watcher metrics', async () => {
    const { tokens } = await registryFixture(service);
    const submitted = (await service.ok(M.submit, { input: newReport }, tokens.reporter)).submitReport;
    await service.ok(
      `query($p: String) { reports(first: 1, minPosition: $p) { edges { cursor } } }`,
      { p: submitted.position },
      tokens.admin,
    );
    await service.error(
      M.verify,
      { input: { trackingId: submitted.report.trackingId, category: 'infrastruktur-jalan' } },
      tokens.reporter,
    );
    await service.error(
      M.accept,
      { input: { trackingId: submitted.report.trackingId, rating: 5 } },
      tokens.otherReporter,
    );
    await service.app.get(DeadlineWatcher).tick();

    const live = await fetch(`${service.url}/health/live`);
    expect(live.status).toBe(200);
    expect(await live.json()).toEqual({ status: 'ok' });
    const ready = await fetch(`${service.url}/health/ready`);
    expect(await ready.json()).toEqual({
      status: 'ok',
      checks: { database: 'ok', migrations: 'ok', eventStore: 'ok', projections: 'ok' },
    });
    expect(ready.status).toBe(200);

    const response = await fetch(`${service.url}/metrics`);
    expect(response.headers.get('content-type')).toContain('text/plain');
    const text = await response.text();
    const value = (pattern: RegExp) => Number(pattern.exec(text)?.[1] ?? NaN);
    expect(
      value(
        /^aduan_graphql_request_duration_seconds_count\{operation="submitReport",type="mutation",outcome="ok"\} (\d+)$/m,
      ),
    ).toBe(1);
    expect(
      value(
        /^aduan_graphql_request_duration_seconds_count\{operation="verifyReport",type="mutation",outcome="error"\} (\d+)$/m,
      ),
    ).toBe(1);
    expect(
      value(/^aduan_command_duration_seconds_count\{command="SubmitReport",outcome="ok"\} (\d+)$/m),
    ).toBeGreaterThanOrEqual(1);
    expect(
      value(/^aduan_command_duration_seconds_count\{command="AcceptResolution",outcome="FORBIDDEN"\} (\d+)$/m),
    ).toBe(1);
    const [{ events, streams }] = await service.app
      .get(DataSource)
      .query(`SELECT count(*)::int AS events, count(DISTINCT transaction_id)::int AS streams FROM events`);
    expect(value(/^aduan_events_appended_total (\d+)$/m)).toBe(events);
    expect(value(/^aduan_appends_total (\d+)$/m)).toBe(streams);
    expect(value(/^aduan_concurrency_conflicts_total (\d+)$/m)).toBeGreaterThanOrEqual(0);
    expect(value(/^aduan_projection_position\{projection="report-status"\} (\d+)$/m)).toBeGreaterThanOrEqual(
      Number(submitted.position),
    );
    expect(text).toMatch(/^aduan_projection_lag_events\{projection="report-timeline"\} \d+$/m);
    expect(text).toMatch(/^aduan_projection_lag_seconds\{projection="report-status"\} [\d.e-]+$/m);
    expect(value(/^aduan_deadline_watcher_runs_total\{outcome="ok"\} (\d+)$/m)).toBe(1);
    expect(text).toMatch(/^aduan_process_resident_memory_bytes \d+/m);
  });

  it('is not ready while a read model is further behind than HEALTH_MAX_PROJECTION_LAG', async () => {
    const behind = await startTestService({ PROJECTION_POLL_INTERVAL_MS: '0', HEALTH_MAX_PROJECTION_LAG: '2' });
    try {
      const admin = await behind.token({ sub: 'admin-1', role: 'ADMIN' });
      for (const name of ['Kota Satu', 'Kota Dua', 'Kota Tiga', 'Kota Empat']) {
        await behind.ok(
          `mutation($input: RegisterAgencyInput!) { registerAgency(input: $input) { id } }`,
          { input: { name, type: 'CITY' } },
          admin,
        );
      }
      const ready = await fetch(`${behind.url}/health/ready`);
      expect(ready.status).toBe(503);
      const body = (await ready.json()) as { status: string; checks: Record<string, string> };
      expect(body).toMatchObject({
        status: 'unavailable',
        checks: { database: 'ok', migrations: 'ok', eventStore: 'ok' },
      });
      expect(body.checks.projections).toMatch(/events behind/);
      expect((await fetch(`${behind.url}/health/live`)).status).toBe(200);
    } finally {
      await behind.stop();
    }
  });

  it("logs JSON lines that carry the request's correlation id, from the request to its events and the projections that apply them", async () => {
    const lines: string[] = [];
    const logged = await startTestService(
      { LOG_LEVEL: 'debug' },
      { logDestination: { write: (line: string) => void lines.push(line) } },
    );
    try {
      const reporter = await logged.token({ sub: 'reporter-1', role: 'REPORTER' });
      const response = await fetch(`${logged.url}/graphql`, {
        method: 'POST',
        headers: {
          'content-type': 'application/json',
          authorization: `Bearer ${reporter}`,
          'x-correlation-id': 'trace-me-42',
        },
        body: JSON.stringify({ query: M.submit, variables: { input: newReport } }),
      });
      expect(response.headers.get('x-correlation-id')).toBe('trace-me-42');
      const { data } = (await response.json()) as {
        data: { submitReport: { position: string; report: { trackingId: string } } };
      };
      await logged.ok(
        `query($p: String) { reportTimeline(trackingId: "${data.submitReport.report.trackingId}", minPosition: $p) { eventType } }`,
        { p: data.submitReport.position },
        reporter,
      );
      const [event] = await logged.app
        .get(DataSource)
        .query(`SELECT metadata FROM events WHERE type = 'ReportSubmitted'`);
      expect(event.metadata.correlationId).toBe('trace-me-42');

      const entries = lines.map((line) => JSON.parse(line) as Record<string, any>);
      expect(
        entries.every(
          (entry) => typeof entry.time === 'string' && typeof entry.level === 'string' && typeof entry.msg === 'string',
        ),
      ).toBe(true);
      expect(entries).toContainEqual(
        expect.objectContaining({
          context: 'GraphQL',
          msg: 'request',
          operation: 'submitReport',
          outcome: 'ok',
          correlationId: 'trace-me-42',
        }),
      );
      expect(entries).toContainEqual(
        expect.objectContaining({
          context: 'Projection report-timeline',
          correlationIds: expect.arrayContaining(['trace-me-42']),
        }),
      );
      // A request without the header gets an id of its own, echoed back.
      expect((await fetch(`${logged.url}/health/live`)).headers.get('x-correlation-id')).toMatch(/^[0-9a-f-]{36}$/);
    } finally {
      await logged.stop();
    }
  });
});
