import { afterAll, beforeAll, describe, expect, it, jest } from '@jest/globals';
import { DataSource } from 'typeorm';
import { ProjectionEngine } from '../src/projection-engine/projection-engine.js';
import { M, newReport, registryFixture } from './support/registry-fixture.js';
import { startTestService, type TestService } from './support/service.js';

const REPORTS = `query($filter: ReportFilter, $first: Int!, $after: String, $min: String) {
  reports(filter: $filter, first: $first, after: $after, minPosition: $min) { edges { cursor node { trackingId status confidential agencyId } } pageInfo { hasNextPage endCursor } } }`;

describe('read models over GraphQL', () => {
  let service: TestService;
  let fixture: Awaited<ReturnType<typeof registryFixture>>;
  beforeAll(async () => {
    service = await startTestService();
    fixture = await registryFixture(service);
  });
  afterAll(async () => service?.stop());

  it('shows a write to a query that asks for its position', async () => {
    const { tokens, agencyA } = fixture;
    const submitted = (
      await service.ok(M.submit, { input: { ...newReport, title: 'Sampah menumpuk di Pasar Ibuh' } }, tokens.reporter)
    ).submitReport;
    const verified = (
      await service.ok(
        M.verify,
        { input: { trackingId: submitted.report.trackingId, category: 'infrastruktur-jalan' } },
        tokens.admin,
      )
    ).verifyReport;
    const routed = (
      await service.ok(
        M.disposition,
        { input: { trackingId: submitted.report.trackingId, agencyId: agencyA } },
        tokens.admin,
      )
    ).dispositionReport;
    expect(BigInt(routed.position)).toBeGreaterThan(BigInt(verified.position));
    const { reports } = await service.ok(REPORTS, {
      first: 10,
      min: routed.position,
      filter: { search: 'pasar ibuh' },
    });
    expect(reports.edges.map((e: { node: unknown }) => e.node)).toEqual([
      { trackingId: submitted.report.trackingId, status: 'DISPOSITIONED', confidential: false, agencyId: agencyA },
    ]);
    const mine = await service.ok(
      REPORTS,
      { first: 10, min: routed.position, filter: { agencyId: agencyA, status: ['DISPOSITIONED'] } },
      tokens.officerA,
    );
    expect(mine.reports.edges.map((e: { node: { trackingId: string } }) => e.node.trackingId)).toContain(
      submitted.report.trackingId,
    );
  });

  it('loads the agency of every report on a page with one query (no N+1)', async () => {
    const { tokens, agencyA, agencyB } = fixture;
    let last = '';
    for (const [i, agencyId] of [agencyA, agencyB, agencyA, agencyB, agencyA].entries()) {
      const { trackingId } = (
        await service.ok(M.submit, { input: { ...newReport, title: `Muatan agensi ${i}` } }, tokens.reporter)
      ).submitReport.report;
      await service.ok(M.verify, { input: { trackingId, category: 'infrastruktur-jalan' } }, tokens.admin);
      last = (await service.ok(M.disposition, { input: { trackingId, agencyId } }, tokens.admin)).dispositionReport
        .position;
    }
    const dataSource = service.app.get(DataSource);
    const query = jest.spyOn(dataSource, 'query');
    try {
      const { reports } = await service.ok(
        `query($m: String) { reports(first: 10, minPosition: $m, filter: { search: "muatan agensi" }) { edges { node { agencyId agency { id name type } } } } }`,
        { m: last },
      );
      expect(reports.edges).toHaveLength(5);
      for (const { node } of reports.edges)
        expect(node.agency).toMatchObject({ id: node.agencyId, name: expect.any(String), type: expect.any(String) });
      expect(new Set(reports.edges.map((e: any) => e.node.agency.name)).size).toBe(2);
      expect(query.mock.calls.filter(([sql]) => sql.includes('agency_directory'))).toHaveLength(1);
    } finally {
      query.mockRestore();
    }
  });

  it('pages newest first with cursors and keeps confidential reports from those who may not see them', async () => {
    const { tokens } = fixture;
    let last = '';
    for (let i = 0; i < 5; i++) {
      last = (
        await service.ok(
          M.submit,
          { input: { ...newReport, title: `Laporan halaman ${i}`, confidential: i === 4 } },
          tokens.reporter,
        )
      ).submitReport.position;
    }
    const page1 = await service.ok(REPORTS, { first: 2, min: last, filter: { search: 'halaman' } }, tokens.admin);
    const page2 = await service.ok(
      REPORTS,
      { first: 2, after: page1.reports.pageInfo.endCursor, filter: { search: 'halaman' } },
      tokens.admin,
    );
    const page3 = await service.ok(
      REPORTS,
      { first: 2, after: page2.reports.pageInfo.endCursor, filter: { search: 'halaman' } },
      tokens.admin,
    );
    const titles = [page1, page2, page3].flatMap((p) => p.reports.edges);
    expect(titles).toHaveLength(5);
    expect(new Set(titles.map((e: { node: { trackingId: string } }) => e.node.trackingId)).size).toBe(5);
    expect([page1, page2, page3].map((p) => p.reports.pageInfo.hasNextPage)).toEqual([true, true, false]);
    expect(titles[0].node.confidential).toBe(true);

    const publicView = await service.ok(REPORTS, { first: 10, filter: { search: 'halaman' } });
    expect(publicView.reports.edges).toHaveLength(4);
    const stranger = await service.ok(REPORTS, { first: 10, filter: { search: 'halaman' } }, tokens.otherReporter);
    expect(stranger.reports.edges).toHaveLength(4);
    const owner = await service.ok(REPORTS, { first: 10, filter: { search: 'halaman' } }, tokens.reporter);
    expect(owner.reports.edges).toHaveLength(5);
  });

  it('shows the audit trail in both languages, internal notes only to those who work the case', async () => {
    const { tokens, agencyA } = fixture;
    const submitted = (await service.ok(M.submit, { input: { ...newReport, anonymous: true } }, tokens.reporter))
      .submitReport;
    const ref = { trackingId: submitted.report.trackingId };
    await service.ok(M.verify, { input: { ...ref, category: 'infrastruktur-jalan' } }, tokens.admin);
    await service.ok(M.disposition, { input: { ...ref, agencyId: agencyA } }, tokens.admin);
    const noted = (await service.ok(M.note, { input: { ...ref, note: 'Koordinasi internal' } }, tokens.officerA))
      .addInternalNote;
    const TIMELINE = `query($t: String!, $min: String) { reportTimeline(trackingId: $t, minPosition: $min) { version actorId actorRole eventType fromStatus toStatus descriptionId descriptionEn } }`;
    const forAgency = (await service.ok(TIMELINE, { t: ref.trackingId, min: noted.position }, tokens.officerA))
      .reportTimeline;
    expect(
      forAgency.map((e: { eventType: string; fromStatus: string | null; toStatus: string }) => [
        e.eventType,
        e.fromStatus,
        e.toStatus,
      ]),
    ).toEqual([
      ['ReportSubmitted', null, 'SUBMITTED'],
      ['ReportVerified', 'SUBMITTED', 'VERIFIED'],
      ['ReportDispositioned', 'VERIFIED', 'DISPOSITIONED'],
      ['InternalNoteAdded', 'DISPOSITIONED', 'DISPOSITIONED'],
    ]);
    expect(forAgency[0]).toMatchObject({
      actorId: null,
      actorRole: 'REPORTER',
      descriptionId: 'Laporan diterima melalui MOBILE_APP',
      descriptionEn: 'Report received via MOBILE_APP',
    });
    expect(JSON.stringify(forAgency)).not.toContain('reporter-1');
    const forReporter = (await service.ok(TIMELINE, { t: ref.trackingId, min: noted.position }, tokens.reporter))
      .reportTimeline;
    expect(forReporter.map((e: { eventType: string }) => e.eventType)).not.toContain('InternalNoteAdded');
    expect(forReporter).toHaveLength(3);
  });

  it("lists an agency's worklist nearest deadline first, to that agency only", async () => {
    const { tokens, agencyA, unitA } = fixture;
    const INBOX = `query($a: String!, $u: String, $first: Int!, $after: String, $min: String) {
      agencyInbox(agencyId: $a, unitId: $u, first: $first, after: $after, minPosition: $min) { edges { node { trackingId status unitId deadlines { kind dueAt } } } pageInfo { hasNextPage endCursor } } }`;
    let position = '';
    const routed: string[] = [];
    for (const unitId of [unitA, null, unitA]) {
      const submitted = (await service.ok(M.submit, { input: newReport }, tokens.reporter)).submitReport;
      await service.ok(
        M.verify,
        { input: { trackingId: submitted.report.trackingId, category: 'infrastruktur-jalan' } },
        tokens.admin,
      );
      position = (
        await service.ok(
          M.disposition,
          { input: { trackingId: submitted.report.trackingId, agencyId: agencyA, unitId } },
          tokens.admin,
        )
      ).dispositionReport.position;
      routed.push(submitted.report.trackingId);
    }
    const all: { trackingId: string; deadlines: { kind: string; dueAt: string }[] }[] = [];
    let after: string | null = null;
    do {
      const page: any = (await service.ok(INBOX, { a: agencyA, first: 2, after, min: position }, tokens.officerA))
        .agencyInbox;
      all.push(...page.edges.map((e: { node: any }) => e.node));
      after = page.pageInfo.hasNextPage ? page.pageInfo.endCursor : null;
    } while (after);
    expect(all.map((n) => n.trackingId)).toEqual(expect.arrayContaining(routed));
    const dues = all.map((n) => n.deadlines.find((d) => d.kind === 'FIRST_FOLLOW_UP')?.dueAt ?? '9999');
    expect(dues).toEqual([...dues].sort());
    const unit = (await service.ok(INBOX, { a: agencyA, u: unitA, first: 50 }, tokens.admin)).agencyInbox.edges.map(
      (e: { node: { unitId: string } }) => e.node.unitId,
    );
    expect(new Set(unit)).toEqual(new Set([unitA]));
    expect((await service.error(INBOX, { a: agencyA, first: 5 }, tokens.officerB)).extensions).toMatchObject({
      code: 'FORBIDDEN',
    });
    expect((await service.error(INBOX, { a: agencyA, first: 5 }, tokens.reporter)).extensions).toMatchObject({
      code: 'FORBIDDEN',
    });
  });

  it('ranks topics in a period and region, confidential reports counted (counts, never content)', async () => {
    const { tokens } = fixture;
    await service.ok(
      `mutation($input: CategoryInput!) { addCategory(input: $input) { code } }`,
      { input: { code: 'kepegawaian', name: 'Kepegawaian' } },
      tokens.admin,
    );
    let position = '';
    for (const [category, regionCode, confidential] of [
      ['kepegawaian', '61.71', false],
      ['kepegawaian', '61.71', false],
      ['kepegawaian', '61.71', true],
      ['infrastruktur-jalan', '61.71', false],
      ['kepegawaian', '13.76', false],
    ] as const) {
      position = (
        await service.ok(
          M.submit,
          { input: { ...newReport, category, confidential, location: { regionCode } } },
          tokens.reporter,
        )
      ).submitReport.position;
    }
    const TOPICS = `query($r: String, $m: String) { topicStatistics(from: "2000-01-01", to: "2100-01-01", regionCode: $r, top: 5, minPosition: $m) { category categoryName reports } }`;
    const pontianak = (await service.ok(TOPICS, { r: '61', m: position })).topicStatistics;
    expect(pontianak).toEqual([
      { category: 'kepegawaian', categoryName: 'Kepegawaian', reports: 3 },
      { category: 'infrastruktur-jalan', categoryName: 'Jalan', reports: 1 },
    ]);
    expect(
      (await service.error(`{ topicStatistics(from: "2026-02-01", to: "2026-01-01") { reports } }`)).extensions,
    ).toMatchObject({ code: 'BAD_USER_INPUT' });
  });

  it('counts connected agencies per year and type', async () => {
    const { tokens } = fixture;
    const kemensos = (
      await service.ok(
        `mutation { registerAgency(input: {name: "Kementerian Sosial", type: MINISTRY}) { id } }`,
        {},
        tokens.admin,
      )
    ).registerAgency.id;
    const connected = await service.ok(
      `mutation($id: String!) { connectAgency(input: {agencyId: $id}) { connectedAt } }`,
      { id: kemensos },
      tokens.admin,
    );
    const year = new Date(connected.connectAgency.connectedAt).getUTCFullYear();
    const head = (await service.ok('{ health { lastGlobalPosition } }')).health.lastGlobalPosition;
    const { connectivity } = await service.ok(
      `query($y: Int!, $m: String) { connectivity(year: $y, minPosition: $m) { type connected newlyConnected } }`,
      { y: year, m: head },
    );
    // Every type is answered, zeros included.
    expect(connectivity.filter((row: { connected: number }) => row.connected > 0)).toEqual([
      { type: 'MINISTRY', connected: 1, newlyConnected: 1 },
      { type: 'CITY', connected: 2, newlyConnected: 2 },
    ]);
    expect(connectivity).toHaveLength(9);
    const before = await service.ok(`query($y: Int!) { connectivity(year: $y) { type connected } }`, { y: year - 1 });
    expect(before.connectivity.every((row: { connected: number }) => row.connected === 0)).toBe(true);
  });

  it('rebuilds every read model from position 0 into the same rows, and keeps projecting afterwards', async () => {
    const { tokens } = fixture;
    const tables = [
      'report_status',
      'report_counts',
      'report_agency_types',
      'report_timeline',
      'agency_directory',
      'agency_connections',
      'agency_report_performance',
      'performance_report_state',
      'agency_daily_figures',
      'agency_monthly_figures',
      'agency_yearly_figures',
      'report_trend_daily',
      'report_trend_region_daily',
      'trend_report_state',
    ];
    const head = (await service.ok('{ health { lastGlobalPosition } }')).health.lastGlobalPosition;
    await service.ok(REPORTS, { first: 1, min: head });
    const snapshot = () =>
      Promise.all(tables.map((t) => service.app.get(DataSource).query(`SELECT * FROM ${t} ORDER BY ${t}::text`)));
    const before = await snapshot();
    // Damage the live rows, so only a rebuild that really swaps its rows in restores them.
    await service.app
      .get(DataSource)
      .query(
        `UPDATE report_status SET title = 'rusak'; DELETE FROM report_timeline WHERE stream_version = 1; UPDATE agency_report_performance SET rating = 1; UPDATE agency_daily_figures SET received = 99; DELETE FROM report_trend_daily; DELETE FROM report_trend_region_daily`,
      );
    for (const name of ['report-status', 'report-timeline', 'agency-directory', 'agency-performance', 'report-trend']) {
      const replayed = (
        await service.ok(`mutation($n: String!) { rebuildProjection(name: $n) }`, { n: name }, tokens.admin)
      ).rebuildProjection;
      expect(replayed).toBeGreaterThan(0);
    }
    expect(await snapshot()).toEqual(before);
    await service.app.get(DataSource).query(`UPDATE report_status SET title = 'rusak'; DELETE FROM agency_connections`);
    const all = (await service.ok(`mutation { rebuildProjection }`, {}, tokens.admin)).rebuildProjection;
    expect(all).toBe(Number(head));
    expect(await snapshot()).toEqual(before);
    const after = (
      await service.ok(M.submit, { input: { ...newReport, title: 'Setelah pembangunan ulang' } }, tokens.reporter)
    ).submitReport;
    const found = await service.ok(REPORTS, { first: 5, min: after.position, filter: { search: 'pembangunan ulang' } });
    expect(found.reports.edges).toHaveLength(1);
    expect(
      (await service.error(`mutation { rebuildProjection(name: "report-status") }`, {}, tokens.officerA)).extensions,
    ).toMatchObject({ code: 'FORBIDDEN' });
    expect(
      (await service.error(`mutation { rebuildProjection(name: "nope") }`, {}, tokens.admin)).extensions,
    ).toMatchObject({ code: 'NOT_FOUND' });
    const engine = service.app.get(ProjectionEngine);
    const running = engine.rebuild('report-timeline');
    await expect(engine.rebuild(undefined)).rejects.toMatchObject({
      code: 'CONFLICT',
      message: expect.stringContaining('report-timeline'),
    });
    await expect(running).resolves.toMatchObject({ events: expect.any(Number) });
  });

  it('refuses a position no event has, a bad cursor and an oversized page', async () => {
    expect((await service.error(REPORTS, { first: 10, min: '999999999' })).extensions).toMatchObject({
      code: 'BAD_USER_INPUT',
    });
    expect((await service.error(REPORTS, { first: 10, after: 'bm90LWEtY3Vyc29y' })).extensions).toMatchObject({
      code: 'BAD_USER_INPUT',
    });
    expect((await service.error(REPORTS, { first: 1000 })).extensions).toMatchObject({ code: 'BAD_USER_INPUT' });
  });

  it('tells admins where each projection is, and no one else', async () => {
    const { projections } = await service.ok(
      `{ projections { name position lagEvents lastError runningHere } }`,
      {},
      fixture.tokens.admin,
    );
    const running = {
      position: expect.stringMatching(/^\d+$/),
      lagEvents: expect.any(Number),
      lastError: null,
      runningHere: true,
    };
    expect(projections).toEqual([
      { name: 'report-status', ...running },
      { name: 'report-timeline', ...running },
      { name: 'agency-directory', ...running },
      { name: 'agency-performance', ...running },
      { name: 'report-trend', ...running },
    ]);
    expect((await service.error(`{ projections { name } }`, {}, fixture.tokens.reporter)).extensions).toMatchObject({
      code: 'FORBIDDEN',
    });
  });
});
