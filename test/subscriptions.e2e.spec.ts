import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import type { INestApplication } from '@nestjs/common';
import type { Client } from 'graphql-ws';
import { startApp } from '../src/bootstrap.js';
import { ProjectionEngine } from '../src/projection-engine/projection-engine.js';
import { M, newReport, registryFixture } from './support/registry-fixture.js';
import { startTestService, type TestService } from './support/service.js';
import { subscribe } from './support/subscribe.js';

describe('subscriptions', () => {
  let service: TestService;
  let second: INestApplication | undefined;
  let fixture: Awaited<ReturnType<typeof registryFixture>>;
  const clients: Client[] = [];
  beforeAll(async () => {
    service = await startTestService();
    fixture = await registryFixture(service);
    if (process.env.DATABASE_URL) second = await startApp(service.config, service.database);
  });
  afterAll(async () => {
    for (const client of clients) await client.dispose();
    await second?.close();
    await service?.stop();
  });

  it('pushes a report to its reader after each change, and an agency its worklist changes', async () => {
    const { tokens, agencyA } = fixture;
    // With a server, subscribe on the instance that does NOT run report-status: the change reaches it
    // only through LISTEN/NOTIFY from the one that does.
    let url = service.url;
    if (second) {
      const runsStatus = async (app: INestApplication) =>
        (await app.get(ProjectionEngine).status()).find((s) => s.name === 'report-status')!.runningHere;
      while (!(await runsStatus(service.app)) && !(await runsStatus(second)))
        await new Promise((resolve) => setTimeout(resolve, 100));
      const listener = (await runsStatus(service.app)) ? second : service.app;
      url = (await listener.getUrl()).replace('[::1]', '127.0.0.1');
    }
    const submitted = (await service.ok(M.submit, { input: newReport }, tokens.reporter)).submitReport.report;
    const report = subscribe(
      url,
      tokens.reporter,
      `subscription($t: String!) { reportUpdated(trackingId: $t) { trackingId status agencyId } }`,
      { t: submitted.trackingId },
    );
    const inbox = subscribe(
      url,
      tokens.officerA,
      `subscription($a: String!) { agencyInboxChanged(agencyId: $a) { trackingId status agencyId position } }`,
      { a: agencyA },
    );
    clients.push(report.client, inbox.client);
    await Promise.all([report.ready, inbox.ready]);
    await new Promise((resolve) => setTimeout(resolve, 300));

    await service.ok(
      M.verify,
      { input: { trackingId: submitted.trackingId, category: 'infrastruktur-jalan' } },
      tokens.admin,
    );
    const routed = (
      await service.ok(M.disposition, { input: { trackingId: submitted.trackingId, agencyId: agencyA } }, tokens.admin)
    ).dispositionReport;
    const updates = await report.until((r) => r.some((u) => u.data?.reportUpdated.status === 'DISPOSITIONED'));
    expect(report.errors).toEqual([]);
    expect(updates.map((u) => u.data.reportUpdated.status)).toContain('DISPOSITIONED');
    const changes = await inbox.until((r) => r.length > 0);
    expect(inbox.errors).toEqual([]);
    expect(changes.at(-1).data.agencyInboxChanged).toMatchObject({
      trackingId: submitted.trackingId,
      status: 'DISPOSITIONED',
      agencyId: agencyA,
      position: routed.position,
    });
  });

  it("refuses another agency's worklist", async () => {
    const { tokens, agencyA } = fixture;
    const intruder = subscribe(
      service.url,
      tokens.officerB,
      `subscription($a: String!) { agencyInboxChanged(agencyId: $a) { trackingId } }`,
      { a: agencyA },
    );
    clients.push(intruder.client);
    await intruder.until((r) => r.length > 0, 3000);
    expect(JSON.stringify([intruder.received, intruder.errors])).toContain('"code":"FORBIDDEN"');
    expect(intruder.received.filter((r) => r.data)).toEqual([]);
  });
});
