import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { DataSource } from 'typeorm';
import { SignJWT } from 'jose';
import { newReport, registryFixture } from './support/registry-fixture.js';
import { startTestService, type TestService } from './support/service.js';
import { prng } from './support/prng.js';

const PAYLOADS = [
  "'; DROP TABLE events; --",
  "' OR '1'='1",
  '1; SELECT pg_sleep(10)--',
  '<script>alert(document.cookie)</script>',
  '"><img src=x onerror=alert(1)>',
  '${7*7}{{7*7}}',
  '../../../../etc/passwd',
  '\u0000\u0001\u0002',
  '\uD800',
  'A'.repeat(100_000),
  '🙈'.repeat(5_000),
  '{"$ne": null}',
  'javascript:alert(1)',
  '__proto__',
  'constructor',
  '-1',
  '9'.repeat(400),
  '',
];

/** Codes a refused request may carry: each names what was wrong. */
const CLEAR_CODES = new Set([
  'GRAPHQL_PARSE_FAILED',
  'GRAPHQL_VALIDATION_FAILED',
  'BAD_USER_INPUT',
  'BAD_REQUEST',
  'UNAUTHENTICATED',
  'FORBIDDEN',
  'NOT_FOUND',
  'ILLEGAL_TRANSITION',
  'CONFLICT',
  'PAYLOAD_TOO_LARGE',
  'OPERATION_RESOLUTION_FAILURE',
  'PERSISTED_QUERY_NOT_FOUND',
  'READ_MODEL_BEHIND',
]);

