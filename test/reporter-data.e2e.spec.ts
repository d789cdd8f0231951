import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { randomBytes } from 'node:crypto';
import { DataSource } from 'typeorm';
import { checkBundle } from '../src/audit/audit-bundle.js';
import { ReporterVault } from '../src/privacy/reporter-vault.js';
import { M, newReport, registryFixture } from './support/registry-fixture.js';
import { startTestService, type TestService } from './support/service.js';

/** Distinctive values, so a scan can find any copy of them, in any table, in any encoding Postgres prints. */
function identityOf(label: string) {
  const tag = randomBytes(4).toString('hex');
  return {
    name: `Siti Rahayu ${label} ${tag}`,
    nik: `3276${String(parseInt(tag, 16)).padStart(12, '0').slice(0, 12)}`,
    phone: `+62 812 ${parseInt(tag, 16) % 10_000_000}`,
    email: `siti.${label}.${tag}@contoh.id`,
    personalDetails: `Rumah di belakang warung Bu ${label} ${tag}`,
  };
}

const REPORTER = `query($t: String!) { report(trackingId: $t) { trackingId reporter { name nik phone email personalDetails erased } } }`;
const REVEAL = `mutation($input: RevealIdentityInput!) { revealReporterIdentity(input: $input) { reporterId identity { name nik phone email personalDetails erased } } }`;
const ERASE = `mutation($r: String!) { eraseReporterData(reporterId: $r) { reporterId keyDestroyed } }`;
const LOG = `query($r: String!) { reporterDataAccessLog(reporterId: $r) { type actorId actorRole trackingId reason } }`;

