import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import type { Client } from 'graphql-ws';
import { DataSource } from 'typeorm';
import { graphql } from './support/graphql.js';
import { M, newReport, registryFixture } from './support/registry-fixture.js';
import { startTestService, type TestService } from './support/service.js';
import { subscribe } from './support/subscribe.js';

/**
 * The holes an outside authorization probe found (issue 13), one `it` each: ownership decided
 * by bare ids from different namespaces (V2, V3, V4), an API key's agencies binding reads but
 * not commands (V1), `reporterRef` from callers it is not for; and what the probe also saw:
 * inbox subscriptions silent when a report leaves, statistics disagreeing on confidential
 * reports. Every refused command is checked to have written nothing.
 */
describe('who owns a report', () => {
  let service: TestService;
  let fixture: Awaited<ReturnType<typeof registryFixture>>;
  const clients: Client[] = [];
  beforeAll(async () => {
    service = await startTestService();
    fixture = await registryFixture(service);
  });
  afterAll(async () => {
    for (const client of clients) await client.dispose();
    await service?.stop();
  });

  const events = async () =>
    (await service.app.get(DataSource).query(`SELECT count(*)::int AS n FROM events`))[0].n as number;
  const READ = `query($t: String!) { report(trackingId: $t) { trackingId reporter { name } } }`;
  const code = async (query: string, variables: Record<string, unknown>, credential?: string) =>
    (await call(query, variables, credential)).errors?.[0]?.extensions?.code;

  const call = async (query: string, variables: Record<string, unknown>, credential?: string) =>
    (await graphql<any>(service.url, query, variables, credential)).body;
  async function submit(credential: string | undefined, input: Record<string, unknown>): Promise<string> {
    const body = await call(
      M.submit,
      {
        input: {
          ...newReport,
          title: 'Laporan uji kepemilikan',
          confidential: true,
          reporter: { name: 'Nama Pelapor' },
          ...input,
        },
      },
      credential,
    );
    if (body.errors) throw new Error(JSON.stringify(body.errors));
    return body.data.submitReport.report.trackingId;
  }
  /** Verified, dispositioned to the agency, followed up and resolved: the reporter's turn. */
  async function resolveAt(trackingId: string, agency: 'A' | 'B'): Promise<string> {
    const officer = agency === 'A' ? fixture.tokens.officerA : fixture.tokens.officerB;
    await service.ok(M.verify, { input: { trackingId, category: 'infrastruktur-jalan' } }, fixture.tokens.admin);
    await service.ok(
      M.disposition,
      { input: { trackingId, agencyId: agency === 'A' ? fixture.agencyA : fixture.agencyB } },
      fixture.tokens.admin,
    );
    await service.ok(M.post, { input: { trackingId, message: 'Sedang dikerjakan' } }, officer);
    return (await service.ok(M.resolve, { input: { trackingId, message: 'Selesai' } }, officer)).resolveReport.position;
  }
  async function issueKey(integratorId: string, mutations: string[], agencies: string[] | null): Promise<string> {
    return (
      await service.ok(
        `mutation($input: IssueApiKeyInput!) { issueApiKey(input: $input) { secret } }`,
        { input: { integratorId, name: integratorId, mutations, agencies } },
        fixture.tokens.admin,
      )
    ).issueApiKey.secret;
  }
  /** Runs each refused command and checks it wrote nothing. */
  async function refusedWithoutWriting(credential: string, trackingId: string, expected: string) {
    const before = await events();
    expect(await code(M.accept, { input: { trackingId, rating: 5 } }, credential)).toBe(expected);
    expect(await code(M.escalate, { input: { trackingId, reason: 'REPORTER_DISPUTE' } }, credential)).toBe(expected);
    expect(await code(M.dispute, { input: { trackingId, reason: 'Belum beres' } }, credential)).toBe(expected);
    expect(await events()).toBe(before);
  }

  it("V1: an API key's agencies bind its commands as they bind its reads", async () => {
    const key = await issueKey(
      'qlue-padang',
      ['submitReport', 'acceptResolution', 'escalateToOmbudsman', 'disputeResolution'],
      [fixture.agencyA],
    );
    const movedAway = await submit(key, { channel: 'MOBILE_APP' });
    await resolveAt(movedAway, 'B');
    expect(await code(READ, { t: movedAway }, key)).toBe('NOT_FOUND');
    await refusedWithoutWriting(key, movedAway, 'FORBIDDEN');

    const withA = await submit(key, { channel: 'MOBILE_APP' });
    await resolveAt(withA, 'A');
    expect((await call(READ, { t: withA }, key)).data.report).toEqual({
      trackingId: withA,
      reporter: { name: 'Nama Pelapor' },
    });
    expect(
      (await call(M.accept, { input: { trackingId: withA, rating: 4 } }, key)).data.acceptResolution.report.status,
    ).toBe('CLOSED');
  });

  it("V2: an INTEGRATOR whose sub equals a reporter's id owns none of that reporter's reports", async () => {
    const trackingId = await submit(fixture.tokens.reporter, {});
    const position = await resolveAt(trackingId, 'A');
    const impostor = await service.token({ sub: 'reporter-1', role: 'INTEGRATOR' });
    expect(await code(READ, { t: trackingId }, impostor)).toBe('NOT_FOUND');
    expect(
      await code(`query($t: String!) { reportTimeline(trackingId: $t) { eventType } }`, { t: trackingId }, impostor),
    ).toBe('NOT_FOUND');
    const listed = await service.ok(
      `query($p: String) { reports(first: 100, minPosition: $p) { edges { node { trackingId } } } }`,
      { p: position },
      impostor,
    );
    expect(listed.reports.edges.map((e: { node: { trackingId: string } }) => e.node.trackingId)).not.toContain(
      trackingId,
    );
    const live = subscribe(
      service.url,
      impostor,
      `subscription($t: String!) { reportUpdated(trackingId: $t) { trackingId } }`,
      { t: trackingId },
    );
    clients.push(live.client);
    await live.until(() => false, 1_000);
    expect(live.errors).toEqual([
      [expect.objectContaining({ extensions: expect.objectContaining({ code: 'NOT_FOUND' }) })],
    ]);
    await refusedWithoutWriting(impostor, trackingId, 'FORBIDDEN');
    expect((await service.ok(READ, { t: trackingId }, fixture.tokens.reporter)).report.reporter).toEqual({
      name: 'Nama Pelapor',
    });
  });

  it("V3: a key an admin issues under a reporter's id reads no identity; only the logged reveal does", async () => {
    const confidential = await submit(fixture.tokens.reporter, {});
    const open = await submit(fixture.tokens.reporter, { confidential: false });
    const key = await issueKey('reporter-1', ['submitReport'], null);
    expect(await code(READ, { t: confidential }, key)).toBe('NOT_FOUND');
    expect((await call(READ, { t: open }, key)).data.report).toEqual({ trackingId: open, reporter: null });
    const log = await service.ok(
      `{ reporterDataAccessLog(reporterId: "reporter:reporter-1") { type } }`,
      {},
      fixture.tokens.admin,
    );
    expect(log.reporterDataAccessLog).toEqual([]);
    const revealed = await service.ok(
      `mutation($t: String!) { revealReporterIdentity(input: { trackingId: $t, reason: "Klarifikasi identitas" }) { reporterId identity { name } } }`,
      { t: open },
      fixture.tokens.admin,
    );
    expect(revealed.revealReporterIdentity).toEqual({
      reporterId: 'reporter:reporter-1',
      identity: { name: 'Nama Pelapor' },
    });
    expect(
      (await service.ok(`{ reporterDataAccessLog(reporterId: "reporter-1") { type } }`, {}, fixture.tokens.reporter))
        .reporterDataAccessLog,
    ).toEqual([{ type: 'ReporterIdentityRevealed' }]);
  });

  it("V4: a REPORTER whose sub equals an integrator's reporterRef owns none of the integrator's reports", async () => {
    const integrator = await service.token({ sub: 'sms-gateway', role: 'INTEGRATOR' });
    const trackingId = await submit(integrator, {
      reporterRef: 'warga-9',
      channel: 'SMS',
      reporter: { name: 'Budi Lewat SMS' },
    });
    await resolveAt(trackingId, 'A');
    const impostor = await service.token({ sub: 'warga-9', role: 'REPORTER' });
    expect(await code(READ, { t: trackingId }, impostor)).toBe('NOT_FOUND');
    await refusedWithoutWriting(impostor, trackingId, 'FORBIDDEN');
    expect((await service.ok(READ, { t: trackingId }, integrator)).report.reporter).toEqual({ name: 'Budi Lewat SMS' });
  });

  it('reporterRef is taken from integrators only; from anyone else it is refused and nothing is written', async () => {
    const before = await events();
    for (const credential of [undefined, fixture.tokens.admin, fixture.tokens.reporter]) {
      const body = await call(
        M.submit,
        { input: { ...newReport, title: 'Atas nama orang lain', reporterRef: 'reporter-2' } },
        credential,
      );
      expect(body.errors?.[0]).toMatchObject({
        extensions: { code: 'BAD_USER_INPUT' },
        message: expect.stringMatching(/reporterRef is for integrators/),
      });
    }
    expect(await events()).toBe(before);
  });

  it('a submission refused when decided writes nothing, not even its tracking id', async () => {
    const before = await events();
    const attachments = [{ ...newReport.attachments[0]!, url: 'http://files.lapor.go.id/lubang.jpg' }];
    const body = await call(M.submit, { input: { ...newReport, attachments } }, fixture.tokens.reporter);
    expect(body.errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');
    expect(await events()).toBe(before);
  });

  it("a submission's tracking id and its report are one write: one transaction, its position the report's", async () => {
    const { submitReport } = await service.ok(M.submit, { input: newReport }, fixture.tokens.reporter);
    const rows: { stream_id: string; position: string; tx: string }[] = await service.app.get(DataSource).query(
      `SELECT stream_id, global_position::text AS position, transaction_id::text AS tx FROM events
        WHERE stream_id IN ($1, $2) ORDER BY global_position`,
      [`trackingId-${submitReport.report.trackingId}`, `report-${submitReport.report.id}`],
    );
    expect(rows.map((row) => row.stream_id)).toEqual([
      `trackingId-${submitReport.report.trackingId}`,
      `report-${submitReport.report.id}`,
    ]);
    expect(rows[0]!.tx).toBe(rows[1]!.tx);
    expect(submitReport.position).toBe(rows[1]!.position);
  });

  it('agencyInboxChanged tells the agency a report left: forwarded away, declined, escalated, closed', async () => {
    const { tokens, agencyA, agencyB } = fixture;
    const inbox = (token: string, agencyId: string) => {
      const s = subscribe(
        service.url,
        token,
        `subscription($a: String!) { agencyInboxChanged(agencyId: $a) { trackingId status agencyId } }`,
        { a: agencyId },
      );
      clients.push(s.client);
      return s;
    };
    const a = inbox(tokens.officerA, agencyA);
    const b = inbox(tokens.officerB, agencyB);
    await Promise.all([a.ready, b.ready]);
    await new Promise((resolve) => setTimeout(resolve, 300));
    const forwarded = await submit(tokens.reporter, {});
    await service.ok(M.verify, { input: { trackingId: forwarded, category: 'infrastruktur-jalan' } }, tokens.admin);
    await service.ok(M.disposition, { input: { trackingId: forwarded, agencyId: agencyA } }, tokens.admin);
    await service.ok(M.forward, { input: { trackingId: forwarded, agencyId: agencyB } }, tokens.officerA);
    const leftA = await a.until((got) => got.some((m) => m.data?.agencyInboxChanged?.agencyId === agencyB));
    expect(leftA).toContainEqual({
      data: { agencyInboxChanged: { trackingId: forwarded, status: 'DISPOSITIONED', agencyId: agencyB } },
    });
    await service.ok(M.decline, { input: { trackingId: forwarded, reason: 'Bukan wewenang kami' } }, tokens.officerB);
    const leftB = await b.until((got) => got.some((m) => m.data?.agencyInboxChanged?.agencyId === null));
    expect(leftB).toContainEqual({
      data: { agencyInboxChanged: { trackingId: forwarded, status: 'VERIFIED', agencyId: null } },
    });

    const escalated = await submit(tokens.reporter, {});
    await resolveAt(escalated, 'A');
    const heard = (status: string) => ({
      data: { agencyInboxChanged: { trackingId: escalated, status, agencyId: agencyA } },
    });
    const arrived = (status: string) => (got: any[]) =>
      got.some(
        (m) => m.data?.agencyInboxChanged?.trackingId === escalated && m.data.agencyInboxChanged.status === status,
      );
    await service.ok(M.escalate, { input: { trackingId: escalated, reason: 'REPORTER_DISPUTE' } }, tokens.reporter);
    expect(await a.until(arrived('ESCALATED'))).toContainEqual(heard('ESCALATED'));
    await service.ok(
      M.finding,
      { input: { trackingId: escalated, finding: 'Sudah ditangani', outcome: 'CLOSE' } },
      tokens.ombudsman,
    );
    expect(await a.until(arrived('CLOSED'))).toContainEqual(heard('CLOSED'));
  });

  it('statistics count confidential reports (counts, never content), topics and agency figures alike', async () => {
    const { tokens, agencyA } = fixture;
    const position = (
      await service.ok(
        M.submit,
        {
          input: {
            ...newReport,
            title: 'Rahasia untuk statistik',
            category: 'infrastruktur-jalan',
            confidential: true,
          },
        },
        tokens.reporter,
      )
    ).submitReport.position;
    const all = await service.ok(
      `query($p: String) { reports(first: 100, minPosition: $p) { edges { node { category confidential } } } }`,
      { p: position },
      tokens.admin,
    );
    const nodes: { category: string | null; confidential: boolean }[] = all.reports.edges.map(
      (e: { node: object }) => e.node,
    );
    expect(nodes.some((n) => n.confidential)).toBe(true);
    const topics = await service.ok(
      `query($p: String) { topicStatistics(from: "2000-01-01", to: "2100-01-01", top: 100, minPosition: $p) { category reports } }`,
      { p: position },
    );
    const byCategory = new Map<string | null, number>();
    for (const n of nodes) byCategory.set(n.category, (byCategory.get(n.category) ?? 0) + 1);
    expect(
      new Map(topics.topicStatistics.map((t: { category: string | null; reports: number }) => [t.category, t.reports])),
    ).toEqual(byCategory);
    const received = async (p: string) =>
      (
        await service.ok(
          `query($a: String!, $p: String) { agencyPerformance(agencyId: $a, from: "2000-01-01", to: "2100-01-01", minPosition: $p) { received } }`,
          { a: agencyA, p },
        )
      ).agencyPerformance.received as number;
    const before = await received(position);
    const { trackingId } = (
      await service.ok(
        M.submit,
        { input: { ...newReport, title: 'Rahasia untuk kinerja', confidential: true } },
        tokens.reporter,
      )
    ).submitReport.report;
    await service.ok(M.verify, { input: { trackingId, category: 'infrastruktur-jalan' } }, tokens.admin);
    const routed = (await service.ok(M.disposition, { input: { trackingId, agencyId: agencyA } }, tokens.admin))
      .dispositionReport.position;
    expect(await received(routed)).toBe(before + 1);
  });
});
