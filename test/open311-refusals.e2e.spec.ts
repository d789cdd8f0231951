import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { gzipSync } from 'node:zlib';
import { DataSource } from 'typeorm';
import { checked, open311Client } from './support/open311-client.js';
import { registryFixture } from './support/registry-fixture.js';
import { startTestService, type TestService } from './support/service.js';

const ISSUE = `mutation($input: IssueApiKeyInput!) { issueApiKey(input: $input) { secret apiKey { keyId } } }`;
const REVOKE = `mutation($k: String!) { revokeApiKey(keyId: $k, reason: "Kontrak berakhir") { revokedAt } }`;

describe('Open311: bad input is refused as GeoReport v2 says, in the format asked for, and nothing is written', () => {
  let service: TestService;
  let client: ReturnType<typeof open311Client>;
  const keys = { submit: '', other: '', revoked: '' };
  let valid: Record<string, string>;

  const eventCount = async () =>
    ((await service.app.get(DataSource).query(`SELECT count(*)::int AS n FROM events`)) as { n: number }[])[0]!.n;

  /** POSTs the form as .json and as .xml: both refused alike, each error naming what is wrong, no event written. */
  async function refused(
    form: Record<string, string | string[]>,
    status: number,
    says: RegExp,
    headers: Record<string, string> = {},
  ) {
    const before = await eventCount();
    const errors = checked(
      await client.post('requests.json', form, headers),
      await client.post('requests.xml', form, headers),
      'errors',
      status,
    );
    expect(errors.map((e: any) => e.code)).toEqual(errors.map(() => status));
    expect(errors.map((e: any) => e.description).join(' | ')).toMatch(says);
    expect(await eventCount()).toBe(before);
  }

  /** GETs `path` as .json and .xml: both refused alike with `status`, an error matching `says`. */
  async function refusedRead(path: string, query: Record<string, string>, status: number, says: RegExp) {
    const errors = checked(
      await client.get(`${path}.json`, query),
      await client.get(`${path}.xml`, query),
      'errors',
      status,
    );
    expect(errors.map((e: any) => e.description).join(' | ')).toMatch(says);
  }

  beforeAll(async () => {
    service = await startTestService();
    const { tokens } = await registryFixture(service);
    client = open311Client(service.url);
    const issue = async (mutations: string[]) =>
      (await service.ok(ISSUE, { input: { integratorId: 'kota-app', name: 'Aplikasi kota', mutations } }, tokens.admin))
        .issueApiKey;
    keys.submit = (await issue(['submitReport'])).secret;
    keys.other = (await issue(['acceptResolution'])).secret;
    const revoked = await issue(['submitReport']);
    await service.ok(REVOKE, { k: revoked.apiKey.keyId }, tokens.admin);
    keys.revoked = revoked.secret;
    valid = {
      api_key: keys.submit,
      service_code: 'infrastruktur-jalan',
      address_string: 'Jl. Sudirman, Payakumbuh',
      description: 'Lubang besar di depan SD Negeri 3 sudah tiga bulan.',
    };
  });
  afterAll(async () => service?.stop());

  it('refuses a POST without a usable api_key with 403: missing, not a key, revoked, or not naming submitReport', async () => {
    const { api_key: _, ...withoutKey } = valid;
    await refused(withoutKey, 403, /api_key is required/);
    await refused({ ...valid, api_key: 'xyz' }, 403, /api_key/);
    await refused({ ...valid, api_key: `aduan_${'0'.repeat(32)}_${'A'.repeat(43)}` }, 403, /not valid/);
    await refused({ ...valid, api_key: keys.revoked }, 403, /revoked/);
    await refused({ ...valid, api_key: keys.other }, 403, /may not call submitReport; it may call acceptResolution/);
    // Credentials are checked before the rest of the form.
    await refused({ api_key: keys.other }, 403, /may not call submitReport/);
  });

  it('refuses a POST whose form is wrong with 400 naming the field, and an unknown service or jurisdiction with 404', async () => {
    await refused({ ...valid, service_code: 'tidak-ada' }, 404, /service_code tidak-ada is not a service here/);
    await refused({ ...valid, jurisdiction_id: 'jakarta.go.id' }, 404, /jurisdiction_id jakarta\.go\.id is not served/);
    const { address_string: _, ...nowhere } = valid;
    await refused(nowhere, 400, /lat and long, or address_string, is required/);
    await refused({ ...nowhere, address_id: '545483' }, 400, /address_id is not supported/);
    await refused({ ...nowhere, lat: '-0.22' }, 400, /lat and long are sent together/);
    await refused({ ...nowhere, lat: '123', long: '100.6' }, 400, /^lat must be a latitude/);
    await refused({ ...nowhere, lat: 'utara', long: '100.6' }, 400, /lat must be a decimal number/);
    await refused({ ...valid, description: 'x'.repeat(4_001) }, 400, /description may be at most 4,000 characters/);
    await refused({ ...valid, description: '' }, 400, /description is required/);
    await refused({ ...valid, description: 'Rusak.' }, 400, /description must be longer than or equal to 10/);
    await refused(
      { ...valid, description: 'Lubang besar\u0000 di jalan' },
      400,
      /description must not contain the NUL/,
    );
    await refused({ ...valid, media_url: 'http://files.example.id/a.jpg' }, 400, /media_url must use https, not http/);
    await refused({ ...valid, media_url: 'foto.jpg' }, 400, /media_url must be an absolute URL/);
    await refused({ ...valid, email: 'siti-at-example' }, 400, /^email must be an email address/);
    await refused({ ...valid, phone: 'call me' }, 400, /^phone must be a phone number/);
    await refused({ ...valid, 'attribute[kind]': 'GRIEVANCE' }, 400, /attribute\[kind\] must be one of COMPLAINT/);
    await refused({ ...valid, 'attribute[confidential]': 'maybe' }, 400, /attribute\[confidential\] must be one of/);
    await refused(
      { ...valid, service_code: ['infrastruktur', 'infrastruktur-jalan'] },
      400,
      /service_code may be given once/,
    );
    await refused(valid, 400, /^Idempotency-Key must be 8 to 100/, { 'Idempotency-Key': 'short' });
    // Every problem of a form at once.
    await refused({ api_key: keys.submit }, 400, /service_code is required.*address_string.*description is required/);
  });

  it('takes only form-encoded bodies within REQUEST_BODY_LIMIT_BYTES', async () => {
    const before = await eventCount();
    for (const format of ['json', 'xml']) {
      const asJson = await fetch(`${service.url}/open311/v2/requests.${format}`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify(valid),
      });
      expect(asJson.status).toBe(400);
      expect(await asJson.text()).toContain('application/x-www-form-urlencoded');
    }
    const huge = await client.post('requests.json', { ...valid, description: 'x'.repeat(1_100_000) });
    expect(huge.status).toBe(413);
    expect(JSON.parse(huge.text)).toEqual([{ code: 413, description: expect.stringMatching(/larger than 1048576/) }]);
    // Refused before the handler (too large as JSON, or inflating past the limit): still GeoReport's format.
    const post = (format: string, headers: Record<string, string>, body: Buffer | string) =>
      fetch(`${service.url}/open311/v2/requests.${format}`, { method: 'POST', headers, body });
    const largeJson = await post(
      'json',
      { 'content-type': 'application/json' },
      JSON.stringify({ d: 'x'.repeat(1_100_000) }),
    );
    expect(largeJson.status).toBe(413);
    expect(await largeJson.json()).toEqual([{ code: 413, description: expect.stringMatching(/larger than 1048576/) }]);
    const bomb = gzipSync(new URLSearchParams({ ...valid, description: 'x'.repeat(50_000_000) }).toString());
    for (const format of ['json', 'xml']) {
      const inflated = await post(
        format,
        { 'content-type': 'application/x-www-form-urlencoded', 'content-encoding': 'gzip' },
        bomb,
      );
      expect(inflated.status).toBe(413);
      expect(await inflated.text()).toContain(format === 'xml' ? '<code>413</code>' : '"code":413');
    }
    expect(await eventCount()).toBe(before);
    // The longest description GeoReport v2 allows is taken.
    const description = `${'Jalan berlubang '.repeat(250).slice(0, 3_999)}.`;
    expect(description).toHaveLength(4_000);
    expect((await client.post('requests.json', { ...valid, description })).status).toBe(200);
    // Fields named like an object's own members are fields like any other (and unknown ones, ignored).
    const form = new URLSearchParams(valid);
    form.append('__proto__', 'x');
    form.append('toString', 'y');
    const odd = await post('json', { 'content-type': 'application/x-www-form-urlencoded' }, form.toString());
    expect(odd.status).toBe(200);
  });

  it('refuses bad searches with 400 naming the parameter: dates, a range over 90 days, status, pages, ids', async () => {
    await refusedRead('requests', { start_date: '2026-12-01' }, 400, /start_date must be a W3C datetime/);
    await refusedRead('requests', { end_date: 'kemarin' }, 400, /end_date must be a W3C datetime/);
    await refusedRead('requests', { start_date: '2026-02-30T00:00:00Z' }, 400, /start_date must be a W3C/);
    await refusedRead(
      'requests',
      { start_date: '2026-01-01T00:00:00+07:00', end_date: '2026-04-02T00:00:00+07:00' },
      400,
      /at most 90 days apart/,
    );
    await refusedRead(
      'requests',
      { start_date: '2026-03-01T00:00:00Z', end_date: '2026-02-01T00:00:00Z' },
      400,
      /end_date is before start_date/,
    );
    await refusedRead('requests', { status: 'pending' }, 400, /status must be open or closed, not pending/);
    await refusedRead('requests', { page_size: '1001' }, 400, /page_size must be a whole number from 1 to 1000/);
    await refusedRead('requests', { page: '0' }, 400, /page must be a whole number/);
    await refusedRead('requests', { service_request_id: 'NEN7-1D2X' }, 400, /NEN7-1D2X is not a tracking id/);
    await refusedRead('requests', { jurisdiction_id: 'jakarta.go.id' }, 404, /jurisdiction_id jakarta\.go\.id/);
    await refusedRead(
      'servicerequestupdates',
      { start_date: '2026-01-01T00:00:00Z', end_date: '2026-06-01T00:00:00Z' },
      400,
      /at most 90 days apart/,
    );
    await refusedRead('services/tidak-ada', {}, 404, /service_code tidak-ada is not a service here/);
    await refusedRead('services', { jurisdiction_id: 'jakarta.go.id' }, 404, /jurisdiction_id jakarta\.go\.id/);
    await refusedRead('requests/NEN7-1D2X', {}, 404, /No service request NEN7-1D2X/);

    // Exactly 90 days is a search, and an offset sent with an unencoded + (read as a space) is still one.
    const ninety = await client.both('requests', 'requests', {
      query: { start_date: '2026-01-01T00:00:00 07:00', end_date: '2026-04-01T00:00:00+07:00' },
    });
    expect(ninety).toEqual([]);
  });

  it('answers what it does not serve with a 404: in the format asked for, else in XML', async () => {
    const unknown = await client.get('laporan.json');
    expect(unknown.status).toBe(404);
    expect(JSON.parse(unknown.text)).toEqual([
      { code: 404, description: 'No such resource: GET /open311/v2/laporan.json' },
    ]);
    for (const path of ['requests.html', 'services', 'discovery.yaml']) {
      const answer = await client.get(path);
      expect(answer.status).toBe(404);
      expect(answer.headers.get('content-type')).toBe('text/xml; charset=utf-8');
      expect(answer.text).toMatch(/^<\?xml version="1\.0" encoding="UTF-8"\?>\n<errors><error><code>404<\/code>/);
    }
  });
});

describe('Open311 rate limits: the GraphQL limits, per client, 429 with Retry-After', () => {
  let service: TestService;
  beforeAll(async () => {
    service = await startTestService({ RATE_LIMIT_QUERIES_PER_MINUTE: '2', RATE_LIMIT_MUTATIONS_PER_MINUTE: '1' });
  });
  afterAll(async () => service?.stop());

  it('counts reads as queries and posted requests as mutations', async () => {
    const client = open311Client(service.url);
    expect((await client.get('services.json')).status).toBe(200);
    expect((await client.get('discovery.xml')).status).toBe(200);
    const json = await client.get('services.json');
    const xml = await client.get('services.xml');
    const errors = checked(json, xml, 'errors', 429);
    expect(errors[0].description).toMatch(/Too many reads from this client; try again in \d+ s/);
    expect(Number(json.headers.get('retry-after'))).toBeGreaterThanOrEqual(1);

    expect((await client.post('requests.json', { service_code: 'x' })).status).toBe(403);
    const posted = await client.post('requests.json', { service_code: 'x' });
    expect(posted.status).toBe(429);
    expect(JSON.parse(posted.text)[0].description).toMatch(/Too many requests posted/);
  });
});
