import { afterAll, beforeAll, describe, expect, it, jest } from '@jest/globals';
import { DataSource } from 'typeorm';
import { routeSearch } from '../projections/report-status/search-route.js';
import { M, newReport, registryFixture } from './support/registry-fixture.js';
import { startTestService, type TestService } from './support/service.js';

const SEARCH = `query($filter: ReportFilter, $first: Int, $after: String, $min: String) {
  reports(filter: $filter, first: $first, after: $after, minPosition: $min) {
    totalCount pageInfo { hasNextPage endCursor }
    edges { cursor node { trackingId title } search { rank snippet highlights } }
  }
}`;
const COUNTS = `query($filter: ReportFilter, $min: String) {
  reportCounts(filter: $filter, minPosition: $min) {
    total overdue byStatus { value count } byKind { value count } byChannel { value count }
  }
}`;

interface Edge {
  cursor: string;
  node: { trackingId: string; title: string };
  search: { rank: number; snippet: string; highlights: [number, number][] } | null;
}
interface Page {
  totalCount: number;
  pageInfo: { hasNextPage: boolean; endCursor: string | null };
  edges: Edge[];
}

describe('Indonesian full-text search, counts and totals (reports, reportCounts)', () => {
  let service: TestService;
  let fixture: Awaited<ReturnType<typeof registryFixture>>;
  let last = '0';
  const tracking = new Map<string, string>();
  const submit = async (title: string, description: string, extra: object = {}, token?: string) => {
    const { submitReport } = await service.ok(
      M.submit,
      { input: { ...newReport, title, description, ...extra } },
      token ?? fixture.tokens.reporter,
    );
    tracking.set(title, submitReport.report.trackingId);
    last = submitReport.position;
    return submitReport.report.trackingId as string;
  };
  const search = async (filter: object, token?: string, first = 20, after: string | null = null) =>
    (await service.ok(SEARCH, { filter, first, after, min: last }, token)).reports as Page;
  const titles = (page: Page) => page.edges.map((edge) => edge.node.title);

  beforeAll(async () => {
    service = await startTestService();
    fixture = await registryFixture(service);
    await submit(
      'Pelayanan KTP di kecamatan lambat',
      'Sudah dua minggu menunggu pelayanan e-KTP di kantor kecamatan tanpa kepastian.',
    );
    await submit(
      'Petugas puskesmas menolak pasien',
      'Pasien lansia tidak dilayani petugas jaga pada malam hari di puskesmas kelurahan.',
    );
    await submit('Air PDAM mati tiga hari', 'Layanan air bersih di perumahan kami terhenti tanpa pemberitahuan.', {
      channel: 'SMS',
      kind: 'ASPIRATION',
    });
    await submit('Jalan berlubang di Jl. Sudirman', 'Lubang besar membahayakan pengendara motor.');
    await submit('Pelayanan dokter tidak ramah', 'Dokter membentak pasien yang bertanya tentang pelayanan obat.', {
      confidential: true,
    });
  }, 120_000);
  afterAll(async () => service?.stop());

  it('finds every form of a word in title and description, best match first, with the matching words marked', async () => {
    const page = await search({ search: 'pelayanan' });
    // "pelayanan", "dilayani" and "layanan" share the stem layan; the confidential report is not the public's.
    expect(titles(page)).toEqual([
      'Pelayanan KTP di kecamatan lambat',
      'Air PDAM mati tiga hari',
      'Petugas puskesmas menolak pasien',
    ]);
    expect(page.totalCount).toBe(3);
    const ranks = page.edges.map((edge) => edge.search!.rank);
    expect([...ranks].sort((a, b) => b - a)).toEqual(ranks);
    for (const edge of page.edges) {
      const { snippet, highlights } = edge.search!;
      expect(highlights.length).toBeGreaterThan(0);
      for (const [start, end] of highlights) expect(snippet.slice(start, end)).toMatch(/^(pe|di|me)?layan(an)?i?$/i);
    }
    expect(page.edges[2]!.search!.snippet).toContain('dilayani');
    expect(titles(await search({ search: 'melayani' }))).toHaveLength(3);
    expect(titles(await search({ search: '"air bersih"' }))).toEqual(['Air PDAM mati tiga hari']);
    expect(titles(await search({ search: 'pelayanan -ktp' }))).not.toContain('Pelayanan KTP di kecamatan lambat');
    expect(titles(await search({ search: 'pelayanan', channel: 'SMS' }))).toEqual(['Air PDAM mati tiga hari']);
    expect((await search({ search: 'sekolah' })).totalCount).toBe(0);
  });

  it('never lets a confidential report match for a caller who may not see it', async () => {
    const confidential = 'Pelayanan dokter tidak ramah';
    expect(titles(await search({ search: 'dokter' }))).toEqual([]);
    expect(titles(await search({ search: 'dokter' }, fixture.tokens.otherReporter))).toEqual([]);
    expect(titles(await search({ search: 'dokter' }, fixture.tokens.reporter))).toEqual([confidential]);
    expect(titles(await search({ search: 'dokter' }, fixture.tokens.admin))).toEqual([confidential]);
    expect((await search({ search: 'pelayanan' }, fixture.tokens.admin)).totalCount).toBe(4);
  });

  it('pages through ranked results by cursor without a gap or a repeat, totalCount the same on every page', async () => {
    const all = titles(await search({ search: 'pelayanan' }, fixture.tokens.admin));
    const seen: string[] = [];
    let after: string | null = null;
    for (;;) {
      const page: Page = await search({ search: 'pelayanan' }, fixture.tokens.admin, 1, after);
      expect(page.totalCount).toBe(4);
      seen.push(...titles(page));
      if (!page.pageInfo.hasNextPage) break;
      after = page.pageInfo.endCursor;
    }
    expect(seen).toEqual(all);
    const plain = await search({}, fixture.tokens.admin, 2);
    expect(plain.totalCount).toBe(5);
    expect(plain.edges.every((edge) => edge.search === null)).toBe(true);
    const forged = Buffer.from(JSON.stringify(['1e999', '2026-01-01T00:00:00.000Z', 'x'])).toString('base64url');
    expect((await service.error(SEARCH, { filter: { search: 'pelayanan' }, after: forged })).extensions?.code).toBe(
      'BAD_USER_INPUT',
    );
    // A cursor of the plain order is not one of the ranked order.
    expect(
      (await service.error(SEARCH, { filter: { search: 'pelayanan' }, after: plain.pageInfo.endCursor })).extensions
        ?.code,
    ).toBe('BAD_USER_INPUT');
  });

  it('counts what each caller may see, in all and per status, kind and channel', async () => {
    const counts = async (filter: object | null, token?: string) =>
      (await service.ok(COUNTS, { filter, min: last }, token)).reportCounts;
    expect(await counts(null, fixture.tokens.admin)).toEqual({
      total: 5,
      overdue: 0,
      byStatus: [{ value: 'SUBMITTED', count: 5 }],
      byKind: [
        { value: 'COMPLAINT', count: 4 },
        { value: 'ASPIRATION', count: 1 },
      ],
      byChannel: [
        { value: 'MOBILE_APP', count: 4 },
        { value: 'SMS', count: 1 },
      ],
    });
    expect((await counts(null)).total).toBe(4);
    expect((await counts({ search: 'pelayanan' })).total).toBe(3);
    expect((await counts({ search: 'pelayanan' }, fixture.tokens.reporter)).total).toBe(4);
    expect((await counts(null, fixture.tokens.otherReporter)).total).toBe(4);
    expect((await counts({ channel: 'SMS' }, fixture.tokens.admin)).byChannel).toEqual([{ value: 'SMS', count: 1 }]);
    expect((await service.error(COUNTS, { filter: { regionCode: '6' } })).extensions?.code).toBe('BAD_USER_INPUT');
    const inRegion = async (regionCode: string) => (await counts({ regionCode }, fixture.tokens.admin)).total;
    expect([await inRegion('13'), await inRegion('13.76'), await inRegion('13.76.01'), await inRegion('12')]).toEqual([
      5, 5, 0, 0,
    ]);
  });

  it('gives the agency inbox a totalCount', async () => {
    const t = tracking.get('Jalan berlubang di Jl. Sudirman')!;
    const admin = fixture.tokens.admin;
    await service.ok(M.verify, { input: { trackingId: t, category: 'infrastruktur-jalan' } }, admin);
    const routed = await service.ok(M.disposition, { input: { trackingId: t, agencyId: fixture.agencyA } }, admin);
    const { agencyInbox } = await service.ok(
      `query($a: String!, $min: String) { agencyInbox(agencyId: $a, first: 1, minPosition: $min) { totalCount edges { node { trackingId } } } }`,
      { a: fixture.agencyA, min: routed.dispositionReport.position },
      fixture.tokens.officerA,
    );
    expect(agencyInbox).toEqual({ totalCount: 1, edges: [{ node: { trackingId: t } }] });
  });
});