describe('fuzzing the API with hostile and malformed requests', () => {
  let service: TestService;
  let dataSource: DataSource;
  let fixture: Awaited<ReturnType<typeof registryFixture>>;
  beforeAll(async () => {
    service = await startTestService({ REQUEST_BODY_LIMIT_BYTES: '262144' });
    dataSource = service.app.get(DataSource);
    fixture = await registryFixture(service);
  });
  afterAll(async () => service?.stop());

  it('answers 2,000+ of them with clear errors, never a 5xx, and writes nothing for a refused one', async () => {
    const seed = Number(process.env.FUZZ_SEED ?? Date.now() % 1_000_000);
    const random = prng(seed);
    const { tokens } = fixture;
    const secret = service.config.auth.jwtSecret!;
    const badTokens = [
      'Bearer',
      'Bearer ' + 'x'.repeat(5_000),
      'Basic YWRtaW46YWRtaW4=',
      `Bearer ${tokens.admin.slice(0, -3)}abc`,
      `Bearer ${Buffer.from('{"alg":"none"}').toString('base64url')}.${Buffer.from('{"sub":"x","role":"ADMIN"}').toString('base64url')}.`,
      `Bearer ${await new SignJWT({ role: 'ADMIN' })
        .setProtectedHeader({ alg: 'HS256' })
        .setSubject('old')
        .setExpirationTime(Math.floor(Date.now() / 1000) - 60)
        .sign(new TextEncoder().encode(secret))}`,
      `Bearer ${await new SignJWT({ role: 'SUPERUSER' }).setProtectedHeader({ alg: 'HS256' }).setSubject('x').sign(new TextEncoder().encode(secret))}`,
      `Bearer ${await new SignJWT({ role: 'ADMIN' }).setProtectedHeader({ alg: 'HS256' }).setSubject('x').sign(new TextEncoder().encode('a-different-secret-of-enough-length!!'))}`,
      `Bearer ${await new SignJWT({ role: 'LIAISON_OFFICER' }).setProtectedHeader({ alg: 'HS256' }).setSubject('x').sign(new TextEncoder().encode(secret))}`,
    ];
    const goodTokens = [undefined, tokens.reporter, tokens.officerA, tokens.admin, tokens.ombudsman];
    const value = (): unknown => {
      switch (random.int(9)) {
        case 0:
          return random.pick(PAYLOADS);
        case 1:
          return random.int(2) ? 2 ** 53 + random.int(100) : -random.next() * 1e308;
        case 2:
          return random.int(2) === 0;
        case 3:
          return null;
        case 4:
          return [random.pick(PAYLOADS), random.int(10)];
        case 5:
          return { nested: { deeper: random.pick(PAYLOADS) }, __proto__: { admin: true } };
        case 6:
          return random.pick([
            '2026-02-30',
            '13.76',
            'KPU7-3M9Q',
            '00000000-0000-0000-0000-000000000000',
            'NaN',
            'Infinity',
          ]);
        default:
          return random.pick(PAYLOADS).slice(0, 300);
      }
    };
    const deep = (depth: number) =>
      `{ reports { edges { node { ${'agency { name '.repeat(depth)}${'}'.repeat(depth)} } } } }`;
    const unknownField = () =>
      `{ ${random.pick(['report', 'reports', 'agency', 'nope', 'events', '__typename'])}(${random.pick(['trackingId', 'id', 'where', 'sql'])}: ${JSON.stringify(String(value()).slice(0, 200))}) { ${random.pick(['password', 'reporterId', 'nik', 'data', 'trackingId'])} } }`;
    const OPERATIONS = [
      [
        'mutation($input: SubmitReportInput!) { submitReport(input: $input) { report { trackingId } } }',
        () => ({
          input: {
            ...newReport,
            [random.pick([
              'title',
              'description',
              'kind',
              'channel',
              'category',
              'attachments',
              'location',
              'reporter',
              'reporterRef',
              'idempotencyKey',
              'anonymous',
            ])]: value(),
          },
        }),
      ],
      [
        'mutation($input: SubmitReportInput!) { submitReport(input: $input) { report { trackingId } } }',
        () => ({ input: value() }),
      ],
      [
        'mutation($input: VerifyReportInput!) { verifyReport(input: $input) { position } }',
        () => ({ input: { trackingId: value(), category: value() } }),
      ],
      [
        'mutation($input: RouteReportInput!) { dispositionReport(input: $input) { position } }',
        () => ({ input: { trackingId: value(), agencyId: value() } }),
      ],
      [
        'mutation($input: AcceptResolutionInput!) { acceptResolution(input: $input) { position } }',
        () => ({ input: { trackingId: value(), rating: value() } }),
      ],
      [
        'mutation($input: RegisterAgencyInput!) { registerAgency(input: $input) { id } }',
        () => ({ input: { name: value(), type: value(), regionCode: value() } }),
      ],
      ['mutation($r: String!) { eraseReporterData(reporterId: $r) { keyDestroyed } }', () => ({ r: value() })],
      [
        'mutation($input: RevealIdentityInput!) { revealReporterIdentity(input: $input) { reporterId } }',
        () => ({ input: { trackingId: value(), reason: value() } }),
      ],
      [
        'mutation($input: IssueApiKeyInput!) { issueApiKey(input: $input) { secret } }',
        () => ({ input: { integratorId: value(), name: value(), mutations: value() } }),
      ],
      ['query($t: String!) { report(trackingId: $t) { trackingId reporter { name } } }', () => ({ t: value() })],
      [
        'query($f: ReportFilter, $n: Int, $a: String) { reports(filter: $f, first: $n, after: $a) { edges { cursor } } }',
        () => ({ f: { status: value(), regionCode: value(), text: value() }, n: value(), a: value() }),
      ],
      [
        'query($a: String!, $n: Int) { agencyInbox(agencyId: $a, first: $n) { edges { cursor } } }',
        () => ({ a: value(), n: value() }),
      ],
      [
        'query($t: String!, $v: Int, $o: DateTime) { reportAt(trackingId: $t, version: $v, asOf: $o) { status } }',
        () => ({ t: value(), v: value(), o: value() }),
      ],
      [
        'query($t: String!, $m: String) { reportTimeline(trackingId: $t, minPosition: $m) { eventType } }',
        () => ({ t: value(), m: value() }),
      ],
      [
        'query($f: Date!, $t: Date!) { topicStatistics(from: $f, to: $t) { category } }',
        () => ({ f: value(), t: value() }),
      ],
    ] as const;

    type Request = { headers: Record<string, string>; body: string | Buffer };
    const json = (body: unknown, auth?: string): Request => ({
      headers: {
        'content-type': 'application/json',
        ...(auth
          ? { authorization: auth.startsWith('Bearer') || auth.startsWith('Basic') ? auth : `Bearer ${auth}` }
          : {}),
      },
      body: JSON.stringify(body),
    });
    const generators: (() => Request)[] = [
      () => {
        const [query, variables] = random.pick(OPERATIONS);
        return json({ query, variables: variables() }, random.pick(goodTokens));
      },
      () => {
        const [query, variables] = random.pick(OPERATIONS);
        return json({ query, variables: variables() }, random.pick(badTokens));
      },
      () => json({ query: deep(5 + random.int(60)) }, random.pick(goodTokens)),
      () => json({ query: unknownField() }, random.pick(goodTokens)),
      () =>
        json({
          query: `{ ${Array.from({ length: 50 + random.int(200) }, (_, i) => `a${i}: reports(first: 100) { edges { node { trackingId } } }`).join(' ')} }`,
        }),
      () => json({ query: random.pick(OPERATIONS)[0].slice(0, random.int(80)) }),
      () => json({ query: value(), variables: value() }),
      () => json([{ query: '{ version }' }, { query: '{ health { status } }' }]),
      () => json({ query: 'mutation { submitReport(input: {}) { report { trackingId } } }', operationName: value() }),
      () => ({
        headers: { 'content-type': 'application/json' },
        body: Buffer.from(Array.from({ length: 1 + random.int(300) }, () => random.int(256))),
      }),
      () => ({
        headers: { 'content-type': 'application/json' },
        body: `{"query": "{ version }", "variables": ${'['.repeat(5_000)}`,
      }),
      () => ({
        headers: {
          'content-type': random.pick([
            'text/plain',
            'application/x-www-form-urlencoded',
            'multipart/form-data; boundary=x',
            'application/xml',
          ]),
        },
        body: 'query={ version }',
      }),
      () => json({ query: '{ version }', variables: { x: 'z'.repeat(300_000) } }),
      () => ({
        headers: {
          'content-type': 'application/json',
          'x-api-key': random.pick([
            'aduan_',
            `aduan_${'0'.repeat(32)}_${'A'.repeat(43)}`,
            random.pick(PAYLOADS.filter((p) => /^[\x20-\x7e]+$/.test(p))).slice(0, 200),
          ]),
        },
        body: JSON.stringify({ query: '{ version }' }),
      }),
      () =>
        json(
          {
            query: 'query($t: String!) { report(trackingId: $t) { trackingId } }',
            variables: { t: random.pick(PAYLOADS).slice(0, 1_000) },
          },
          random.pick(goodTokens),
        ),
    ];

    const countEvents = async () => (await dataSource.query(`SELECT count(*)::int AS n FROM events`))[0].n as number;
    const problems: string[] = [];
    let refused = 0;
    const total = 2_100;
    for (let i = 0; i < total; i++) {
      const request = random.pick(generators)();
      const before = await countEvents();
      const response = await fetch(`${service.url}/graphql`, {
        method: 'POST',
        headers: request.headers,
        body: request.body,
      });
      const text = await response.text();
      const describe = `#${i} (seed ${seed}) ${String(request.body).slice(0, 160)} → ${response.status} ${text.slice(0, 200)}`;
      if (response.status >= 500) {
        problems.push(`5xx: ${describe}`);
        continue;
      }
      let body: { data?: unknown; errors?: { message?: string; extensions?: { code?: string } }[] } | undefined;
      try {
        body = JSON.parse(text);
      } catch {
        problems.push(`not JSON: ${describe}`);
        continue;
      }
      const errors = Array.isArray(body) ? body.flatMap((b: typeof body) => b?.errors ?? []) : (body?.errors ?? []);
      if (errors.length === 0) continue;
      refused += 1;
      for (const error of errors) {
        if (!error.message || !CLEAR_CODES.has(error.extensions?.code ?? ''))
          problems.push(`unclear error ${JSON.stringify(error).slice(0, 200)}: ${describe}`);
      }
      if (!body?.data || Object.values(body.data as object).every((v) => v === null)) {
        const after = await countEvents();
        if (after !== before) problems.push(`refused but wrote ${after - before} event(s): ${describe}`);
      }
    }
    expect(problems.slice(0, 20)).toEqual([]);
    expect(refused).toBeGreaterThan(total * 0.8);
    expect((await service.ok('{ health { status } }')).health.status).toBe('ok');
  });

  it('refuses text no event can hold (NUL, unpaired surrogates) before anything is written, in variables and in literals', async () => {
    const submit = 'mutation($input: SubmitReportInput!) { submitReport(input: $input) { report { trackingId } } }';
    const countEvents = async () => (await dataSource.query(`SELECT count(*)::int AS n FROM events`))[0].n as number;
    const cases = [
      {
        query: submit,
        variables: { input: { ...newReport, description: `${newReport.description}\u0000` } },
        where: 'variables.input.description',
      },
      {
        query: submit,
        variables: { input: { ...newReport, title: 'Jalan \uD800 rusak' } },
        where: 'variables.input.title',
      },
      {
        query: submit,
        variables: {
          input: { ...newReport, attachments: ['https://example.org/a.jpg', 'https://example.org/\uDC00.jpg'] },
        },
        where: 'variables.input.attachments[1]',
      },
      {
        query: `mutation { submitReport(input: { kind: COMPLAINT, title: "Jalan rusak\\u0000", description: "${newReport.description}" }) { report { trackingId } } }`,
        where: 'the string literal at line 1',
      },
    ];
    for (const { query, variables, where } of cases) {
      const before = await countEvents();
      const response = await fetch(`${service.url}/graphql`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', authorization: `Bearer ${fixture.tokens.reporter}` },
        body: JSON.stringify({ query, variables }),
      });
      const body = (await response.json()) as { errors: { message: string; extensions: { code: string } }[] };
      expect([response.status, body.errors[0]!.extensions.code, body.errors[0]!.message]).toEqual([
        400,
        'BAD_USER_INPUT',
        expect.stringContaining(`found in ${where}`),
      ]);
      expect(await countEvents()).toBe(before);
    }
    const paired = await service.ok(
      submit,
      { input: { ...newReport, title: 'Jalan rusak 🙈 berlubang' } },
      fixture.tokens.reporter,
    );
    expect(paired.submitReport.report.trackingId).toMatch(/^[0-9A-Z]{4}-[0-9A-Z]{4}$/);
  });

  it('answers what the fuzz of the read side found at its cause: deep variables, a bigint past the end, a forged cursor', async () => {
    const post = async (body: unknown) => {
      const response = await fetch(`${service.url}/graphql`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', authorization: `Bearer ${fixture.tokens.admin}` },
        body: typeof body === 'string' ? body : JSON.stringify(body),
      });
      const answer = (await response.json()) as { errors?: { message: string; extensions: { code: string } }[] };
      return {
        status: response.status,
        code: answer.errors?.[0]?.extensions.code,
        message: answer.errors?.[0]?.message,
      };
    };
    // 4,500 lists deep in a 9 KB body, written as text (JSON.stringify itself would overflow here).
    const nested = `${'['.repeat(4_500)}"dalam"${']'.repeat(4_500)}`;
    expect(await post(`{"query":"{ version }","variables":{"x":${nested}}}`)).toEqual({
      status: 400,
      code: 'BAD_USER_INPUT',
      message: expect.stringMatching(/^Variables nest more than 64 levels deep/),
    });
    const reports =
      'query($p: String, $a: String) { reports(first: 5, minPosition: $p, after: $a) { edges { cursor } } }';
    expect(await post({ query: reports, variables: { p: '9223372036854775808' } })).toMatchObject({
      status: 200,
      code: 'BAD_USER_INPUT',
      message: expect.stringMatching(/minPosition/),
    });
    const searched =
      'query($a: String) { reports(first: 5, after: $a, filter: { search: "jalan" }) { edges { cursor } } }';
    // Each passed the cursor's own checks and failed in PostgreSQL (a 500): a year 0, a report id of
    // hyphens, ranks a real cannot hold.
    for (const [query, key] of [
      [reports, ['+275760-09-13T00:00:00.000Z', randomUUID()]],
      [reports, ['0000-01-01T00:00:00.000Z', randomUUID()]],
      [reports, ['2026-01-01T00:00:00.000Z', '-'.repeat(36)]],
      [searched, ['1e50', '2026-01-01T00:00:00.000Z', randomUUID()]],
      [searched, ['1e-50', '2026-01-01T00:00:00.000Z', randomUUID()]],
    ] as const) {
      const forged = Buffer.from(JSON.stringify(key)).toString('base64url');
      expect({ key, answer: await post({ query, variables: { a: forged } }) }).toMatchObject({
        key,
        answer: { status: 200, code: 'BAD_USER_INPUT', message: 'after is not a cursor this query returned' },
      });
    }
    for (const from of [
      '2019-02-29',
      '2026-13-01',
      '0000-00-00',
      '1',
      'Tue Mar 05 2019 00:00:00 GMT+0700',
      '03/05/2019',
      'Tue Mar 05 2019',
      ' ',
    ]) {
      for (const query of [
        `query($f: Date!) { agencyPerformance(agencyId: "${fixture.agencyA}", from: $f, to: "2030-01-01") { received } }`,
        'query($f: Date!) { topicStatistics(from: $f, to: "2030-01-01") { reports } }',
      ]) {
        // Refused as the variable is read, before anything runs: the Date scalar names what it wants.
        expect(await post({ query, variables: { f: from } })).toMatchObject({
          status: 400,
          code: 'BAD_USER_INPUT',
          message: expect.stringMatching(/^Variable "\$f" got invalid value .*Date must be written like 2026-11-23/),
        });
      }
    }
    for (const submittedFrom of [' ', '2019-02-29', '+275760-09-13T00:00:00.000Z']) {
      expect(
        await post({
          query: 'query($f: ReportFilter) { reports(filter: $f) { edges { cursor } } }',
          variables: { f: { submittedFrom } },
        }),
      ).toMatchObject({ status: 400, code: 'BAD_USER_INPUT', message: expect.stringMatching(/DateTime must be/) });
    }
    const unknownAgency = `{ agencyPerformance(agencyId: "${randomUUID()}", from: "2026-01-01", to: "2027-01-01") { received } }`;
    expect(await post({ query: unknownAgency })).toMatchObject({ status: 200, code: 'NOT_FOUND' });
    const malformedAgency = await post({ query: '{ agency(id: "not-a-uuid") { name } }' });
    expect(malformedAgency).toMatchObject({ status: 200, code: 'NOT_FOUND' });
    expect(JSON.stringify(malformedAgency)).not.toMatch(/stream/i);
    expect(await post({ query: '{ holidays(year: -1) { date } }' })).toMatchObject({
      status: 200,
      code: 'BAD_USER_INPUT',
    });
    expect(await post({ query: 'subscription { agencyInboxChanged(agencyId: "x") { trackingId } }' })).toEqual({
      status: 400,
      code: 'BAD_REQUEST',
      message: expect.stringMatching(/^Subscriptions are served over WebSocket/),
    });
  });
});
