import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { readFileSync } from 'node:fs';
import { DataSource } from 'typeorm';
import { dataSourceOptions, MIGRATIONS } from '../src/database/data-source.js';
import { ReportOwnerPrincipals1763857000000 } from '../src/database/migrations/1763857000000-report-owner-principals.js';
import { createScratchDatabase } from '../src/database/scratch-database.js';
import { M } from './support/registry-fixture.js';
import { startTestService, type TestService } from './support/service.js';

/**
 * A database the service wrote before report owners were principals (test/fixtures/legacy-owners,
 * made by make.mjs against commit 58b7629: its events with their hashes, sealed identities and
 * keys, and the report-status rows that code projected), opened by today's code: every report
 * keeps its owner, and every owner can still read it and act on it, while the ids that collided
 * across namespaces no longer give one caller another's report.
 */
const fixture = JSON.parse(
  readFileSync(new URL('./fixtures/legacy-owners/legacy-owners.json', import.meta.url), 'utf8'),
);
const reports = fixture.reports as Record<
  'reporter' | 'integratorRef' | 'publicRef' | 'adminRef' | 'keyRef' | 'integratorNamedLikeReporter',
  string
>;
const lastPosition = fixture.events.at(-1).global_position as string;

describe('a database written before principals, opened by today’s code', () => {
  let service: TestService;
  let ownersBefore: (string | null)[];
  beforeAll(async () => {
    const database = await createScratchDatabase('aduan_test', process.env.DATABASE_URL);
    const old = new DataSource({
      ...dataSourceOptions(database.url, 1),
      // The schema that code had: every migration before the principals one (today's run the rest).
      migrations: MIGRATIONS.slice(0, MIGRATIONS.indexOf(ReportOwnerPrincipals1763857000000)),
    });
    await old.initialize();
    await old.runMigrations();
    await old.transaction(async (tx) => {
      for (const e of fixture.events) {
        await tx.query(
          `INSERT INTO events (global_position, stream_id, stream_version, event_id, type, schema_version, data, metadata, recorded_at, content_hash, hash)
           OVERRIDING SYSTEM VALUE VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, decode($10, 'hex'), decode($11, 'hex'))`,
          [
            e.global_position,
            e.stream_id,
            e.stream_version,
            e.event_id,
            e.type,
            e.schema_version,
            e.data,
            e.metadata,
            e.recorded_at,
            e.content_hash,
            e.hash,
          ],
        );
      }
      await tx.query(`SELECT setval(pg_get_serial_sequence('events', 'global_position'), $1)`, [lastPosition]);
      for (const k of fixture.reporterKeys) {
        await tx.query(
          `INSERT INTO reporter_keys (key_id, subject, master_key_id, wrapped_key) VALUES ($1, $2, $3, decode($4, 'hex'))`,
          [k.key_id, k.subject, k.master_key_id, k.wrapped_key],
        );
      }
      await tx.query(`INSERT INTO report_status SELECT * FROM jsonb_populate_recordset(NULL::report_status, $1)`, [
        JSON.stringify(fixture.reportStatus),
      ]);
      // report-status's rows and checkpoint as that code left them; the other read models start from 0.
      const status = fixture.checkpoints.find((c: { name: string }) => c.name === 'report-status');
      await tx.query(`INSERT INTO checkpoints (name, position) VALUES ($1, $2)`, [status.name, status.position]);
    });
    ownersBefore = (await old.query(`SELECT state->>'reporterId' AS owner FROM report_status ORDER BY report_id`)).map(
      (r: { owner: string | null }) => r.owner,
    );
    await old.destroy();
    service = await startTestService({}, {}, database);
  });
  afterAll(async () => service?.stop());

  const READ = `query($t: String!, $p: String) { report(trackingId: $t) { trackingId status reporter { name } } reportTimeline(trackingId: $t, minPosition: $p) { eventType } }`;
  const read = (trackingId: string, token: string | undefined) =>
    service.ok(READ, { t: trackingId, p: lastPosition }, token);
  const refused = async (trackingId: string, token: string) =>
    (await service.error(READ, { t: trackingId, p: lastPosition }, token)).extensions?.code;

  it('projects report-status again, owners as principals, from events left as they were', async () => {
    expect(ownersBefore).toEqual(expect.arrayContaining(['warga-1', 'warga-2', 'warga-3', 'u-5']));
    const rows = await service.ok(
      `query($p: String) { reports(first: 100, minPosition: $p) { edges { node { trackingId } } } }`,
      { p: lastPosition },
      await service.token({ sub: 'admin-1', role: 'ADMIN' }),
    );
    expect(rows.reports.edges.map((e: { node: { trackingId: string } }) => e.node.trackingId).sort()).toEqual(
      Object.values(reports).sort(),
    );
    const owners = (await service.app
      .get(DataSource)
      .query(
        `SELECT state->>'reporterId' AS owner, state->>'submittedBy' AS by FROM report_status ORDER BY owner`,
      )) as { owner: string | null; by: string }[];
    expect(owners).toEqual(
      expect.arrayContaining([
        { owner: 'reporter:warga-1', by: 'reporter:warga-1' },
        { owner: 'integrator:sms-gateway/ref:warga-1', by: 'integrator:sms-gateway' },
        { owner: 'reporter:warga-2', by: 'public' },
        { owner: 'reporter:warga-3', by: 'staff:admin-1' },
        { owner: 'integrator:qlue/ref:u-5', by: 'integrator:qlue' },
        { owner: null, by: 'integrator:warga-1' },
      ]),
    );
    const ombudsman = await service.token({ sub: 'ombudsman-1', role: 'OMBUDSMAN' });
    for (const trackingId of Object.values(reports)) {
      expect(
        (await service.ok(`query($t: String!) { verifyReport(trackingId: $t) { ok } }`, { t: trackingId }, ombudsman))
          .verifyReport.ok,
      ).toBe(true);
    }
  });

  it('a reporter keeps their own reports and their identity, and acts on them; the integrator’s report under the same id is not theirs', async () => {
    const warga1 = await service.token({ sub: 'warga-1', role: 'REPORTER' });
    expect((await read(reports.reporter, warga1)).report).toEqual({
      trackingId: reports.reporter,
      status: 'RESOLVED',
      reporter: { name: 'Siti Warga Satu' },
    });
    expect(await refused(reports.integratorRef, warga1)).toBe('NOT_FOUND');
    expect(await refused(reports.integratorNamedLikeReporter, warga1)).toBe('NOT_FOUND');
    expect(
      (await service.ok(M.accept, { input: { trackingId: reports.reporter, rating: 5 } }, warga1)).acceptResolution
        .report.status,
    ).toBe('CLOSED');
    // A reporterRef the public or an admin gave named that reporter, who saw the report as theirs, and still does.
    expect(
      (await read(reports.publicRef, await service.token({ sub: 'warga-2', role: 'REPORTER' }))).report.reporter,
    ).toEqual({ name: 'Rina Warga Dua' });
    expect(
      (await read(reports.adminRef, await service.token({ sub: 'warga-3', role: 'REPORTER' }))).report.trackingId,
    ).toBe(reports.adminRef);
  });

  it('an integrator keeps the reports it submitted, by token or by key, with its end users’ identities', async () => {
    const sms = await service.token({ sub: 'sms-gateway', role: 'INTEGRATOR' });
    expect((await read(reports.integratorRef, sms)).report.reporter).toEqual({ name: 'Budi Lewat SMS' });
    expect((await read(reports.keyRef, fixture.apiKey)).report.reporter).toEqual({ name: 'Andi Qlue' });
    expect(
      (await service.ok(M.accept, { input: { trackingId: reports.keyRef, rating: 4 } }, fixture.apiKey))
        .acceptResolution.report.status,
    ).toBe('CLOSED');
    const integratorWarga1 = await service.token({ sub: 'warga-1', role: 'INTEGRATOR' });
    expect((await read(reports.integratorNamedLikeReporter, integratorWarga1)).report.trackingId).toBe(
      reports.integratorNamedLikeReporter,
    );
    expect(await refused(reports.reporter, integratorWarga1)).toBe('NOT_FOUND');
  });
});