describe('a full-text search ranks the newest SEARCH_RANK_WINDOW matches', () => {
  let service: TestService;
  let fixture: Awaited<ReturnType<typeof registryFixture>>;
  const positions: string[] = [];
  const submitted: string[] = [];
  beforeAll(async () => {
    service = await startTestService({ SEARCH_RANK_WINDOW: '2' });
    fixture = await registryFixture(service);
    for (const [title, description] of [
      ['Banjir banjir banjir di pasar', 'Banjir setinggi lutut, banjir setiap hujan, pasar banjir lagi.'],
      ['Lampu jalan padam', 'Sejak banjir minggu lalu lampu jalan di gang kami padam.'],
      ['Selokan tersumbat sampah', 'Selokan meluap menjadi banjir kecil setiap sore.'],
    ]) {
      const { submitReport } = await service.ok(
        M.submit,
        { input: { ...newReport, title, description } },
        fixture.tokens.reporter,
      );
      positions.push(submitReport.position);
      submitted.push(new Date().toISOString());
    }
  }, 120_000);
  afterAll(async () => service?.stop());

  it('ranks only the two newest of three matches (the oldest matches best), counts all three, and reaches the oldest through a period', async () => {
    const search = async (filter: object) =>
      (await service.ok(SEARCH, { filter, first: 20, min: positions.at(-1) }, fixture.tokens.admin)).reports as Page;
    const newest = await search({ search: 'banjir' });
    expect(newest.edges.map((edge) => edge.node.title).sort()).toEqual([
      'Lampu jalan padam',
      'Selokan tersumbat sampah',
    ]);
    expect(newest.totalCount).toBe(3);
    expect(newest.pageInfo.hasNextPage).toBe(false);
    const older = await search({ search: 'banjir', submittedTo: submitted[0] });
    expect(older.edges.map((edge) => edge.node.title)).toEqual(['Banjir banjir banjir di pasar']);
  });

  it('finds the same reports when the statistics say a word is common (walking the newest, past a burst of reports without it), and when that walk comes up short', async () => {
    const submit = async (title: string) =>
      (await service.ok(M.submit, { input: { ...newReport, title } }, fixture.tokens.reporter)).submitReport.position;
    await submit('Jalan berlubang');
    for (let i = 1; i <= 45; i++) positions.push(await submit(`Lampu jalan padam di gang ${i}`));
    positions.push(await submit('Jalan berlubang lagi'));
    // A burst of reports about something else: more than the 40 rows (20 a report of the window) a
    // walk read at most before its budget grew with the matches the statistics promise.
    for (let i = 1; i <= 42; i++) positions.push(await submit(`Sampah menumpuk di pasar ${i}`));
    const titles = async (search: string) =>
      (
        (await service.ok(SEARCH, { filter: { search }, first: 20, min: positions.at(-1) }, fixture.tokens.admin))
          .reports as Page
      ).edges.map((edge) => edge.node.title);
    expect(await titles('berlubang lagi')).toEqual(['Jalan berlubang lagi']);
    // The column's statistics, as autovacuum would gather them once every report is in.
    const db = service.app.get(DataSource);
    await db.query('ANALYZE report_status');
    const [stats] = await db.query(
      `SELECT most_common_elems::text::text[] AS words FROM pg_stats WHERE tablename = 'report_status' AND attname = 'search_vector'`,
    );
    expect(stats.words).toEqual(expect.arrayContaining(['padam', 'jalan']));
    // "padam" is in 46 of 92 reports: a walk may read 46 rows, and the window's two are the 44th and 45th newest.
    const padam = await routeSearch(db, 'padam', { window: 2, broad: true });
    expect(padam.walk).toBe(true);
    expect(padam.budget).toBeGreaterThanOrEqual(45);
    // The search's statement walks with that budget.
    const query = jest.spyOn(db, 'query');
    expect(await titles('padam')).toEqual(['Lampu jalan padam di gang 45', 'Lampu jalan padam di gang 44']);
    const walks = () => query.mock.calls.filter(([sql]) => sql.includes('walked_enough')).map(([, values]) => values);
    expect(walks()).toEqual([expect.arrayContaining([padam.budget])]);
    // A filtered search (a channel every report has here) keeps the budget of 20 rows a report of the
    // window, and its walk comes up short: the index finds the same two.
    query.mockClear();
    const filtered = await service.ok(
      SEARCH,
      { filter: { search: 'padam', channel: newReport.channel }, first: 20, min: positions.at(-1) },
      fixture.tokens.admin,
    );
    expect((filtered.reports as Page).edges.map((edge) => edge.node.title)).toEqual([
      'Lampu jalan padam di gang 45',
      'Lampu jalan padam di gang 44',
    ]);
    expect(walks()).toEqual([expect.arrayContaining([40])]);
    expect(walks()[0]).not.toContain(padam.budget);
    // "jalan" is common, but only one of the ~48 newest reports matches the search: the GIN index finds
    // the window's second (the 89th newest).
    const jalan = await routeSearch(db, 'jalan -padam', { window: 2, broad: true });
    expect(jalan.walk).toBe(true);
    expect(jalan.budget).toBeLessThan(89);
    query.mockClear();
    expect(await titles('jalan -padam')).toEqual(['Jalan berlubang lagi', 'Jalan berlubang']);
    // After the walk the statement reads the matches through the GIN index; planned with the page's order
    // and limit, it walked the submission index for them (made visible here by ruling out the table scan
    // that a table this small would take).
    const [statement] = query.mock.calls.filter(([sql]) => sql.includes('walked_enough'));
    query.mockRestore();
    const plan = await db.transaction(async (tx) => {
      await tx.query('SET LOCAL enable_seqscan = off');
      return (await tx.query(`EXPLAIN (FORMAT JSON) ${statement![0]}`, statement![1]))[0]['QUERY PLAN'][0].Plan;
    });
    const scans = planNodes(plan).filter((node) => node['Index Name']);
    expect(scans).toContainEqual(expect.objectContaining({ 'Index Name': 'report_status_search_idx' }));
    const walksForMatches = scans.filter(
      (node) => node['Index Name'] === 'report_status_submitted_idx' && String(node.Filter).includes('search_vector'),
    );
    expect(walksForMatches).toEqual([]);
    // A word the statistics do not list goes to the index.
    expect(await routeSearch(db, 'selokan', { window: 2, broad: true })).toEqual({ walk: false, budget: 40 });
    expect(await titles('selokan')).toEqual(['Selokan tersumbat sampah']);
    // A search no word of which a match must have (every report without "padam") walks: no index finds its matches.
    expect((await routeSearch(db, '-padam', { window: 2, broad: false })).walk).toBe(true);
    expect(await titles('-padam')).toEqual(['Sampah menumpuk di pasar 42', 'Sampah menumpuk di pasar 41']);
  });
});

type PlanNode = Record<string, unknown> & { Plans?: PlanNode[] };

function planNodes(node: PlanNode): PlanNode[] {
  return [node, ...(node.Plans ?? []).flatMap(planNodes)];
}
