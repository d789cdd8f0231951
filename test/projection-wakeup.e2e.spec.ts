import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { DataSource } from 'typeorm';
import { M, newReport, registryFixture } from './support/registry-fixture.js';
import { startTestService, type TestService } from './support/service.js';

// LISTEN/NOTIFY and advisory locks across sessions need a real server: the embedded database
// polls, and all its connections are one session.
(process.env.DATABASE_URL ? describe : describe.skip)('projections on a real server', () => {
  let service: TestService;
  beforeAll(async () => {
    // Runners poll only every 30 s: anything faster than that came from the append's notification.
    service = await startTestService({ PROJECTION_POLL_INTERVAL_MS: '30000', READ_YOUR_WRITES_TIMEOUT_MS: '5000' });
  });
  afterAll(async () => {
    await service?.stop();
  });

  it('wake when events are appended, long before their next poll', async () => {
    const { tokens } = await registryFixture(service);
    for (let i = 0; i < 3; i++) {
      const started = Date.now();
      const { submitReport } = await service.ok(
        M.submit,
        { input: { ...newReport, title: `Bangun ${i}` } },
        tokens.reporter,
      );
      const found = await service.ok(
        `query($m: String) { reports(first: 10, minPosition: $m) { edges { node { trackingId } } } }`,
        { m: submitReport.position },
      );
      expect(found.reports.edges.map((e: any) => e.node.trackingId)).toContain(submitReport.report.trackingId);
      expect(Date.now() - started).toBeLessThan(5000);
    }
  });

  it('refuses a rebuild of a read model another instance is rebuilding', async () => {
    const elsewhere = service.app.get(DataSource).createQueryRunner();
    await elsewhere.connect();
    try {
      await elsewhere.query(`SELECT pg_advisory_lock(hashtext('aduan-rebuild'), hashtext('report-timeline'))`);
      const admin = await service.token({ sub: 'admin-1', role: 'ADMIN' });
      const refused = await service.error(`mutation { rebuildProjection(name: "report-timeline") }`, {}, admin);
      expect(refused.extensions).toMatchObject({ code: 'CONFLICT' });
      expect(
        (await service.ok(`mutation { rebuildProjection(name: "agency-directory") }`, {}, admin)).rebuildProjection,
      ).toBeGreaterThan(0);
    } finally {
      await elsewhere.query(`SELECT pg_advisory_unlock_all()`);
      await elsewhere.release();
    }
  });
});
