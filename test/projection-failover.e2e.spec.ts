import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import type { INestApplication } from '@nestjs/common';
import { startApp } from '../src/bootstrap.js';
import { ProjectionEngine } from '../src/projection-engine/projection-engine.js';
import { graphql } from './support/graphql.js';
import { M, newReport, registryFixture } from './support/registry-fixture.js';
import { startTestService, type TestService } from './support/service.js';

/** Which instance runs which projection, as each instance reports it. */
async function runners(apps: INestApplication[]): Promise<boolean[][]> {
  return Promise.all(apps.map(async (app) => (await app.get(ProjectionEngine).status()).map((s) => s.runningHere)));
}

// The embedded database is one PostgreSQL session shared by every connection, so advisory locks
// cannot tell two instances apart there; it is also one process's alone (DATA_DIR is locked), so
// several instances only exist against a server.
(process.env.DATABASE_URL ? describe : describe.skip)('projections across instances', () => {
  let service: TestService;
  let second: INestApplication;
  const closed = new Set<INestApplication>();
  beforeAll(async () => {
    service = await startTestService();
    second = await startApp(service.config, service.database);
  });
  afterAll(async () => {
    for (const app of [second, service?.app]) if (app && !closed.has(app)) await app.close();
    await service?.database.drop();
  });

  it('runs each projection in one instance only, and another takes over when it stops', async () => {
    const { tokens } = await registryFixture(service);
    await new Promise((resolve) => setTimeout(resolve, 1500));
    const [first, other] = await runners([service.app, second]);
    for (let i = 0; i < first!.length; i++) expect([first![i], other![i]].filter(Boolean)).toHaveLength(1);

    const holder = first!.every(Boolean) ? service.app : second;
    const survivor = holder === service.app ? second : service.app;
    await holder.close();
    closed.add(holder);
    const url = (await survivor.getUrl()).replace('[::1]', '127.0.0.1');
    const submitted = await graphql<any>(url, M.submit, { input: newReport }, tokens.reporter);
    const position = submitted.body.data.submitReport.position;
    const found = await graphql<any>(
      url,
      `
        query ($m: String) {
          reports(first: 5, minPosition: $m) {
            edges {
              node {
                trackingId
              }
            }
          }
        }
      `,
      { m: position },
    );
    expect(found.body.data.reports.edges.map((e: any) => e.node.trackingId)).toContain(
      submitted.body.data.submitReport.report.trackingId,
    );
    // The survivor's other runners take the freed locks at their next poll: wait for them (up to 10 s).
    const deadline = Date.now() + 10_000;
    while (!(await runners([survivor]))[0]!.every(Boolean) && Date.now() < deadline)
      await new Promise((resolve) => setTimeout(resolve, 100));
    expect((await runners([survivor]))[0]!.every(Boolean)).toBe(true);
  });
});
