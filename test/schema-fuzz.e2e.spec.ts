import { randomUUID } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import {
  buildClientSchema,
  getIntrospectionQuery,
  getNamedType,
  getNullableType,
  isEnumType,
  isInputObjectType,
  isLeafType,
  isListType,
  isNonNullType,
  isObjectType,
  type GraphQLField,
  type GraphQLInputType,
  type GraphQLOutputType,
  type GraphQLSchema,
  type IntrospectionQuery,
} from 'graphql';
import { DataSource } from 'typeorm';
import { REPORT_RULES } from '../contexts/reports/report.rules.js';
import { ruleFor, type CallerRole } from '../src/auth/access-policy.js';
import { INTEGRATOR_MUTATIONS } from '../src/integrators/api-key-registry.js';
import { credentialHeaders, graphql } from './support/graphql.js';
import { RawGraphqlWs, type WsAnswer } from './support/raw-graphql-ws.js';
import { M, newReport, registryFixture } from './support/registry-fixture.js';
import { startTestService, type TestService } from './support/service.js';
import { prng } from './support/prng.js';

/**
 * Schema-driven fuzz: walks the live schema (introspection) and, for every argument of every query,
 * mutation and subscription, descending into input objects field by field and into list elements,
 * sends a valid baseline request with exactly one slot replaced by a hostile value, as several
 * identities, over HTTP POST and graphql-ws. Every answer must be a clear, documented refusal (or a
 * success): no INTERNAL_SERVER_ERROR, no 5xx (nor a graphql-ws close 4500), no stack trace, SQL or
 * JavaScript internals in a message, only codes docs/api.md documents, and no event written by a
 * refused mutation. FUZZ_SEED=<n> replays a run; FUZZ_REQUESTS=<n> sets how many slot requests.
 */

