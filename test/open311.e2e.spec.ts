import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { DataSource } from 'typeorm';
import { ProjectionEngine } from '../src/projection-engine/projection-engine.js';
import { graphql } from './support/graphql.js';
import { checked, open311Client } from './support/open311-client.js';
import { M, registryFixture } from './support/registry-fixture.js';
import { startTestService, type TestService } from './support/service.js';

const ISSUE = `mutation($input: IssueApiKeyInput!) { issueApiKey(input: $input) { secret } }`;
const DEADLINES = `query($t: String!) { report(trackingId: $t) { status deadlines { kind dueAt } } }`;
const REVEAL = `mutation($input: RevealIdentityInput!) { revealReporterIdentity(input: $input) { identity { name phone email personalDetails } } }`;

/** Who files through the app: every one of these must stay sealed, in no answer of the bridge. */
const PERSON = {
  email: 'siti.rahmawati@example.id',
  phone: '+62 812 7777 0101',
  first_name: 'Siti',
  last_name: 'Rahmawati',
  device_id: 'android-4f1c9e2d77',
  account_id: 'qlue-akun-88412',
};

/** 2026-12-01T09:30:00+07:00 from an ISO instant, as the bridge writes datetimes. */
const wib = (iso: string) => `${new Date(new Date(iso).getTime() + 7 * 3600_000).toISOString().slice(0, 19)}+07:00`;

