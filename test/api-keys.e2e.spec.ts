import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { DataSource } from 'typeorm';
import { M, newReport, registryFixture } from './support/registry-fixture.js';
import { startTestService, type TestService } from './support/service.js';

const ISSUE = `mutation($input: IssueApiKeyInput!) { issueApiKey(input: $input) { secret apiKey { keyId integratorId name mutations agencies issuedBy revokedAt lastUsedAt } } }`;
const KEYS = `query { apiKeys { keyId integratorId mutations agencies revokedAt lastUsedAt } }`;
const REVOKE = `mutation($k: String!) { revokeApiKey(keyId: $k, reason: "Kontrak berakhir") { keyId revokedAt } }`;

describe('integrator API keys: issued by admins, hashed, scoped, recorded in every event, revocable', () => {
  let service: TestService;
  let fixture: Awaited<ReturnType<typeof registryFixture>>;
  beforeAll(async () => {
    service = await startTestService();
    fixture = await registryFixture(service);
  });
  afterAll(async () => service?.stop());

  async function withKey(
    key: string,
    query: string,
    variables: object = {},
    extraHeaders: Record<string, string> = {},
  ) {
    const response = await fetch(`${service.url}/graphql`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'x-api-key': key, ...extraHeaders },
      body: JSON.stringify({ query, variables }),
    });
    return (await response.json()) as { data?: any; errors?: { message: string; extensions: { code: string } }[] };
  }

  it('a key acts as its integrator within its mutations and agencies; events record the key; the secret is never stored', async () => {
    const { tokens, agencyA, agencyB } = fixture;
    const issued = (
      await service.ok(
        ISSUE,
        {
          input: {
            integratorId: 'qlue-jakarta',
            name: 'Qlue produksi',
            mutations: ['submitReport'],
            agencies: [agencyA],
          },
        },
        tokens.admin,
      )
    ).issueApiKey;
    expect(issued.secret).toMatch(/^aduan_[0-9a-f]{32}_[A-Za-z0-9_-]{43}$/);
    expect(issued.apiKey).toMatchObject({
      integratorId: 'qlue-jakarta',
      mutations: ['submitReport'],
      agencies: [agencyA],
      issuedBy: 'admin-1',
      revokedAt: null,
      lastUsedAt: null,
    });
    const { keyId } = issued.apiKey;

    const submitted = await withKey(issued.secret, M.submit, {
      input: { ...newReport, channel: 'MOBILE_APP', title: 'Lewat aplikasi Qlue' },
    });
    expect(submitted.errors).toBeUndefined();
    const trackingId = submitted.data.submitReport.report.trackingId;
    const [event] = (
      await service.ok(
        `query($t: String!) { reportHistory(trackingId: $t) { metadata } }`,
        { t: trackingId },
        tokens.ombudsman,
      )
    ).reportHistory;
    expect(JSON.parse(event.metadata)).toMatchObject({
      actor: { id: 'qlue-jakarta', role: 'INTEGRATOR', apiKeyId: keyId },
      channel: 'INTEGRATION',
    });

    expect(
      (await withKey(issued.secret, M.accept, { input: { trackingId, rating: 5 } })).errors![0]!.extensions,
    ).toMatchObject({ code: 'FORBIDDEN', apiKeyId: keyId });
    expect(
      (await withKey(issued.secret, `query($t: String!) { report(trackingId: $t) { trackingId } }`, { t: trackingId }))
        .data.report,
    ).toEqual({ trackingId });

    // Routed to an agency the key is not limited to: out of the key's reach, in one report and in lists.
    await service.ok(
      M.verify,
      { input: { trackingId, category: 'infrastruktur-jalan', confidential: true } },
      tokens.admin,
    );
    await service.ok(M.disposition, { input: { trackingId, agencyId: agencyB } }, tokens.admin);
    expect(
      (await withKey(issued.secret, `query($t: String!) { report(trackingId: $t) { trackingId } }`, { t: trackingId }))
        .errors![0]!.extensions.code,
    ).toBe('NOT_FOUND');
    const listed = await withKey(
      issued.secret,
      `query { reports(first: 100) { edges { node { trackingId agencyId } } } }`,
    );
    expect(
      listed.data.reports.edges.filter(
        (e: { node: { agencyId: string | null } }) => e.node.agencyId && e.node.agencyId !== agencyA,
      ),
    ).toEqual([]);

    const keys = (await service.ok(KEYS, {}, tokens.admin)).apiKeys;
    expect(keys.find((k: { keyId: string }) => k.keyId === keyId).lastUsedAt).toEqual(expect.any(String));
    const rows = await service.app
      .get(DataSource)
      .query(`SELECT count(*)::int AS n FROM events WHERE data::text LIKE '%' || $1 || '%'`, [
        issued.secret.slice(-43),
      ]);
    expect(rows).toEqual([{ n: 0 }]);
  });

  it('refuses what is not a key, a revoked key, two credentials at once, and keys beyond what integrators may do', async () => {
    const { tokens } = fixture;
    const issued = (
      await service.ok(
        ISSUE,
        {
          input: { integratorId: 'sms-1708', name: 'SMS gateway', mutations: ['submitReport', 'provideClarification'] },
        },
        tokens.admin,
      )
    ).issueApiKey;
    expect((await withKey(issued.secret, `query { version }`)).data).toEqual({ version: expect.any(String) });
    expect(
      (await withKey(issued.secret, `query { version }`, {}, { authorization: `Bearer ${tokens.admin}` })).errors![0],
    ).toMatchObject({ extensions: { code: 'UNAUTHENTICATED' }, message: expect.stringMatching(/not both/) });
    expect((await withKey('aduan_x', `query { version }`)).errors![0]!.extensions.code).toBe('UNAUTHENTICATED');
    expect(
      (await withKey(issued.secret.slice(0, -1) + (issued.secret.endsWith('A') ? 'B' : 'A'), `query { version }`))
        .errors![0]!.extensions.code,
    ).toBe('UNAUTHENTICATED');

    expect(
      (
        await service.error(
          ISSUE,
          { input: { integratorId: 'nakal', name: 'x', mutations: ['verifyReport'] } },
          tokens.admin,
        )
      ).extensions,
    ).toMatchObject({ code: 'BAD_USER_INPUT' });
    for (const token of [tokens.reporter, tokens.officerA, tokens.ombudsman]) {
      expect(
        (await service.error(ISSUE, { input: { integratorId: 'nakal', name: 'x', mutations: [] } }, token)).extensions,
      ).toMatchObject({ code: 'FORBIDDEN' });
    }
    expect((await service.error(KEYS, {}, tokens.ombudsman)).extensions).toMatchObject({ code: 'FORBIDDEN' });

    expect((await service.ok(REVOKE, { k: issued.apiKey.keyId }, tokens.admin)).revokeApiKey.revokedAt).toEqual(
      expect.any(String),
    );
    expect((await withKey(issued.secret, `query { version }`)).errors![0]).toMatchObject({
      extensions: { code: 'UNAUTHENTICATED' },
      message: expect.stringMatching(/revoked/),
    });
    expect((await service.error(REVOKE, { k: issued.apiKey.keyId }, tokens.admin)).extensions).toMatchObject({
      code: 'CONFLICT',
    });
  });
});