/** The codes docs/api.md documents, read from its "## Errors" section: a code used but not documented fails. */
function documentedCodes(): Set<string> {
  const doc = readFileSync(new URL('../docs/api.md', import.meta.url), 'utf8');
  const section = doc.split(/^## Errors\s*$/m)[1]?.split(/^#{1,2} /m)[0] ?? '';
  return new Set([...section.matchAll(/`([A-Z][A-Z0-9_]{2,})`/g)].map((match) => match[1]!));
}

/** Text that must never reach a caller: stack frames, SQL and driver text, JavaScript internals. */
const LEAKS: [string, RegExp][] = [
  ['stack frame', /\n\s+at\s|\bat\s+\S+\s+\(\S+:\d+:\d+\)|node_modules|\.[jt]s:\d+/],
  ['SQL', /syntax error at|violates|relation |column |duplicate key|invalid input syntax|QueryFailedError/i],
  [
    'JavaScript internals',
    /Maximum call stack size exceeded|Cannot read properties|TypeError|RangeError|ReferenceError|is not a function|undefined|\[object Object\]/,
  ],
];

/** A value written into the request as it is: JSON text (and the GraphQL literal text for documents). */
class Raw {
  constructor(
    readonly json: string,
    readonly literal: string = json,
  ) {}
}

function serialize(value: unknown): string {
  if (value instanceof Raw) return value.json;
  if (Array.isArray(value)) return `[${value.map(serialize).join(',')}]`;
  if (value !== null && typeof value === 'object')
    return `{${Object.entries(value)
      .map(([key, item]) => `${JSON.stringify(key)}:${serialize(item)}`)
      .join(',')}}`;
  return JSON.stringify(value) ?? 'null';
}

/** A GraphQL literal for `value` where `type` is expected (as far as the value's shape still follows it). */
function literal(value: unknown, type: GraphQLInputType | undefined): string {
  const nullable = type && (isNonNullType(type) ? type.ofType : type);
  if (value instanceof Raw) return value.literal;
  if (value === null || value === undefined) return 'null';
  if (Array.isArray(value))
    return `[${value.map((item) => literal(item, nullable && isListType(nullable) ? nullable.ofType : undefined)).join(', ')}]`;
  if (typeof value === 'object') {
    const fields = nullable && isInputObjectType(nullable) ? nullable.getFields() : {};
    return `{ ${Object.entries(value)
      .map(([key, item]) => `${key}: ${literal(item, fields[key]?.type)}`)
      .join(', ')} }`;
  }
  if (
    typeof value === 'string' &&
    nullable &&
    isEnumType(nullable) &&
    /^[_A-Za-z][_0-9A-Za-z]*$/.test(value) &&
    !['true', 'false', 'null'].includes(value)
  )
    return value;
  return typeof value === 'string' ? JSON.stringify(value) : String(value);
}

type Path = (string | number)[];
const pathText = (path: Path) =>
  path
    .map((part) => (typeof part === 'number' ? `[${part}]` : `.${part}`))
    .join('')
    .slice(1);

function setAt(root: Record<string, unknown>, path: Path, value: unknown) {
  let node: any = root;
  for (const part of path.slice(0, -1)) {
    if (node[part] === null || typeof node[part] !== 'object') node[part] = typeof part === 'number' ? [] : {};
    node = node[part];
  }
  node[path.at(-1)!] = value;
}

const b64 = (text: string) => Buffer.from(text).toString('base64url');
const deep = (depth: number, open: string, inner: string, close: string) =>
  `${open.repeat(depth)}${inner}${close.repeat(depth)}`;

interface Hostile {
  label: string;
  value: unknown;
}
const h = (label: string, value: unknown): Hostile => ({ label, value });

const HUGE = 'A'.repeat(100_000);
const STRINGS: Hostile[] = [
  h('string of 100,000 chars', HUGE),
  h('NUL alone', '\u0000'),
  h('NUL inside', 'Jalan\u0000rusak'),
  h('lone high surrogate', '\uD800'),
  h('lone low surrogate inside', 'x\uDFFFy'),
  h('SQL: drop table', "'; DROP TABLE events; --"),
  h("SQL: ' OR '1'='1", "' OR '1'='1"),
  h('SQL: pg_sleep', '1); SELECT pg_sleep(10)--'),
  h('SQL: dollar quote', '$$; COMMIT; --'),
  h('SQL: backslash quote', "\\'; --"),
  h('JS: template', '${7*7}{{7*7}}'),
  h('JS: __proto__', '__proto__'),
  h('JS: constructor', 'constructor'),
  h('JS: hasOwnProperty', 'hasOwnProperty'),
  h('JS: prototype pollution JSON', '{"__proto__":{"isAdmin":true}}'),
  h('NoSQL: $ne', '{"$ne": null}'),
  h('HTML: script', '<script>alert(document.cookie)</script>'),
  h('path traversal', '../../../../etc/passwd'),
  h('format string', '%s%s%s%n%d'),
  h('empty', ''),
  h('space', ' '),
  h('control characters', '\n\t\r\u0007\u001b[31m'),
  h('RTL override and BOM', '\u202Etxt.exe\uFEFF'),
  h('10,000 emoji', '🙈'.repeat(10_000)),
  h('1,001 chars', 'x'.repeat(1_001)),
  h('the word null', 'null'),
];
const DATES: Hostile[] = [
  h('date 2019-02-29', '2019-02-29'),
  h('date "1"', '1'),
  h('date " "', ' '),
  h('date Date.toString()', 'Tue Mar 05 2019 00:00:00 GMT+0700'),
  h('date +275760-09-13', '+275760-09-13T00:00:00.000Z'),
  h('date -271821-04-19', '-271821-04-19T00:00:00.000Z'),
  h('date month 13', '2026-13-01'),
  h('date hour 25', '2026-01-01T25:00:00Z'),
  h('date offset +99:99', '2026-01-01T00:00:00.000+99:99'),
  h('date year 0000', '0000-00-00'),
  h('date 03/05/2019', '03/05/2019'),
  h('date 7-digit year', '1000000-01-01'),
];
const IDS: Hostile[] = [
  h('uuid naming nothing', '3f1c2b7e-9a4d-4c1e-8b2f-5d6e7f8a9b0c'),
  h('nil uuid', '00000000-0000-0000-0000-000000000000'),
  h('max uuid', 'ffffffff-ffff-ffff-ffff-ffffffffffff'),
  h('uuid uppercase unknown', '3F1C2B7E-9A4D-4C1E-8B2F-5D6E7F8A9B0C'),
  h('uuid with SQL tail', "3f1c2b7e-9a4d-4c1e-8b2f-5d6e7f8a9b0c' OR '1'='1"),
  h('non-uuid id', 'not-a-uuid'),
  h('id "1"', '1'),
  h('tracking-shaped, bad check symbol', '7K3M-9QX3'),
  h('tracking-shaped, forbidden letters', 'ILOU-ILOU'),
  h('tracking id 100 symbols', 'Z'.repeat(100)),
  h('id with slash', '../agency/1'),
  h('id percent-encoded', '%00%27'),
];
const NUMBERS: Hostile[] = [
  h('0', 0),
  h('-1', -1),
  h('2^31', 2 ** 31),
  h('-2^31-1', -(2 ** 31) - 1),
  h('2^53+1', new Raw('9007199254740993')),
  h('1.5', 1.5),
  h('1e400', new Raw('1e400')),
  h('-0', new Raw('-0')),
  h('9223372036854775808 (number)', new Raw('9223372036854775808')),
];
const NUMERIC_STRINGS: Hostile[] = [
  h('"NaN"', 'NaN'),
  h('"Infinity"', 'Infinity'),
  h('"-1"', '-1'),
  h('"0"', '0'),
  h('"9223372036854775808"', '9223372036854775808'),
  h('"-9223372036854775809"', '-9223372036854775809'),
  h('"2147483648"', '2147483648'),
  h('"9007199254740993"', '9007199254740993'),
  h('"1e400"', '1e400'),
  h('"0x1F"', '0x1F'),
  h('"1.5"', '1.5'),
  h('" 1"', ' 1'),
];
const forgedCursors = (): Hostile[] => [
  h('cursor: [max date, uuid]', b64(JSON.stringify(['+275760-09-13T00:00:00.000Z', randomUUID()]))),
  h('cursor: [date, SQL]', b64(JSON.stringify(['2026-01-01T00:00:00.000Z', "'; DROP TABLE events; --"]))),
  h('cursor: [2019-02-29, non-uuid]', b64(JSON.stringify(['2019-02-29', 'not-a-uuid']))),
  h('cursor: []', b64('[]')),
  h('cursor: {}', b64('{}')),
  h('cursor: null', b64('null')),
  h('cursor: 1', b64('1')),
  h('cursor: "x"', b64('"x"')),
  h('cursor: [1e308, -1]', b64('[1e308,-1]')),
  h('cursor: [null, null]', b64('[null,null]')),
  h('cursor: 5 items', b64(JSON.stringify(['a', 'b', 'c', 'd', 'e']))),
  h('cursor: __proto__', b64('{"__proto__":{"isAdmin":true},"id":"x"}')),
  h('cursor: nested 3,000 deep', b64(deep(3_000, '[', '1', ']'))),
  h('cursor: [100k chars, uuid]', b64(JSON.stringify([HUGE, randomUUID()]))),
  h('cursor: [NUL, lone surrogate]', b64(JSON.stringify(['\u0000', '\uD800']))),
  h('cursor: base64 of non-JSON', b64('{"a":')),
  h('cursor: not base64', 'not base64!!'),
  h('cursor: [position 2^63]', b64(JSON.stringify(['9223372036854775808', randomUUID()]))),
];
const DEEP_VARIABLES: Hostile[] = [
  h('list nested 5,000 deep', new Raw(deep(5_000, '[', '"x"', ']'), deep(5_000, '[', '"x"', ']'))),
  h('object nested 5,000 deep', new Raw(deep(5_000, '{"a":', '1', '}'), deep(5_000, '{a: ', '1', '}'))),
];

/** Values of another type than the slot's, by what the slot takes. */
const WRONG_TYPES = {
  string: [
    h('wrong type: true', true),
    h('wrong type: 12345', 12_345),
    h('wrong type: object', { a: "' OR 1=1" }),
    h('wrong type: list', ['a', 'b']),
  ],
  number: [
    h('wrong type: "12"', '12'),
    h('wrong type: true', true),
    h('wrong type: object', {}),
    h('wrong type: list', [1, 2]),
  ],
  boolean: [h('wrong type: "true"', 'true'), h('wrong type: 1', 1), h('wrong type: 0', 0), h('wrong type: object', {})],
  enum: [
    h('wrong type: 0', 0),
    h('wrong type: true', true),
    h('wrong type: object', {}),
    h('wrong type: list of enum', ['X']),
  ],
  object: [
    h('wrong type: string', 'text'),
    h('wrong type: 42', 42),
    h('wrong type: true', true),
    h('wrong type: []', []),
  ],
  list: [h('wrong type: object for list', {}), h('wrong type: 42 for list', 42), h('wrong type: true for list', true)],
} satisfies Record<string, Hostile[]>;

type Family = 'string' | 'date' | 'id' | 'number' | 'numericString' | 'cursor' | 'enum' | 'boolean' | 'object' | 'list';

/** What a slot takes, from its type and its name: which hostile families are aimed at it. */
function familiesOf(type: GraphQLInputType, name: string): Family[] {
  const nullable = getNullableType(type);
  if (isListType(nullable)) return ['list'];
  if (isInputObjectType(nullable)) return ['object'];
  if (isEnumType(nullable)) return ['enum'];
  const scalar = getNamedType(type).name;
  if (scalar === 'Int' || scalar === 'Float') return ['number', 'numericString'];
  if (scalar === 'Boolean') return ['boolean'];
  const families: Family[] = ['string'];
  if (/^(from|to|asOf|date|submittedFrom|submittedTo)$|At$/i.test(name)) families.push('date');
  if (/id$|code$|^duplicateOf$/i.test(name)) families.push('id');
  if (/after|before|cursor/i.test(name)) families.push('cursor');
  if (/position|version|year|^first$|^top$/i.test(name)) families.push('numericString');
  return families;
}

interface Identity {
  label: string;
  role: CallerRole;
  credential?: string;
}

interface Operation {
  kind: 'query' | 'mutation' | 'subscription';
  field: GraphQLField<unknown, unknown>;
  name: string;
  selection: string;
  permitted: Identity[];
}

interface Slot {
  path: Path;
  type: GraphQLInputType;
  name: string;
}

interface Case {
  index: number;
  op: Operation;
  slot: string;
  value: string;
  identity: Identity;
  transport: 'http' | 'ws';
  mode: 'variables' | 'literal' | 'document';
  /** The request body (`{ query, variables }` as JSON text), made when it is sent. */
  make: () => string;
}

interface Answer {
  status?: number;
  data?: Record<string, unknown> | null;
  errors: { message?: string; extensions?: Record<string, unknown> }[];
  closed?: { code: number; reason: string };
  silent?: boolean;
  unanswered?: string;
  text: string;
}

/** A selection of the whole leaf surface of `type`, `depth` object levels down. */
function selectionOf(type: GraphQLOutputType, depth: number): string {
  const named = getNamedType(type);
  if (isLeafType(named)) return '';
  if (!isObjectType(named) || depth === 0) return '{ __typename }';
  const parts = Object.values(named.getFields())
    .filter((field) => field.args.every((arg) => !isNonNullType(arg.type) || arg.defaultValue !== undefined))
    .map((field) =>
      isLeafType(getNamedType(field.type)) ? field.name : `${field.name} ${selectionOf(field.type, depth - 1)}`,
    );
  return `{ ${parts.join(' ')} }`;
}

/** Every slot of an argument: itself, each input field (recursively) and the first element of each list. */
function slotsOf(type: GraphQLInputType, path: Path, name: string, depth = 0): Slot[] {
  const slots: Slot[] = [{ path, type, name }];
  if (depth > 6) return slots;
  const nullable = getNullableType(type);
  if (isListType(nullable)) slots.push(...slotsOf(nullable.ofType, [...path, 0], name, depth + 1));
  if (isInputObjectType(nullable))
    for (const field of Object.values(nullable.getFields()))
      slots.push(...slotsOf(field.type, [...path, field.name], field.name, depth + 1));
  return slots;
}

describe('schema-driven fuzz: every argument slot of every operation, hostile values, many identities, both transports', () => {
  let service: TestService;
  let dataSource: DataSource;
  let fixture: Awaited<ReturnType<typeof registryFixture>>;
  let identities: Identity[];
  let agencyC: string;
  let spareKeyId: string;
  const reportIn: Record<string, string> = {};

  beforeAll(async () => {
    service = await startTestService();
    dataSource = service.app.get(DataSource);
    fixture = await registryFixture(service);
    const { tokens } = fixture;
    const admin = tokens.admin;
    // A third agency, so connect/disconnect probes leave A (which the reports are with) connected.
    agencyC = (
      await service.ok(
        `mutation($input: RegisterAgencyInput!) { registerAgency(input: $input) { id } }`,
        { input: { name: 'Kabupaten Uji Fuzz', type: 'REGENCY', regionCode: '13.07' } },
        admin,
      )
    ).registerAgency.id;
    const issue = async (integratorId: string, name: string, agencies: string[] | null) =>
      (
        await service.ok(
          `mutation($input: IssueApiKeyInput!) { issueApiKey(input: $input) { secret apiKey { keyId } } }`,
          { input: { integratorId, name, mutations: INTEGRATOR_MUTATIONS, agencies } },
          admin,
        )
      ).issueApiKey as { secret: string; apiKey: { keyId: string } };
    const scopedKey = await issue('qlue', 'Qlue, agency A only', [fixture.agencyA]);
    const wideKey = await issue('qlue', 'Qlue, all agencies', null);
    spareKeyId = (await issue('spare', 'A key the fuzz may revoke', null)).apiKey.keyId;
    identities = [
      { label: 'no token', role: 'PUBLIC' },
      { label: 'REPORTER reporter-1', role: 'REPORTER', credential: tokens.reporter },
      {
        label: 'INTEGRATOR token',
        role: 'INTEGRATOR',
        credential: await service.token({ sub: 'sms-gateway', role: 'INTEGRATOR' }),
      },
      { label: 'API key limited to agency A', role: 'INTEGRATOR', credential: scopedKey.secret },
      { label: 'API key, all agencies', role: 'INTEGRATOR', credential: wideKey.secret },
      { label: 'AGENCY_ADMIN of A', role: 'AGENCY_ADMIN', credential: tokens.adminA },
      { label: 'LIAISON_OFFICER of A', role: 'LIAISON_OFFICER', credential: tokens.officerA },
      { label: 'ADMIN', role: 'ADMIN', credential: admin },
      { label: 'OMBUDSMAN', role: 'OMBUDSMAN', credential: tokens.ombudsman },
    ];

    // A report of reporter-1 in every status a command starts from, with agency A once routed.
    const submit = async (title: string) =>
      (
        await service.ok(
          M.submit,
          { input: { ...newReport, title, reporter: { name: 'Pelapor Fuzz', phone: '+6281234567890' } } },
          tokens.reporter,
        )
      ).submitReport.report.trackingId as string;
    const step = (query: string, input: Record<string, unknown>, token: string) => service.ok(query, { input }, token);
    for (const status of [
      'SUBMITTED',
      'AWAITING_CLARIFICATION',
      'VERIFIED',
      'DISPOSITIONED',
      'IN_PROGRESS',
      'RESOLVED',
      'ESCALATED',
    ]) {
      const trackingId = await submit(`Laporan uji fuzz ${status}`);
      reportIn[status] = trackingId;
      if (status === 'SUBMITTED') continue;
      if (status === 'AWAITING_CLARIFICATION') {
        await step(M.requestClarification, { trackingId, question: 'Di mana tepatnya?' }, admin);
        continue;
      }
      await step(M.verify, { trackingId, category: 'infrastruktur-jalan' }, admin);
      if (status === 'VERIFIED') continue;
      await step(M.disposition, { trackingId, agencyId: fixture.agencyA, unitId: fixture.unitA }, admin);
      if (status === 'DISPOSITIONED') continue;
      await step(M.start, { trackingId }, tokens.officerA);
      if (status === 'IN_PROGRESS') continue;
      if (status === 'ESCALATED') {
        await step(M.escalate, { trackingId, reason: 'MALADMINISTRATION' }, admin);
        continue;
      }
      await step(M.resolve, { trackingId, message: 'Sudah ditambal' }, tokens.officerA);
    }
  }, 120_000);
  afterAll(async () => service?.stop());

  it('answers every hostile slot with a documented, clean refusal, never a fault, and writes nothing when it refuses', async () => {
    const started = Date.now();
    const seed = Number(process.env.FUZZ_SEED ?? Date.now() % 1_000_000_000);
    console.log(`schema fuzz seed: ${seed} (FUZZ_SEED=${seed} replays this run)`);
    const random = prng(seed);
    const DOCUMENTED = documentedCodes();
    expect([...DOCUMENTED]).toEqual(expect.arrayContaining(['BAD_USER_INPUT', 'GRAPHQL_PARSE_FAILED', 'NOT_FOUND']));
    const target = Number(process.env.FUZZ_REQUESTS ?? (process.env.DATABASE_URL ? 6_000 : 5_000));
    const { tokens } = fixture;

    // The live schema, as a client sees it.
    const introspection = await graphql<IntrospectionQuery>(
      service.url,
      getIntrospectionQuery(),
      undefined,
      tokens.admin,
    );
    expect(introspection.body.errors).toBeUndefined();
    const schema: GraphQLSchema = buildClientSchema(introspection.body.data!);

    const operations: Operation[] = [];
    for (const [kind, root] of [
      ['query', schema.getQueryType()],
      ['mutation', schema.getMutationType()],
      ['subscription', schema.getSubscriptionType()],
    ] as const) {
      for (const field of Object.values(root?.getFields() ?? {})) {
        const rule = ruleFor(`${kind[0]!.toUpperCase()}${kind.slice(1)}.${field.name}`) ?? {};
        operations.push({
          kind,
          field,
          name: field.name,
          selection: selectionOf(field.type, 3),
          permitted: identities.filter((identity) => identity.role in rule),
        });
      }
    }

    // Valid values for every argument, from the schema's types, the names and the fixture.
    const commandStatus = (op: Operation) =>
      op.kind === 'mutation'
        ? (REPORT_RULES as Record<string, { from: readonly string[] }>)[
            `${op.name[0]!.toUpperCase()}${op.name.slice(1)}`
          ]?.from[0]
        : undefined;
    const hint = (op: Operation, name: string): { value: unknown } | undefined => {
      const trackingId = reportIn[commandStatus(op) ?? 'IN_PROGRESS'] ?? reportIn.IN_PROGRESS;
      const agencyOp = ['connectAgency', 'disconnectAgency'].includes(op.name);
      const values: Record<string, unknown> = {
        trackingId,
        duplicateOf: reportIn.SUBMITTED,
        agencyId: agencyOp ? agencyC : fixture.agencyA,
        parentId: fixture.agencyA,
        unitId: fixture.unitA,
        category: 'infrastruktur-jalan',
        code: 'infrastruktur-jalan',
        parentCode: 'infrastruktur',
        keyId: spareKeyId,
        reporterId: 'reporter:reporter-1',
        integratorId: 'fuzz-integrator',
        regionCode: '13.76',
        date: '2031-08-17',
        from: '2026-01-01',
        to: '2027-01-01',
        submittedFrom: '2026-01-01',
        submittedTo: '2030-01-01',
        asOf: new Date().toISOString(),
        year: 2026,
        first: 5,
        top: 5,
        version: 1,
        rating: 4,
        size: 182_331,
        sha256: 'b'.repeat(64),
        url: 'https://files.lapor.go.id/lubang.jpg',
        mediaType: 'image/jpeg',
        minPosition: '1',
        mutations: ['submitReport'],
        agencies: [fixture.agencyA],
        status: ['IN_PROGRESS'],
        title: newReport.title,
        description: newReport.description,
        nik: '1376010101900001',
        email: 'warga@example.org',
        phone: '+6281234567890',
        lat: -0.2245,
        lon: 100.6318,
        kind: 'COMPLAINT',
        channel: 'WEB',
        reason: op.name === 'escalateToOmbudsman' ? 'MALADMINISTRATION' : 'Alasan uji fuzz yang jelas',
        outcome: 'CLOSE',
        search: 'jalan',
      };
      if (op.name === 'agency') values.id = fixture.agencyA;
      // reportAt takes exactly one of asOf and version.
      if (op.name === 'reportAt') delete values.asOf;
      return name in values ? { value: values[name] } : undefined;
    };
    const baseline = (op: Operation, type: GraphQLInputType, name: string): unknown => {
      const nullable = getNullableType(type);
      const hinted = hint(op, name);
      if (isListType(nullable)) return hinted?.value ?? [baseline(op, nullable.ofType, name)];
      if (isInputObjectType(nullable)) {
        const value: Record<string, unknown> = {};
        for (const field of Object.values(nullable.getFields())) {
          const fieldNullable = getNullableType(field.type);
          const include =
            (isNonNullType(field.type) && field.defaultValue === undefined) ||
            isInputObjectType(fieldNullable) ||
            isListType(fieldNullable) ||
            hint(op, field.name) !== undefined;
          if (include) value[field.name] = baseline(op, field.type, field.name);
        }
        return value;
      }
      if (isEnumType(nullable)) {
        const names = nullable.getValues().map((v) => v.name);
        return names.includes(hinted?.value as string) ? hinted!.value : names[0];
      }
      if (hinted !== undefined) return hinted.value;
      const scalar = getNamedType(type).name;
      if (scalar === 'Int') return 1;
      if (scalar === 'Float') return 1.5;
      if (scalar === 'Boolean') return false;
      return 'Teks uji fuzz yang wajar';
    };
    const baselineOf = new Map<Operation, Record<string, unknown>>();
    for (const op of operations) {
      const variables: Record<string, unknown> = {};
      for (const arg of op.field.args) {
        const include =
          (isNonNullType(arg.type) && arg.defaultValue === undefined) ||
          hint(op, arg.name) !== undefined ||
          isInputObjectType(getNullableType(arg.type));
        if (include && !(op.name === 'rebuildProjection' && arg.name === 'name'))
          variables[arg.name] = baseline(op, arg.type, arg.name);
      }
      baselineOf.set(op, variables);
    }
    const documentOf = (op: Operation, inline?: { arg: string; text: string }) => {
      const args = op.field.args.filter((arg) => arg.name !== inline?.arg);
      const definitions = args.map((arg) => `$${arg.name}: ${String(arg.type)}`).join(', ');
      const passed = [
        ...args.map((arg) => `${arg.name}: $${arg.name}`),
        ...(inline ? [`${inline.arg}: ${inline.text}`] : []),
      ].join(', ');
      return `${op.kind} Fuzz${definitions ? `(${definitions})` : ''} { ${op.name}${passed ? `(${passed})` : ''} ${op.selection} }`;
    };

    // Real cursors for the connections' `after`, from a first page of each.
    const baselineQueriesFailing: string[] = [];
    const queries = operations.filter((op) => op.kind === 'query');
    for (const op of queries) {
      const variables = baselineOf.get(op)!;
      const answer = await graphql<Record<string, any>>(service.url, documentOf(op), variables, tokens.admin);
      if (answer.body.errors)
        baselineQueriesFailing.push(`${op.name}: ${answer.body.errors[0]?.message?.slice(0, 100)}`);
      const cursor = answer.body.data?.[op.name]?.pageInfo?.endCursor;
      if (op.field.args.some((arg) => arg.name === 'after') && typeof cursor === 'string') variables.after = cursor;
    }

    // The cases: every slot of every argument, each with the hostile values aimed at its type and name.
    const cases: Omit<Case, 'index'>[] = [];
    const hostileFor = (op: Operation, slot: Slot): { core: Hostile[]; extra: Hostile[] } => {
      const families = familiesOf(slot.type, slot.name);
      const nullable = getNullableType(slot.type);
      const core: Hostile[] = [...WRONG_TYPES[families[0] as keyof typeof WRONG_TYPES], ...DEEP_VARIABLES];
      const extra: Hostile[] = [];
      if (isNonNullType(slot.type)) core.push(h('null where non-null', null));
      for (const family of families) {
        switch (family) {
          case 'string':
            core.push(...STRINGS.slice(0, 12));
            extra.push(...STRINGS.slice(12), ...DATES.slice(0, 3), ...IDS.slice(0, 3), ...NUMERIC_STRINGS.slice(0, 3));
            extra.push(...forgedCursors().slice(0, 2));
            break;
          case 'date':
            core.push(...DATES);
            break;
          case 'id':
            core.push(...IDS);
            break;
          case 'cursor':
            core.push(...forgedCursors());
            break;
          case 'number':
            core.push(...NUMBERS);
            break;
          case 'numericString':
            core.push(...NUMERIC_STRINGS);
            break;
          case 'boolean':
            break;
          case 'enum': {
            const first = isEnumType(nullable) ? nullable.getValues()[0]!.name : 'X';
            core.push(
              h('unknown enum value', 'NOT_A_VALUE'),
              h('enum value lower-cased', first.toLowerCase()),
              h('enum value with a space', `${first} `),
              h('enum: empty', ''),
              h('enum: __proto__', '__proto__'),
              h('enum: SQL', "COMPLAINT'; DROP TABLE events; --"),
            );
            break;
          }
          case 'object': {
            const base = baseline(op, slot.type, slot.name) as Record<string, unknown>;
            core.push(
              h('{} (every field missing)', {}),
              h('unknown extra field', { ...base, unknownField: 1 }),
              // A base with no field (an input of optional fields only) takes the key without a comma after it.
              h(
                '__proto__ key',
                new Raw(
                  serialize(base).replace(/^\{/, `{"__proto__":{"isAdmin":true}${Object.keys(base).length ? ',' : ''}`),
                ),
              ),
              h('constructor key', { ...base, constructor: { prototype: { isAdmin: true } } }),
              h('list of the object', [base]),
            );
            break;
          }
          case 'list': {
            const element = isListType(nullable) ? baseline(op, nullable.ofType, slot.name) : 'x';
            core.push(
              h('empty list', []),
              h('[null]', [null]),
              h(
                '1,000 elements',
                Array.from({ length: 1_000 }, () => element),
              ),
              h('list of lists', [[element]]),
              h('single value for a list', element),
            );
            break;
          }
        }
      }
      return { core, extra };
    };
    const identityFor = (op: Operation, k: number, offset: number) =>
      k % 2 === 0 && op.permitted.length > 0
        ? op.permitted[(offset + k / 2) % op.permitted.length]!
        : identities[(offset + k) % identities.length]!;
    const transportFor = (op: Operation): Case['transport'] =>
      op.kind === 'subscription' ? (random.next() < 0.85 ? 'ws' : 'http') : random.next() < 0.25 ? 'ws' : 'http';

    const allSlots = operations.flatMap((op) =>
      op.field.args.flatMap((arg) => slotsOf(arg.type, [arg.name], arg.name).map((slot) => ({ op, slot }))),
    );
    const perSlot = allSlots.map(({ op, slot }) => ({ op, slot, ...hostileFor(op, slot) }));
    const coreTotal = perSlot.reduce((sum, s) => sum + s.core.length, 0);
    // Every core value once when the budget allows; the rest of the budget to extra values and repeats under other identities.
    const coreShare = Math.min(1, target / coreTotal);
    for (const { op, slot, core } of perSlot) {
      const offset = random.int(identities.length);
      const chosen =
        coreShare < 1 ? random.shuffle(core).slice(0, Math.max(3, Math.round(core.length * coreShare))) : core;
      chosen.forEach((hostile, k) => {
        const identity = identityFor(op, k, offset);
        const mode: Case['mode'] = random.next() < 0.15 ? 'literal' : 'variables';
        cases.push({
          op,
          slot: pathText(slot.path),
          value: hostile.label,
          identity,
          transport: transportFor(op),
          mode,
          make: () => payloadFor(op, slot, hostile.value, mode),
        });
      });
    }
    const extras = perSlot.flatMap(({ op, slot, core, extra }) =>
      [...core, ...extra].map((hostile) => ({ op, slot, hostile })),
    );
    while (cases.length < target && extras.length > 0) {
      const { op, slot, hostile } = random.pick(extras);
      const mode: Case['mode'] = random.next() < 0.15 ? 'literal' : 'variables';
      cases.push({
        op,
        slot: pathText(slot.path),
        value: hostile.label,
        identity: random.next() < 0.5 && op.permitted.length ? random.pick(op.permitted) : random.pick(identities),
        transport: transportFor(op),
        mode,
        make: () => payloadFor(op, slot, hostile.value, mode),
      });
    }
    function payloadFor(op: Operation, slot: Slot, value: unknown, mode: Case['mode']) {
      const variables = structuredClone(baselineOf.get(op)!);
      setAt(variables, slot.path, value);
      const arg = String(slot.path[0]);
      if (mode === 'literal') {
        const argType = op.field.args.find((a) => a.name === arg)!.type;
        const text = literal(variables[arg], argType);
        delete variables[arg];
        return `{"query":${JSON.stringify(documentOf(op, { arg, text }))},"variables":${serialize(variables)}}`;
      }
      return `{"query":${JSON.stringify(documentOf(op))},"variables":${serialize(variables)}}`;
    }

    // Documents nested absurdly deep: selection sets, list values and object values, 10,000 levels.
    const documentCases: { op: Operation; value: string; query: string }[] = [];
    for (const op of operations) {
      const selection = `${op.kind} { ${op.name} ${deep(10_000, '{ a ', 'b', ' }')} }`;
      documentCases.push({ op, value: 'selection set nested 10,000 deep', query: selection });
      const arg = op.field.args[0];
      if (!arg) continue;
      documentCases.push({
        op,
        value: 'list value nested 10,000 deep',
        query: `${op.kind} { ${op.name}(${arg.name}: ${deep(10_000, '[', '"x"', ']')}) ${op.selection} }`,
      });
      documentCases.push({
        op,
        value: 'object value nested 10,000 deep',
        query: `${op.kind} { ${op.name}(${arg.name}: ${deep(10_000, '{ a: ', '1', ' }')}) ${op.selection} }`,
      });
    }
    for (const [k, { op, value, query }] of documentCases.entries()) {
      for (const transport of ['http', 'ws'] as const) {
        cases.push({
          op,
          slot: '(document)',
          value,
          identity: identityFor(op, k, k),
          transport,
          mode: 'document',
          make: () => `{"query":${JSON.stringify(query)},"variables":{}}`,
        });
      }
    }

    // Running them: HTTP with a correlation id per request (its events are found by it); graphql-ws on
    // a socket of its own per request (a close then names its cause), mutations over ws one at a time
    // with the events counted around each, since a socket's operations carry no correlation id we set.
    const counts = {
      internal: 0,
      status5xx: 0,
      leaks: 0,
      undocumentedCodes: 0,
      unanswered: 0,
      eventsWrittenByRefused: 0,
    };
    const problems: { kind: keyof typeof counts; c: Case; detail: string; answer: string }[] = [];
    const refusedHttpMutations = new Map<string, Case>();
    const acceptedHttpMutations: string[] = [];
    let refused = 0;
    let accepted = 0;
    const countEvents = async () => (await dataSource.query(`SELECT count(*)::int AS n FROM events`))[0].n as number;
    /** What the newest `n` events are, to say what a refused request wrote. */
    const newest = async (n: number) =>
      (
        (await dataSource.query(
          `SELECT stream_id || ' ' || type AS e FROM events ORDER BY global_position DESC LIMIT $1`,
          [Math.min(n, 10)],
        )) as { e: string }[]
      )
        .map(({ e }) => e)
        .reverse()
        .join(', ');
    const summary = (c: Case) =>
      `#${c.index} ${c.transport} ${c.op.kind} ${c.op.name} slot ${c.slot} = ${c.value} (${c.mode}) as ${c.identity.label}`;
    const problem = (kind: keyof typeof counts, c: Case, detail: string, answer: Answer) => {
      counts[kind] += 1;
      problems.push({ kind, c, detail, answer: answer.text.slice(0, 400) });
    };

    const httpAnswer = async (c: Case): Promise<Answer> => {
      try {
        const response = await fetch(`${service.url}/graphql`, {
          method: 'POST',
          headers: {
            'content-type': 'application/json',
            'x-correlation-id': `fuzz-${seed}-${c.index}`,
            ...credentialHeaders(c.identity.credential),
          },
          body: c.make(),
        });
        const text = await response.text();
        try {
          const body = JSON.parse(text) as Pick<Answer, 'data' | 'errors'>;
          return { status: response.status, data: body.data, errors: body.errors ?? [], text };
        } catch {
          return { status: response.status, errors: [], unanswered: 'the body is not JSON', text };
        }
      } catch (error) {
        return { errors: [], unanswered: `no answer: ${(error as Error).message}`, text: String(error) };
      }
    };
    const wsAnswer = async (c: Case): Promise<Answer> => {
      let socket: RawGraphqlWs;
      try {
        socket = await RawGraphqlWs.open(`${service.url}/graphql`, credentialHeaders(c.identity.credential));
      } catch (error) {
        return { errors: [], unanswered: (error as Error).message, text: String(error) };
      }
      try {
        const answer: WsAnswer = await socket.send(
          c.make(),
          c.op.kind === 'subscription' ? { silenceMs: 300 } : { timeoutMs: 30_000 },
        );
        const errors: Answer['errors'] = [];
        let data: Answer['data'];
        for (const message of answer.messages) {
          if (message.type === 'error') errors.push(...(message.payload as Answer['errors']));
          if (message.type === 'next') {
            const payload = message.payload as { data?: Answer['data']; errors?: Answer['errors'] };
            data ??= payload.data;
            errors.push(...(payload.errors ?? []));
          }
        }
        const text = JSON.stringify({ messages: answer.messages, closed: answer.closed });
        return {
          data,
          errors,
          closed: answer.closed,
          silent: answer.silent,
          unanswered: answer.timedOut ? 'no answer within 30 s' : undefined,
          text,
        };
      } finally {
        await socket.close();
      }
    };
    const examine = (c: Case, answer: Answer): boolean => {
      if (answer.unanswered) problem('unanswered', c, answer.unanswered, answer);
      if ((answer.status ?? 0) >= 500) problem('status5xx', c, `HTTP ${answer.status}`, answer);
      if (answer.closed) {
        if (answer.closed.code === 4500 || answer.closed.code === 1011)
          problem('status5xx', c, `graphql-ws closed ${answer.closed.code}: ${answer.closed.reason}`, answer);
        else problem('unanswered', c, `graphql-ws closed ${answer.closed.code}: ${answer.closed.reason}`, answer);
        for (const [what, pattern] of LEAKS)
          if (pattern.test(answer.closed.reason)) problem('leaks', c, `${what} in close reason`, answer);
      }
      if (!answer.unanswered && !answer.closed && !answer.silent && answer.errors.length === 0 && answer.data == null)
        problem('unanswered', c, 'neither data nor errors', answer);
      for (const error of answer.errors) {
        const code = error.extensions?.code;
        if (code === 'INTERNAL_SERVER_ERROR') problem('internal', c, `INTERNAL_SERVER_ERROR: ${error.message}`, answer);
        else if (typeof code !== 'string' || !DOCUMENTED.has(code))
          problem('undocumentedCodes', c, `code ${String(code)} (not in docs/api.md): ${error.message}`, answer);
        const text = `${error.message ?? ''}\n${JSON.stringify(error.extensions ?? {})}`;
        for (const [what, pattern] of LEAKS)
          if (pattern.test(text)) problem('leaks', c, `${what}: ${String(error.message).slice(0, 200)}`, answer);
        if (error.extensions && ('stacktrace' in error.extensions || 'exception' in error.extensions))
          problem('leaks', c, 'a stack trace in extensions', answer);
      }
      const isRefused =
        answer.errors.length > 0 || !!answer.closed || !!answer.unanswered
          ? answer.data === undefined || answer.data === null || answer.data[c.op.name] == null
          : false;
      if (isRefused) refused += 1;
      else accepted += 1;
      return isRefused;
    };

    const all: Case[] = random.shuffle(cases).map((c, index) => ({ ...c, index }));
    const serialWs = all.filter((c) => c.transport === 'ws' && c.op.kind === 'mutation');
    const concurrent = all.filter((c) => !serialWs.includes(c));
    let cursor = 0;
    const worker = async () => {
      while (cursor < concurrent.length) {
        const c = concurrent[cursor++]!;
        const answer = c.transport === 'http' ? await httpAnswer(c) : await wsAnswer(c);
        const isRefused = examine(c, answer);
        if (c.transport === 'http' && c.op.kind === 'mutation') {
          if (isRefused) refusedHttpMutations.set(`fuzz-${seed}-${c.index}`, c);
          else acceptedHttpMutations.push(`fuzz-${seed}-${c.index}`);
        }
      }
    };
    const concurrency = Number(process.env.FUZZ_CONCURRENCY ?? 6);
    await Promise.all(Array.from({ length: concurrency }, worker));
    const httpDone = Date.now();
    for (const c of serialWs) {
      const before = await countEvents();
      const answer = await wsAnswer(c);
      const isRefused = examine(c, answer);
      const after = await countEvents();
      if (isRefused && after !== before)
        problem(
          'eventsWrittenByRefused',
          c,
          `refused over graphql-ws but ${after - before} event(s) were written: ${await newest(after - before)}`,
          answer,
        );
    }
    const written = (await dataSource.query(
      `SELECT metadata->>'correlationId' AS id, count(*)::int AS n, string_agg(stream_id || ' ' || type, ', ') AS events
         FROM events WHERE metadata->>'correlationId' = ANY($1) GROUP BY 1`,
      [[...refusedHttpMutations.keys(), ...acceptedHttpMutations]],
    )) as { id: string; n: number; events: string }[];
    for (const { id, n, events } of written) {
      const c = refusedHttpMutations.get(id);
      if (c)
        problem('eventsWrittenByRefused', c, `refused but ${n} event(s) carry its correlation id: ${events}`, {
          errors: [],
          text: id,
        });
    }
    // The correlation check means something only if an accepted mutation's events are found by it.
    expect(written.filter(({ id }) => !refusedHttpMutations.has(id)).length).toBeGreaterThan(0);

    const slotsTested = new Set(
      all.filter((c) => c.mode !== 'document').map((c) => `${c.op.kind} ${c.op.name} ${c.slot}`),
    );
    const report = {
      seed,
      requests: all.length,
      operations: new Set(all.map((c) => `${c.op.kind} ${c.op.name}`)).size,
      slots: slotsTested.size,
      identities: new Set(all.map((c) => c.identity.label)).size,
      slotValues: coreTotal,
      http: all.filter((c) => c.transport === 'http').length,
      ws: all.filter((c) => c.transport === 'ws').length,
      refused,
      accepted,
      baselineQueriesOk: `${queries.length - baselineQueriesFailing.length}/${queries.length}`,
      ...counts,
      durationMs: Date.now() - started,
      concurrentPhaseMs: httpDone - started,
    };
    console.log(`schema fuzz: ${JSON.stringify(report)}`);
    if (baselineQueriesFailing.length)
      console.log(`schema fuzz: baselines an ADMIN query refuses (informative): ${baselineQueriesFailing.join('; ')}`);

    // One line per distinct failure (what, which value, which answer), with where it happened and one full example.
    const groups = new Map<
      string,
      { count: number; where: Set<string>; who: Set<string>; example: (typeof problems)[number] }
    >();
    for (const p of problems) {
      const detail = p.detail
        .replace(/[0-9a-f]{8}-[0-9a-f-]{27}/gi, '<uuid>')
        .replace(/\d+/g, 'N')
        .slice(0, 160);
      const key = `${p.kind} | ${p.c.transport} | ${p.c.value} (${p.c.mode}) | ${detail}`;
      const group = groups.get(key) ?? { count: 0, where: new Set<string>(), who: new Set<string>(), example: p };
      group.count += 1;
      group.where.add(`${p.c.op.name}${p.c.slot === '(document)' ? '' : ` ${p.c.slot}`}`);
      group.who.add(p.c.identity.label);
      groups.set(key, group);
    }
    if (groups.size > 0)
      console.log(
        `schema fuzz: ${groups.size} distinct failures\n${[...groups]
          .sort(([a], [b]) => a.localeCompare(b))
          .map(
            ([key, { count, where, who, example }]) =>
              `${key} ×${count}\n    at ${[...where].slice(0, 8).join('; ')}${where.size > 8 ? `; … (${where.size} places)` : ''}\n    as ${[...who].join(', ')}\n    e.g. ${summary(example.c)} → ${example.answer.slice(0, 300)}`,
          )
          .join('\n')}`,
      );

    const firstFew = problems
      .slice(0, 8)
      .map((p) => `${p.kind}: ${summary(p.c)}: ${p.detail} → ${p.answer.slice(0, 300)}`);
    expect(all.length).toBeGreaterThanOrEqual(process.env.DATABASE_URL ? 5_000 : Math.min(target, 5_000));
    expect({ ...counts, firstFew }).toEqual({
      internal: 0,
      status5xx: 0,
      leaks: 0,
      undocumentedCodes: 0,
      unanswered: 0,
      eventsWrittenByRefused: 0,
      firstFew: [],
    });
    expect((await service.ok('{ health { status } }')).health.status).toBe('ok');
  }, 900_000);

  it('holds a query over graphql-ws to the cost limit HTTP enforces (GRAPHQL_MAX_COST)', async () => {
    const admin = fixture.tokens.admin;
    // 120 aliased pages of 100: far over GRAPHQL_MAX_COST, refused over HTTP before anything runs.
    const query = `{ ${Array.from({ length: 120 }, (_, i) => `a${i}: reports(first: 100) { edges { node { trackingId title } } }`).join(' ')} }`;
    const overHttp = await graphql(service.url, query, undefined, admin);
    const socket = await RawGraphqlWs.open(`${service.url}/graphql`, credentialHeaders(admin));
    const overWs = await socket.send(JSON.stringify({ query }), { timeoutMs: 60_000 });
    await socket.close();
    const first = overWs.messages[0] as { type: string; payload?: any } | undefined;
    expect({
      http: overHttp.body.errors?.[0]?.extensions?.code ?? 'answered with data',
      ws:
        first?.type === 'error'
          ? first.payload?.[0]?.extensions?.code
          : (first?.payload?.errors?.[0]?.extensions?.code ?? `answered with data (${first?.type})`),
    }).toEqual({ http: 'GRAPHQL_VALIDATION_FAILED', ws: 'GRAPHQL_VALIDATION_FAILED' });
  });
});
