import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { DataSource } from 'typeorm';
import { M, newReport, registryFixture } from './support/registry-fixture.js';
import { startTestService, type TestService } from './support/service.js';

describe('every mutation answers its position; the creating ones take an idempotency key', () => {
  let service: TestService;
  let fixture: Awaited<ReturnType<typeof registryFixture>>;
  let dataSource: DataSource;
  const newest = async () =>
    ((await dataSource.query(`SELECT max(global_position)::text AS p FROM events`)) as { p: string }[])[0]!.p;
  const countOf = async (type: string) =>
    ((await dataSource.query(`SELECT count(*)::int AS n FROM events WHERE type = $1`, [type])) as { n: number }[])[0]!
      .n;
  beforeAll(async () => {
    service = await startTestService();
    fixture = await registryFixture(service);
    dataSource = service.app.get(DataSource);
  });
  afterAll(async () => service?.stop());

  it('answers, for every mutation that writes, the global position of the event it wrote last', async () => {
    const admin = fixture.tokens.admin;
    const agencyId = fixture.agencyA;
    const t = (
      await service.ok(
        M.submit,
        { input: { ...newReport, reporter: { name: 'Siti Aminah', phone: '+62811000111' } } },
        fixture.tokens.reporter,
      )
    ).submitReport.report.trackingId;
    const steps: [string, Record<string, unknown>, (data: any) => string, string?][] = [
      [
        'mutation($i: RegisterAgencyInput!) { registerAgency(input: $i) { position } }',
        { i: { name: 'Kota Bukittinggi', type: 'CITY' } },
        (d) => d.registerAgency.position,
      ],
      [
        'mutation($i: RenameAgencyInput!) { renameAgency(input: $i) { position } }',
        { i: { agencyId, name: 'Pemerintah Kota Payakumbuh' } },
        (d) => d.renameAgency.position,
      ],
      [
        'mutation($i: DisconnectAgencyInput!) { disconnectAgency(input: $i) { position } }',
        { i: { agencyId: fixture.agencyB } },
        (d) => d.disconnectAgency.position,
      ],
      [
        'mutation($i: ConnectAgencyInput!) { connectAgency(input: $i) { position } }',
        { i: { agencyId: fixture.agencyB } },
        (d) => d.connectAgency.position,
      ],
      [
        'mutation($i: AddUnitInput!) { addUnit(input: $i) { position } }',
        { i: { agencyId, name: 'Dinas Sosial' } },
        (d) => d.addUnit.position,
      ],
      [
        'mutation($i: RenameUnitInput!) { renameUnit(input: $i) { position } }',
        { i: { agencyId, unitId: fixture.unitA, name: 'Dinas PUPR Kota' } },
        (d) => d.renameUnit.position,
      ],
      [
        'mutation($i: CategoryInput!) { addCategory(input: $i) { position } }',
        { i: { code: 'kesehatan', name: 'Kesehatan' } },
        (d) => d.addCategory[0].position,
      ],
      [
        'mutation($i: CategoryInput!) { renameCategory(input: $i) { position } }',
        { i: { code: 'kesehatan', name: 'Kesehatan Masyarakat' } },
        (d) => d.renameCategory[0].position,
      ],
      [
        'mutation($i: HolidayInput!) { declareHoliday(input: $i) { position } }',
        { i: { date: '2026-12-24', name: 'Cuti bersama Natal' } },
        (d) => d.declareHoliday.position,
      ],
      ['mutation { removeHoliday(date: "2026-12-24") { date position } }', {}, (d) => d.removeHoliday.position],
      [
        'mutation($i: IssueApiKeyInput!) { issueApiKey(input: $i) { position apiKey { keyId } } }',
        { i: { integratorId: 'qlue', name: 'Qlue', mutations: ['submitReport'] } },
        (d) => d.issueApiKey.position,
      ],
      [
        'mutation($i: RevealIdentityInput!) { revealReporterIdentity(input: $i) { position } }',
        { i: { trackingId: t, reason: 'Verifikasi identitas pelapor' } },
        (d) => d.revealReporterIdentity.position,
      ],
      [
        'mutation { eraseReporterData(reporterId: "reporter:reporter-1") { position } }',
        {},
        (d) => d.eraseReporterData.position,
      ],
    ];
    let keyId = '';
    for (const [query, variables, positionOf] of steps) {
      const data = await service.ok(query, variables, admin);
      if (data.issueApiKey) keyId = data.issueApiKey.apiKey.keyId;
      expect([query.slice(0, 40), positionOf(data)]).toEqual([query.slice(0, 40), await newest()]);
    }
    const revoked = await service.ok(
      'mutation($k: String!) { revokeApiKey(keyId: $k, reason: "rotated") { position } }',
      { k: keyId },
      admin,
    );
    expect(revoked.revokeApiKey.position).toBe(await newest());
    // What a position is for: the next read waits for it.
    const registered = await service.ok(
      'mutation($i: RegisterAgencyInput!) { registerAgency(input: $i) { id position } }',
      { i: { name: 'Kota Sawahlunto', type: 'CITY' } },
      admin,
    );
    const { agencies } = await service.ok(
      'query($min: String) { agencies(filter: { search: "sawahlunto" }, minPosition: $min) { edges { node { id } } } }',
      { min: registered.registerAgency.position },
    );
    expect(agencies.edges).toEqual([{ node: { id: registered.registerAgency.id } }]);
  });

  it('creates nothing twice when a creating mutation is retried with its idempotency key', async () => {
    const admin = fixture.tokens.admin;
    const register = (name: string) =>
      service.ok(
        'mutation($i: RegisterAgencyInput!) { registerAgency(input: $i) { id position } }',
        { i: { name, type: 'REGENCY', regionCode: '13.07', idempotencyKey: 'register-agam-0001' } },
        admin,
      );
    const before = await countOf('AgencyRegistered');
    const first = (await register('Kabupaten Agam')).registerAgency;
    const again = (await register('Kabupaten Agam')).registerAgency;
    expect(again).toEqual(first);
    expect(await countOf('AgencyRegistered')).toBe(before + 1);
    const changed = await service.error(
      'mutation($i: RegisterAgencyInput!) { registerAgency(input: $i) { id } }',
      {
        i: {
          name: 'Kabupaten Tanah Datar',
          type: 'REGENCY',
          regionCode: '13.07',
          idempotencyKey: 'register-agam-0001',
        },
      },
      admin,
    );
    expect(changed.extensions?.code).toBe('CONFLICT');

    const addUnit = () =>
      service.ok(
        'mutation($i: AddUnitInput!) { addUnit(input: $i) { units { id name } } }',
        { i: { agencyId: first.id, name: 'Dinas Pertanian', idempotencyKey: 'unit-pertanian-01' } },
        admin,
      );
    await addUnit();
    expect((await addUnit()).addUnit.units).toHaveLength(1);

    const category = { code: 'pertanian', name: 'Pertanian', idempotencyKey: 'category-pertanian' };
    const categories = await countOf('CategoryAdded');
    for (let i = 0; i < 2; i++)
      await service.ok('mutation($i: CategoryInput!) { addCategory(input: $i) { code } }', { i: category }, admin);
    expect(await countOf('CategoryAdded')).toBe(categories + 1);

    const holiday = { date: '2026-12-31', name: 'Cuti bersama', idempotencyKey: 'holiday-2026-12-31' };
    const holidays = await countOf('HolidayDeclared');
    for (let i = 0; i < 2; i++)
      await service.ok('mutation($i: HolidayInput!) { declareHoliday(input: $i) { date } }', { i: holiday }, admin);
    expect(await countOf('HolidayDeclared')).toBe(holidays + 1);

    const issue = {
      integratorId: 'smartcity-medan',
      name: 'Medan Smart City',
      mutations: ['submitReport'],
      idempotencyKey: 'issue-medan-0001',
    };
    const issued = await service.ok(
      'mutation($i: IssueApiKeyInput!) { issueApiKey(input: $i) { apiKey { keyId } } }',
      { i: issue },
      admin,
    );
    const keys = await countOf('ApiKeyIssued');
    const retried = await service.error(
      'mutation($i: IssueApiKeyInput!) { issueApiKey(input: $i) { apiKey { keyId } } }',
      { i: issue },
      admin,
    );
    expect(retried.extensions).toMatchObject({ code: 'CONFLICT', keyId: issued.issueApiKey.apiKey.keyId });
    expect(await countOf('ApiKeyIssued')).toBe(keys);
    const malformed = await service.error(
      'mutation($i: HolidayInput!) { declareHoliday(input: $i) { date } }',
      { i: { ...holiday, idempotencyKey: 'short' } },
      admin,
    );
    expect(malformed.extensions?.code).toBe('BAD_USER_INPUT');
  });

  it('health.lastGlobalPosition covers every write acknowledged before it, so minPosition set to it reads them all', async () => {
    const below: string[] = [];
    const acknowledged: string[] = [];
    let last = '0';
    // Eight writers at once: transactions of submissions and of the read models overlap.
    await Promise.all(
      Array.from({ length: 8 }, async (_, writer) => {
        for (let i = 0; i < 10; i++) {
          const { submitReport } = await service.ok(
            M.submit,
            { input: { ...newReport, title: `Laporan serentak ${writer}-${i}` } },
            fixture.tokens.reporter,
          );
          acknowledged.push(submitReport.report.trackingId);
          const { health } = await service.ok('{ health { lastGlobalPosition } }');
          const [{ covered }] = await dataSource.query(
            `SELECT (a.transaction_id, a.global_position) <= (b.transaction_id, b.global_position) AS covered
               FROM events a, events b WHERE a.global_position = $1 AND b.global_position = $2`,
            [submitReport.position, health.lastGlobalPosition],
          );
          if (!covered) below.push(`${submitReport.position} > ${health.lastGlobalPosition}`);
          if (BigInt(health.lastGlobalPosition) > BigInt(last)) last = health.lastGlobalPosition;
        }
      }),
    );
    expect(below).toEqual([]);
    const { health } = await service.ok('{ health { lastGlobalPosition } }');
    const { reports } = await service.ok(
      'query($min: String) { reports(filter: { search: "serentak" }, first: 100, minPosition: $min) { totalCount edges { node { trackingId } } } }',
      { min: health.lastGlobalPosition },
      fixture.tokens.admin,
    );
    expect(reports.totalCount).toBe(80);
    expect(new Set(reports.edges.map((edge: { node: { trackingId: string } }) => edge.node.trackingId))).toEqual(
      new Set(acknowledged),
    );
  });
});