describe("reporter identity: sealed before it is stored, read as the matrix allows, erased by destroying the reporter's key", () => {
  let service: TestService;
  let fixture: Awaited<ReturnType<typeof registryFixture>>;
  let dataSource: DataSource;
  beforeAll(async () => {
    service = await startTestService();
    fixture = await registryFixture(service);
    dataSource = service.app.get(DataSource);
  });
  afterAll(async () => service?.stop());

  const submit = async (token: string | undefined, input: object) =>
    (await service.ok(M.submit, { input: { ...newReport, ...input } }, token)).submitReport.report.trackingId as string;

  /** Every row of every table of the database (events, read models, checkpoints, keys...), as text. */
  async function everyRowAsText(): Promise<{ table: string; text: string }[]> {
    const tables: { schema: string; name: string }[] = await dataSource.query(
      `SELECT table_schema AS schema, table_name AS name FROM information_schema.tables WHERE table_type = 'BASE TABLE' AND table_schema NOT IN ('pg_catalog', 'information_schema')`,
    );
    const rows: { table: string; text: string }[] = [];
    for (const { schema, name } of tables) {
      for (const row of await dataSource.query(`SELECT t::text AS text FROM "${schema}"."${name}" t`))
        rows.push({ table: `${schema}.${name}`, text: row.text });
    }
    expect(tables.map((t) => t.name)).toEqual(
      expect.arrayContaining(['events', 'report_status', 'report_timeline', 'reporter_keys', 'checkpoints']),
    );
    return rows;
  }

  it('no table holds the plaintext of any identity field; the reporter reads it, the public and agencies do not', async () => {
    const { tokens, agencyA } = fixture;
    const named = identityOf('named');
    const anonymous = identityOf('anon');
    const guest = identityOf('guest');
    const byIntegrator = identityOf('sms');
    const t1 = await submit(tokens.reporter, { reporter: named, title: 'Identitas terbuka' });
    const t2 = await submit(tokens.reporter, { reporter: anonymous, anonymous: true, title: 'Laporan anonim' });
    await submit(undefined, { reporter: guest, title: 'Tamu tanpa akun' });
    const integrator = await service.token({ sub: 'sms-1708', role: 'INTEGRATOR' });
    const t4 = await submit(integrator, {
      reporter: byIntegrator,
      reporterRef: 'sms-ref-77',
      channel: 'SMS',
      title: 'Lewat SMS 1708',
    });
    for (const t of [t1, t2]) {
      await service.ok(M.verify, { input: { trackingId: t, category: 'infrastruktur-jalan' } }, tokens.admin);
      await service.ok(M.disposition, { input: { trackingId: t, agencyId: agencyA } }, tokens.admin);
    }
    await service.ok(
      `query { reports(first: 50, minPosition: "${await lastPosition()}") { edges { node { trackingId } } } }`,
      {},
      tokens.admin,
    );

    const rows = await everyRowAsText();
    // The scan does find plaintext where there is some: the titles, in the events and the read models.
    expect(rows.filter((row) => row.text.includes('Identitas terbuka')).map((row) => row.table)).toEqual(
      expect.arrayContaining(['public.events', 'public.report_status']),
    );
    for (const identity of [named, anonymous, guest, byIntegrator]) {
      for (const value of Object.values(identity)) {
        const found = rows.filter(
          (row) => row.text.includes(value) || row.text.includes(JSON.stringify(value).slice(1, -1)),
        );
        expect({ value, tables: found.map((row) => row.table) }).toEqual({ value, tables: [] });
      }
    }

    expect((await service.ok(REPORTER, { t: t1 }, tokens.reporter)).report.reporter).toEqual({
      ...named,
      erased: false,
    });
    expect((await service.ok(REPORTER, { t: t2 }, tokens.reporter)).report.reporter).toEqual({
      ...anonymous,
      erased: false,
    });
    expect((await service.ok(REPORTER, { t: t4 }, integrator)).report.reporter).toEqual({
      ...byIntegrator,
      erased: false,
    });
    for (const token of [
      undefined,
      tokens.otherReporter,
      tokens.officerA,
      tokens.adminA,
      tokens.admin,
      tokens.ombudsman,
    ]) {
      expect((await service.ok(REPORTER, { t: t1 }, token)).report.reporter).toBeNull();
    }
  });

  it('staff read an identity only through revealReporterIdentity, which records who, when and why; never an anonymous one from an agency', async () => {
    const { tokens, agencyA } = fixture;
    const named = identityOf('reveal');
    const anonymous = identityOf('reveal-anon');
    const t1 = await submit(tokens.reporter, { reporter: named });
    const t2 = await submit(tokens.reporter, { reporter: anonymous, anonymous: true });
    for (const t of [t1, t2]) {
      await service.ok(M.verify, { input: { trackingId: t, category: 'infrastruktur-jalan' } }, tokens.admin);
      await service.ok(M.disposition, { input: { trackingId: t, agencyId: agencyA } }, tokens.admin);
    }
    const reason = 'Menghubungi pelapor untuk survei lokasi';
    expect(
      (await service.ok(REVEAL, { input: { trackingId: t1, reason } }, tokens.officerA)).revealReporterIdentity,
    ).toEqual({ reporterId: 'reporter:reporter-1', identity: { ...named, erased: false } });
    expect(
      (await service.error(REVEAL, { input: { trackingId: t1, reason } }, tokens.officerB)).extensions,
    ).toMatchObject({ code: 'FORBIDDEN' });
    expect(
      (await service.error(REVEAL, { input: { trackingId: t2, reason } }, tokens.officerA)).extensions,
    ).toMatchObject({ code: 'FORBIDDEN' });
    for (const token of [await service.token({ sub: 'i-1', role: 'INTEGRATOR' }), tokens.reporter]) {
      expect((await service.error(REVEAL, { input: { trackingId: t1, reason } }, token)).extensions).toMatchObject({
        code: 'FORBIDDEN',
      });
    }
    expect(
      (await service.error(REVEAL, { input: { trackingId: t1, reason: 'x' } }, tokens.admin)).extensions,
    ).toMatchObject({ code: 'BAD_USER_INPUT' });
    expect(
      (await service.ok(REVEAL, { input: { trackingId: t2, reason: 'Pemeriksaan maladministrasi' } }, tokens.ombudsman))
        .revealReporterIdentity.identity,
    ).toEqual({ ...anonymous, erased: false });

    const log = (await service.ok(LOG, { r: 'reporter-1' }, tokens.reporter)).reporterDataAccessLog;
    expect(log).toEqual(
      expect.arrayContaining([
        {
          type: 'ReporterIdentityRevealed',
          actorId: 'officer-a',
          actorRole: 'LIAISON_OFFICER',
          trackingId: t1,
          reason,
        },
        {
          type: 'ReporterIdentityRevealed',
          actorId: 'ombudsman-1',
          actorRole: 'OMBUDSMAN',
          trackingId: t2,
          reason: 'Pemeriksaan maladministrasi',
        },
      ]),
    );
    expect(log.filter((entry: { type: string }) => entry.type === 'ReporterIdentityRevealed')).toHaveLength(2);
    expect((await service.error(LOG, { r: 'reporter-1' }, tokens.otherReporter)).extensions).toMatchObject({
      code: 'FORBIDDEN',
    });
    expect((await service.error(LOG, { r: 'reporter-1' }, tokens.officerA)).extensions).toMatchObject({
      code: 'FORBIDDEN',
    });
  });

  it('erasure destroys the key: every read shows the data erased, the hash chain and the bundle still verify', async () => {
    const { tokens } = fixture;
    const reporter = await service.token({ sub: 'reporter-erase', role: 'REPORTER' });
    const identity = identityOf('erase');
    const t1 = await submit(reporter, { reporter: identity });
    const t2 = await submit(reporter, { reporter: identity, confidential: true });
    const bystander = identityOf('bystander');
    const t3 = await submit(tokens.otherReporter, { reporter: bystander });

    expect((await service.error(ERASE, { r: 'reporter-erase' }, tokens.otherReporter)).extensions).toMatchObject({
      code: 'FORBIDDEN',
    });
    expect((await service.error(ERASE, { r: 'reporter-erase' }, tokens.officerA)).extensions).toMatchObject({
      code: 'FORBIDDEN',
    });
    // A reporter names their data by their id or their principal; staff by the subject a reveal answers.
    expect((await service.ok(ERASE, { r: 'reporter-erase' }, reporter)).eraseReporterData).toEqual({
      reporterId: 'reporter:reporter-erase',
      keyDestroyed: true,
    });
    expect((await service.ok(ERASE, { r: 'reporter:reporter-erase' }, tokens.admin)).eraseReporterData).toEqual({
      reporterId: 'reporter:reporter-erase',
      keyDestroyed: false,
    });

    const erased = { name: null, nik: null, phone: null, email: null, personalDetails: null, erased: true };
    for (const t of [t1, t2]) {
      expect((await service.ok(REPORTER, { t }, reporter)).report.reporter).toEqual(erased);
      expect(
        (await service.ok(REVEAL, { input: { trackingId: t, reason: 'Memeriksa penghapusan data' } }, tokens.admin))
          .revealReporterIdentity.identity,
      ).toEqual(erased);
      expect(
        (await service.ok(`query($t: String!) { verifyReport(trackingId: $t) { ok } }`, { t }, tokens.ombudsman))
          .verifyReport,
      ).toEqual({ ok: true });
      const bundle = (await service.ok(`query($t: String!) { auditBundle(trackingId: $t) }`, { t }, tokens.ombudsman))
        .auditBundle;
      expect(checkBundle(bundle)).toMatchObject({ ok: true });
    }
    expect((await service.ok(REPORTER, { t: t3 }, tokens.otherReporter)).report.reporter).toEqual({
      ...bystander,
      erased: false,
    });
    expect(
      (await service.ok(LOG, { r: 'reporter:reporter-erase' }, tokens.ombudsman)).reporterDataAccessLog.map(
        (e: { type: string; actorRole: string }) => `${e.type} ${e.actorRole}`,
      ),
    ).toEqual([
      'ReporterDataErased REPORTER',
      'ReporterDataErased ADMIN',
      'ReporterIdentityRevealed ADMIN',
      'ReporterIdentityRevealed ADMIN',
    ]);
    const rows = await everyRowAsText();
    for (const value of Object.values(identity))
      expect(rows.filter((row) => row.text.includes(value)).map((row) => row.table)).toEqual([]);
  });

  it('rotating the master key re-wraps every data key and rewrites no event', async () => {
    const { tokens } = fixture;
    const identity = identityOf('rotate');
    const t = await submit(tokens.reporter, { reporter: identity });
    const events = await dataSource.query(`SELECT count(*)::int AS n, max(global_position)::text AS last FROM events`);
    const k1 = service.config.reporterDataKeys[0]!;
    const k2 = { id: 'k2', key: randomBytes(32) };
    const rotated = new ReporterVault(dataSource, [k2, k1]);
    expect(await rotated.rotate()).toBeGreaterThan(0);
    expect(await dataSource.query(`SELECT DISTINCT master_key_id FROM reporter_keys`)).toEqual([
      { master_key_id: 'k2' },
    ]);
    const sealed = (
      await dataSource.query(
        `SELECT data->'identity' AS identity FROM events WHERE type = 'ReportSubmitted' AND data->>'trackingId' = $1`,
        [t],
      )
    )[0].identity;
    expect(await new ReporterVault(dataSource, [k2]).open(sealed)).toEqual(identity);
    await expect(new ReporterVault(dataSource, [k1]).open(sealed)).rejects.toThrow(/master key "k2"/);
    expect(await dataSource.query(`SELECT count(*)::int AS n, max(global_position)::text AS last FROM events`)).toEqual(
      events,
    );
  });

  async function lastPosition(): Promise<string> {
    return (await dataSource.query(`SELECT max(global_position)::text AS p FROM events`))[0].p;
  }
});
