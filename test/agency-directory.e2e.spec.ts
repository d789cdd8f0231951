import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { startTestService, type TestService } from './support/service.js';

const REGISTER = `mutation($input: RegisterAgencyInput!) { registerAgency(input: $input) { id position } }`;
const AGENCIES = `query($filter: AgencyDirectoryFilter, $first: Int, $after: String, $min: String) {
  agencies(filter: $filter, first: $first, after: $after, minPosition: $min) {
    totalCount pageInfo { hasNextPage endCursor } edges { cursor node { id name type regionCode parentId connected units { name } } }
  }
}`;

interface Page {
  totalCount: number;
  pageInfo: { hasNextPage: boolean; endCursor: string | null };
  edges: { node: { id: string; name: string; type: string; regionCode: string | null; parentId: string | null } }[];
}

describe('the agency directory (agencies)', () => {
  let service: TestService;
  let admin: string;
  let last = '0';
  const ids = new Map<string, string>();
  const register = async (name: string, type: string, regionCode: string | null, parent?: string) => {
    const { registerAgency } = await service.ok(
      REGISTER,
      { input: { name, type, regionCode, parentId: parent ? ids.get(parent) : null } },
      admin,
    );
    ids.set(name, registerAgency.id);
    last = registerAgency.position;
    return registerAgency.id as string;
  };
  const list = async (filter: object | null, first = 20, after: string | null = null, token?: string) =>
    (await service.ok(AGENCIES, { filter, first, after, min: last }, token)).agencies as Page;
  const names = (page: Page) => page.edges.map((edge) => edge.node.name);

  beforeAll(async () => {
    service = await startTestService();
    admin = await service.token({ sub: 'admin-1', role: 'ADMIN' });
    await register('Provinsi Kalimantan Barat', 'PROVINCE', '61');
    await register('Kota Pontianak', 'CITY', '61.71', 'Provinsi Kalimantan Barat');
    await register('Kabupaten Kubu Raya', 'REGENCY', '61.12', 'Provinsi Kalimantan Barat');
    await register('Kota Payakumbuh', 'CITY', '13.76');
    await register('Kementerian Sosial', 'MINISTRY', null);
    await register('Kedutaan Besar RI di Paris (Ambassade d’Indonésie)', 'EMBASSY', null);
    for (let i = 1; i <= 25; i++) await register(`Dinas Pelayanan Publik ${String(i).padStart(2, '0')}`, 'OTHER', '13');
    const { connectAgency } = await service.ok(
      `mutation($input: ConnectAgencyInput!) { connectAgency(input: $input) { position } }`,
      { input: { agencyId: ids.get('Kota Pontianak'), decree: 'SK 5/2019' } },
      admin,
    );
    const { addUnit } = await service.ok(
      `mutation($input: AddUnitInput!) { addUnit(input: $input) { position } }`,
      { input: { agencyId: ids.get('Kota Pontianak'), name: 'Dinas Kesehatan' } },
      admin,
    );
    last = [connectAgency.position, addUnit.position].sort((a, b) => Number(BigInt(a) - BigInt(b)))[1];
  }, 120_000);
  afterAll(async () => service?.stop());

  it('finds partial words as a person types, case and accents aside, for anyone', async () => {
    expect(names(await list({ search: 'pontia' }))).toEqual(['Kota Pontianak']);
    expect(names(await list({ search: 'PONTIA' }))).toEqual(['Kota Pontianak']);
    expect(names(await list({ search: 'kota pont' }))).toEqual(['Kota Pontianak']);
    expect(names(await list({ search: 'indonesie' }))).toEqual(['Kedutaan Besar RI di Paris (Ambassade d’Indonésie)']);
    expect(names(await list({ search: 'kota' }))).toEqual(['Kota Payakumbuh', 'Kota Pontianak']);
    expect(names(await list({ search: '100%_' }))).toEqual([]);
    const pontianak = (await list({ search: 'pontianak' })).edges[0]!.node;
    expect(pontianak).toMatchObject({
      type: 'CITY',
      regionCode: '61.71',
      connected: true,
      units: [{ name: 'Dinas Kesehatan' }],
    });
  });

  it('filters by type, region prefix, parent and connection', async () => {
    expect(names(await list({ type: 'MINISTRY' }))).toEqual(['Kementerian Sosial']);
    expect(names(await list({ regionCode: '61' }))).toEqual([
      'Kabupaten Kubu Raya',
      'Kota Pontianak',
      'Provinsi Kalimantan Barat',
    ]);
    expect(names(await list({ parentId: ids.get('Provinsi Kalimantan Barat') }))).toEqual([
      'Kabupaten Kubu Raya',
      'Kota Pontianak',
    ]);
    expect(names(await list({ connected: true }))).toEqual(['Kota Pontianak']);
    expect((await list({ connected: false })).totalCount).toBe(30);
  });

  it('pages in name order with a totalCount that does not depend on the page', async () => {
    const seen: string[] = [];
    let after: string | null = null;
    for (;;) {
      const page: Page = await list({ search: 'pelayanan' }, 10, after);
      expect(page.totalCount).toBe(25);
      seen.push(...names(page));
      if (!page.pageInfo.hasNextPage) break;
      after = page.pageInfo.endCursor;
    }
    expect(seen).toEqual(
      Array.from({ length: 25 }, (_, i) => `Dinas Pelayanan Publik ${String(i + 1).padStart(2, '0')}`),
    );
    expect((await list(null, 100)).totalCount).toBe(31);
  });

  it('refuses a forged cursor, a page size out of range and a filter that is no filter, naming what is wrong', async () => {
    const forged = Buffer.from(JSON.stringify(['x', 'not-a-uuid'])).toString('base64url');
    for (const variables of [
      { after: forged },
      { after: 'bm9wZQ' },
      { first: 0 },
      { first: 101 },
      { filter: { regionCode: '6' } },
      { filter: { parentId: 'nope' } },
      { filter: { search: '' } },
    ]) {
      const error = await service.error(AGENCIES, variables);
      expect(error.extensions?.code).toBe('BAD_USER_INPUT');
    }
  });

  it('registers an agency under a parent only when the parent exists', async () => {
    const error = await service.error(
      REGISTER,
      { input: { name: 'Kota Tanpa Induk', type: 'CITY', parentId: '00000000-0000-4000-8000-000000000000' } },
      admin,
    );
    expect(error.extensions?.code).toBe('NOT_FOUND');
    expect((await list({ search: 'tanpa induk' })).totalCount).toBe(0);
  });

  it('answers NOT_FOUND for an agency id that names nothing, wherever one is an argument', async () => {
    const ombudsman = await service.token({ sub: 'ombudsman-1', role: 'OMBUDSMAN' });
    for (const id of ['00000000-0000-4000-8000-000000000000', 'not-a-uuid']) {
      for (const query of [
        `{ agency(id: "${id}") { name } }`,
        `{ agencyInbox(agencyId: "${id}") { totalCount } }`,
        `{ agencyCasesAt(agencyId: "${id}", asOf: "2026-01-01T00:00:00Z") { trackingId } }`,
        `{ agencyPerformance(agencyId: "${id}", from: "2026-01-01", to: "2027-01-01") { received } }`,
      ])
        expect([query, (await service.error(query, {}, ombudsman)).extensions?.code]).toEqual([query, 'NOT_FOUND']);
      const rename = await service.error(
        'mutation($i: RenameAgencyInput!) { renameAgency(input: $i) { id } }',
        { i: { agencyId: '00000000-0000-4000-8000-000000000000', name: 'Tidak Ada' } },
        admin,
      );
      expect(rename.extensions?.code).toBe('NOT_FOUND');
    }
  });

  it('answers connectivity for every agency type, zeros included, with the local-government sum', async () => {
    const year = new Date().getUTCFullYear();
    const { connectivity, connectivitySummary } = await service.ok(
      `query($y: Int!, $min: String) {
        connectivity(year: $y, minPosition: $min) { type connected newlyConnected }
        connectivitySummary(year: $y) { year byType { type connected } localGovernments { connected newlyConnected } total { connected } }
      }`,
      { y: year, min: last },
    );
    expect(connectivity).toHaveLength(9);
    expect(connectivity).toContainEqual({ type: 'CITY', connected: 1, newlyConnected: 1 });
    expect(connectivity).toContainEqual({ type: 'MINISTRY', connected: 0, newlyConnected: 0 });
    expect(connectivitySummary.localGovernments).toEqual({ connected: 1, newlyConnected: 1 });
    expect(connectivitySummary.total).toEqual({ connected: 1 });
    expect(connectivitySummary.byType).toHaveLength(9);
  });
});