describe('Open311 GeoReport v2: another door to the same reports', () => {
  let service: TestService;
  let fixture: Awaited<ReturnType<typeof registryFixture>>;
  let apiKey: string;
  const seen: string[] = [];
  let client: ReturnType<typeof open311Client>;

  const eventCount = async () =>
    ((await service.app.get(DataSource).query(`SELECT count(*)::int AS n FROM events`)) as { n: number }[])[0]!.n;
  /** Runs a GraphQL mutation and waits until the read models the bridge reads have applied it. */
  const act = async (mutation: string, input: object, credential: string) => {
    const { body } = await graphql(service.url, mutation, { input }, credential);
    if (body.errors) throw new Error(JSON.stringify(body.errors));
    const result = Object.values(body.data as Record<string, { position: string }>)[0]!;
    await service.app.get(ProjectionEngine).waitFor(BigInt(result.position), ['report-status', 'report-timeline']);
    return result;
  };
  const file = async (form: Record<string, string | string[]>, headers: Record<string, string> = {}) => {
    const answer = await client.post('requests.json', { api_key: apiKey, ...form }, headers);
    expect(answer.status).toBe(200);
    return JSON.parse(answer.text)[0].service_request_id as string;
  };
  const request = async (id: string) => (await client.both(`requests/${id}`, 'request'))[0];

  beforeAll(async () => {
    service = await startTestService();
    fixture = await registryFixture(service);
    client = open311Client(service.url, seen);
    apiKey = (
      await service.ok(
        ISSUE,
        {
          input: { integratorId: 'qlue-payakumbuh', name: 'Qlue', mutations: ['submitReport', 'acceptResolution'] },
        },
        fixture.tokens.admin,
      )
    ).issueApiKey.secret;
  });
  afterAll(async () => service?.stop());

  it('serves discovery, the services (one per category) and their definitions in XML and JSON', async () => {
    const discovery = await client.both('discovery', 'discovery');
    expect(discovery.endpoints).toEqual([
      {
        specification: 'http://wiki.open311.org/GeoReport_v2',
        url: `${service.url}/open311/v2`,
        changeset: discovery.changeset,
        type: 'test',
        formats: ['text/xml', 'application/json'],
      },
    ]);
    expect(discovery.changeset).toMatch(/\+07:00$/);

    const services = await client.both('services', 'services', { query: { jurisdiction_id: 'lapor.go.id' } });
    expect(services).toEqual([
      expect.objectContaining({ service_code: 'infrastruktur', service_name: 'Infrastruktur', group: 'Infrastruktur' }),
      expect.objectContaining({
        service_code: 'infrastruktur-jalan',
        service_name: 'Jalan',
        group: 'Infrastruktur',
        keywords: 'Jalan, Infrastruktur, infrastruktur-jalan',
        metadata: true,
        type: 'realtime',
      }),
    ]);

    const definition = await client.both('services/infrastruktur-jalan', 'serviceDefinition');
    expect(definition.service_code).toBe('infrastruktur-jalan');
    expect(
      definition.attributes.map((a: any) => [a.order, a.code, a.datatype, a.required, a.values.map((v: any) => v.key)]),
    ).toEqual([
      [1, 'kind', 'singlevaluelist', false, ['COMPLAINT', 'ASPIRATION', 'INFORMATION_REQUEST']],
      [2, 'anonymous', 'singlevaluelist', false, ['false', 'true']],
      [3, 'confidential', 'singlevaluelist', false, ['false', 'true']],
    ]);
  });

  it('a request filed through Open311 is worked in GraphQL, and requests/{id} and servicerequestupdates follow it', async () => {
    const { tokens, agencyA } = fixture;
    const description =
      'Lubang besar di Jl. Sudirman <depan SD 3> & "pasar" sejak September.\nPengendara motor sering jatuh.';
    const form = {
      jurisdiction_id: 'lapor.go.id',
      service_code: 'infrastruktur-jalan',
      lat: '-0.2245',
      long: '100.6318',
      address_string: 'Jl. Sudirman No. 12, Payakumbuh',
      description,
      media_url: 'https://files.qlue.id/lubang-sudirman.jpg',
      'attribute[kind]': 'COMPLAINT',
      ...PERSON,
    };
    // One POST per format: the same Idempotency-Key makes the second the same request, answered as XML.
    const key = { 'Idempotency-Key': 'qlue-8841-20261201-1', 'X-Correlation-Id': 'qlue-corr-8841' };
    const created = checked(
      await client.post('requests.json', { api_key: apiKey, ...form }, key),
      await client.post('requests.xml', { api_key: apiKey, ...form }, key),
      'created',
    );
    const id = created[0].service_request_id as string;
    expect(created).toEqual([
      {
        service_request_id: id,
        service_notice: 'Laporan diterima dan sedang diverifikasi oleh admin.',
        account_id: null,
      },
    ]);
    const submitted = (await service.ok(DEADLINES, { t: id }, tokens.admin)).report;
    expect(await request(id)).toEqual({
      service_request_id: id,
      status: 'open',
      status_notes: null,
      service_name: 'Jalan',
      service_code: 'infrastruktur-jalan',
      description,
      agency_responsible: null,
      service_notice: 'Laporan diterima dan sedang diverifikasi oleh admin.',
      requested_datetime: expect.stringMatching(/\+07:00$/),
      updated_datetime: expect.stringMatching(/\+07:00$/),
      expected_datetime: wib(submitted.deadlines[0].dueAt),
      address: 'Jl. Sudirman No. 12, Payakumbuh',
      lat: -0.2245,
      long: 100.6318,
      media_url: 'https://files.qlue.id/lubang-sudirman.jpg',
    });

    // The same report in GraphQL: submitted by the key's integrator through INTEGRATION, the person sealed.
    const history = (
      await service.ok(
        `query($t: String!) { reportHistory(trackingId: $t) { type metadata } }`,
        { t: id },
        tokens.admin,
      )
    ).reportHistory;
    expect(history.map((e: any) => e.type)).toEqual(['ReportSubmitted']);
    expect(JSON.parse(history[0].metadata)).toMatchObject({
      actor: { id: 'qlue-payakumbuh', role: 'INTEGRATOR' },
      channel: 'INTEGRATION',
      correlationId: 'qlue-corr-8841',
    });
    const revealed = (
      await service.ok(REVEAL, { input: { trackingId: id, reason: 'Uji jembatan Open311' } }, tokens.admin)
    ).revealReporterIdentity.identity;
    expect(revealed).toEqual({
      name: 'Siti Rahmawati',
      phone: PERSON.phone,
      email: PERSON.email,
      personalDetails: `Open311 device_id: ${PERSON.device_id}\nOpen311 account_id: ${PERSON.account_id}`,
    });

    await act(M.verify, { trackingId: id, category: 'infrastruktur-jalan' }, tokens.admin);
    await act(M.disposition, { trackingId: id, agencyId: agencyA }, tokens.admin);
    const routed = (await service.ok(DEADLINES, { t: id }, tokens.admin)).report;
    const completion = routed.deadlines.find((d: any) => d.kind === 'COMPLETION').dueAt;
    expect(await request(id)).toMatchObject({
      status: 'open',
      agency_responsible: 'Kota Payakumbuh',
      expected_datetime: wib(completion),
      service_notice: 'Laporan telah diteruskan ke instansi yang berwenang dan menunggu tindak lanjutnya.',
    });

    await act(M.post, { trackingId: id, message: 'Petugas dijadwalkan menambal besok pagi.' }, tokens.officerA);
    await act(M.note, { trackingId: id, note: 'Catatan internal: anggaran tambalan terbatas' }, tokens.officerA);
    expect(await request(id)).toMatchObject({
      status: 'open',
      status_notes: 'Tindak lanjut: Petugas dijadwalkan menambal besok pagi.',
    });

    await act(M.resolve, { trackingId: id, message: 'Lubang sudah ditambal.' }, tokens.officerA);
    expect(await request(id)).toMatchObject({
      status: 'closed',
      status_notes: 'Laporan selesai ditindaklanjuti: Lubang sudah ditambal.',
      service_notice: 'Instansi menyatakan laporan selesai; pelapor dapat menerima atau menyanggahnya.',
    });
    await act(M.accept, { trackingId: id, rating: 5 }, apiKey);
    const closed = await request(id);
    expect(closed).toMatchObject({ status: 'closed', expected_datetime: null, agency_responsible: 'Kota Payakumbuh' });

    const updates = (await client.both('servicerequestupdates', 'updates')).filter(
      (u: any) => u.service_request_id === id,
    );
    expect(updates.map((u: any) => [u.status, u.external_status_code, u.description])).toEqual([
      ['open', 'VERIFIED', 'Laporan diverifikasi (kategori infrastruktur-jalan)'],
      ['open', 'DISPOSITIONED', 'Laporan didisposisikan ke instansi berwenang'],
      ['open', 'IN_PROGRESS', 'Instansi mulai menindaklanjuti'],
      ['open', 'IN_PROGRESS', 'Tindak lanjut: Petugas dijadwalkan menambal besok pagi.'],
      ['closed', 'RESOLVED', 'Laporan selesai ditindaklanjuti: Lubang sudah ditambal.'],
      ['closed', 'CLOSED', 'Laporan ditutup (ACCEPTANCE)'],
    ]);
    expect(new Set(updates.map((u: any) => u.update_id)).size).toBe(updates.length);
    expect(updates.at(-1).updated_datetime).toBe(closed.updated_datetime);

    // Searches find it by its service and its status, and not by the other status.
    const search = { service_code: 'infrastruktur-jalan,infrastruktur', jurisdiction_id: 'lapor.go.id' };
    const closedOnes = await client.both('requests', 'requests', { query: { ...search, status: 'closed' } });
    expect(closedOnes.map((r: any) => r.service_request_id)).toContain(id);
    const openOnes = await client.both('requests', 'requests', { query: { ...search, status: 'open' } });
    expect(openOnes.map((r: any) => r.service_request_id)).not.toContain(id);
    expect(seen.join('\n')).not.toContain('anggaran tambalan');
  });

  it('a retry makes no second report: by Idempotency-Key, or by FixMyStreet’s fixmystreet_id with the device_id', async () => {
    const form = {
      service_code: 'infrastruktur-jalan',
      address_string: 'Jl. Ahmad Yani, Payakumbuh',
      description: 'Lampu jalan di Jl. Ahmad Yani mati sejak seminggu.',
    };
    const first = await file(form, { 'Idempotency-Key': 'qlue-lampu-20261201' });
    const events = await eventCount();
    expect(await file(form, { 'Idempotency-Key': 'qlue-lampu-20261201' })).toBe(first);
    expect(await eventCount()).toBe(events);

    const fms = { ...form, 'attribute[fixmystreet_id]': '1001', device_id: 'fms-web' };
    const fromFms = await file(fms);
    expect(fromFms).not.toBe(first);
    const afterFms = await eventCount();
    expect(await file(fms)).toBe(fromFms);
    expect(await eventCount()).toBe(afterFms);
    expect(await file({ ...fms, 'attribute[fixmystreet_id]': '1002' })).not.toBe(fromFms);
    // Without either, every POST is a report of its own.
    expect(await file(form)).not.toBe(await file(form));
  });

  it('lists by service_request_id, dates, status and pages, oldest first', async () => {
    const description = 'Trotoar di depan pasar rusak berat dan berlubang.';
    const ids: string[] = [];
    for (const street of ['Jl. Diponegoro', 'Jl. Imam Bonjol', 'Jl. Sutan Syahrir'])
      ids.push(await file({ service_code: 'infrastruktur', address_string: street, description }));
    const byIds = await client.both('requests', 'requests', {
      query: { service_request_id: `${ids[2]},${ids[0].toLowerCase().replace('-', '')}`, status: 'closed' },
    });
    expect(byIds.map((r: any) => r.service_request_id)).toEqual([ids[0], ids[2]]);

    const window = { service_code: 'infrastruktur', start_date: wib(new Date(Date.now() - 3600_000).toISOString()) };
    const all = await client.both('requests', 'requests', { query: window });
    expect(all.map((r: any) => r.service_request_id)).toEqual(ids);
    const pages = [];
    for (const page of ['1', '2', '3', '4'])
      pages.push(await client.both('requests', 'requests', { query: { ...window, page, page_size: '1' } }));
    expect(pages.map((p) => p.map((r: any) => r.service_request_id))).toEqual([[ids[0]], [ids[1]], [ids[2]], []]);
    const before = await client.both('requests', 'requests', {
      query: { service_code: 'infrastruktur', end_date: '2026-01-01T00:00:00Z' },
    });
    expect(before).toEqual([]);
  });

  it('never shows a confidential report, nor anything that names the person who filed', async () => {
    const { tokens } = fixture;
    const secret = await file({
      service_code: 'infrastruktur-jalan',
      address_string: 'Kantor Dinas PUPR, Payakumbuh',
      description: 'Pungutan liar oleh petugas dalam pengurusan izin galian jalan.',
      'attribute[confidential]': 'true',
      ...PERSON,
    });
    const lateSecret = await file({
      service_code: 'infrastruktur-jalan',
      address_string: 'Jl. Soekarno-Hatta, Payakumbuh',
      description: 'Proyek jalan dikerjakan asal-asalan, diduga ada kongkalikong.',
    });
    expect((await request(lateSecret)).service_request_id).toBe(lateSecret);
    await act(M.verify, { trackingId: lateSecret, category: 'infrastruktur-jalan', confidential: true }, tokens.admin);
    await act(M.verify, { trackingId: secret, category: 'infrastruktur-jalan' }, tokens.admin);
    const sinceConfidential = seen.length;

    for (const hidden of [secret, lateSecret]) {
      const json = await client.get(`requests/${hidden}.json`);
      const xml = await client.get(`requests/${hidden}.xml`);
      expect(checked(json, xml, 'errors', 404)).toEqual([{ code: 404, description: `No service request ${hidden}` }]);
      const listed = await client.both('requests', 'requests', { query: { service_request_id: hidden } });
      expect(listed).toEqual([]);
    }
    const everything = [
      ...(await client.both('requests', 'requests')).map((r: any) => r.service_request_id),
      ...(await client.both('servicerequestupdates', 'updates')).map((u: any) => u.service_request_id),
    ];
    expect(everything).not.toContain(secret);
    expect(everything).not.toContain(lateSecret);

    // Every answer the bridge gave in this file, in either format, against every field that names the person.
    const answers = seen.join('\n');
    expect(answers).toContain('Jl. Sudirman');
    for (const value of Object.values(PERSON)) expect(answers).not.toContain(value);
    expect(answers).not.toContain('Pungutan liar');
    // Public until verified as confidential, and from then on never again.
    expect(seen.slice(0, sinceConfidential).join('\n')).toContain('kongkalikong');
    expect(seen.slice(sinceConfidential).join('\n')).not.toContain('kongkalikong');
  });

  it('answers tokens/{token} with a 404 in either format: every request gets its id at once', async () => {
    const errors = checked(await client.get('tokens/12345.json'), await client.get('tokens/12345.xml'), 'errors', 404);
    expect(errors[0].description).toMatch(/issues no tokens/);
  });
});
