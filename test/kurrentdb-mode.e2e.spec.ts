import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { DataSource } from 'typeorm';
import { freePort } from '../bench/free-port.js';
import { M, newReport } from './support/registry-fixture.js';
import { startTestService, type TestService } from './support/service.js';

/**
 * The service in EVENT_STORE=kurrentdb mode where no KurrentDB answers (none can run on these
 * machines): what this shows is the wiring — every read and write of events goes to the selected
 * store, none to PostgreSQL's events table, and a store that cannot be reached is reported as such.
 * The adapter itself is checked by the contract suites when EVENTSTORE_URL names a server.
 */
describe('EVENT_STORE=kurrentdb with no KurrentDB answering', () => {
  let service: TestService;
  beforeAll(async () => {
    service = await startTestService({
      EVENT_STORE: 'kurrentdb',
      EVENTSTORE_URL: `kurrentdb://127.0.0.1:${await freePort()}?tls=false`,
    });
  });
  afterAll(async () => service?.stop());

  it('is not ready, naming the event store, while PostgreSQL and the migrations are fine', async () => {
    const response = await fetch(`${service.url}/health/ready`);
    expect(response.status).toBe(503);
    const body = (await response.json()) as { checks: Record<string, string> };
    expect(body.checks).toMatchObject({
      database: 'ok',
      migrations: 'ok',
      eventStore: expect.stringMatching(/^unreachable: /),
    });
    expect((await service.ok(`{ health { status lastGlobalPosition } }`)).health).toEqual({
      status: 'degraded',
      lastGlobalPosition: null,
    });
  });

  it('answers commands SERVICE_UNAVAILABLE and writes no event to PostgreSQL, while read models still answer', async () => {
    const reporter = await service.token({ sub: 'reporter-k', role: 'REPORTER' });
    const admin = await service.token({ sub: 'admin-k', role: 'ADMIN' });
    expect((await service.error(M.submit, { input: newReport }, reporter)).extensions).toEqual({
      code: 'SERVICE_UNAVAILABLE',
    });
    const registered = await service.error(
      `mutation($input: RegisterAgencyInput!) { registerAgency(input: $input) { id } }`,
      { input: { name: 'Dinas Uji', type: 'CITY', regionCode: '13.76' } },
      admin,
    );
    expect(registered.extensions).toEqual({ code: 'SERVICE_UNAVAILABLE' });
    expect(
      (await service.ok(`{ reports(first: 5) { edges { node { trackingId } } } }`, {}, admin)).reports.edges,
    ).toEqual([]);
    const [{ events }] = await service.app.get(DataSource).query(`SELECT count(*)::int AS events FROM events`);
    expect(events).toBe(0);
  });
});
