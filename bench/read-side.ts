/**
 * The read side at the sizes of issue 15: a fresh database with 2,000 agencies (ministries,
 * provinces, cities, regencies and their offices, with Kemendagri codes) and 100,000 report
 * lifecycles dispositioned to them over two years, every read model rebuilt from position 0, then
 * the service as its own process (NODE_ENV=production, rate limits off) asked over HTTP, one
 * request at a time, a fixed number of requests per scenario: the agency directory as a person
 * types (with and without filters, totalCount, pages after a cursor), reportTrend (DAY over 90
 * days, WEEK over a year, MONTH over two years, with and without filters) and agencyRanking (a
 * quarter and a year, by the default order and by RECEIVED, filtered, a second page), against
 * `{ version }` in the same rounds (the floor of HTTP + Nest + Apollo). Prints
 *   { "sizes", "rebuildSeconds", "scenarios": { name: { n, p50Ms, p99Ms, meanMs, ratioToBaselineP50, … } }, "targets" }
 *
 *   DATABASE_URL=postgres://… npm run bench:read-side -- --json [--requests 200] [--max-seconds 240] [--agencies 2000] [--reports 100000] [--keep]
 * Requests go one at a time, a round of one request per scenario after another, after unmeasured
 * rounds; measuring stops after --max-seconds even short of --requests rounds (n says how many).
 * --only directory|trend|ranking measures one group (and the baseline). --keep leaves the database in place (its URL on stderr) to EXPLAIN the queries against it.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import { cpus, loadavg } from 'node:os';
import { parseArgs } from 'node:util';
import { createScratchDatabase } from '../src/database/scratch-database.js';
import type { GeneratedAgency } from './agency-generator.js';
import { generateStore } from './generated-store.js';
import { benchServiceEnv } from './service-env.js';
import { percentile } from './stats.js';

const { values: args } = parseArgs({
  options: {
    json: { type: 'boolean', default: false },
    keep: { type: 'boolean', default: false },
    agencies: { type: 'string', default: '2000' },
    reports: { type: 'string', default: '100000' },
    requests: { type: 'string', default: '200' },
    warmup: { type: 'string', default: '10' },
    'max-seconds': { type: 'string', default: '240' },
    only: { type: 'string' },
  },
});
const REQUESTS = Number(args.requests);
const WARMUP = Number(args.warmup);
/** Measuring stops after this long (n says how many rounds it took), to keep the whole run within ~10 minutes on 2 cores. */
const MAX_MEASURING_MS = Number(args['max-seconds']) * 1000;
/** p99 targets of issue 15. */
const TARGET_MS = { directory: 20, trend: 50, ranking: 50 } as const;
type Group = keyof typeof TARGET_MS | 'baseline';

const AGENCY_FIELDS =
  'edges { cursor node { id name type regionCode parentId connected connectedAt units { id name } } } pageInfo { hasNextPage endCursor }';
const DIRECTORY = `query($filter: AgencyDirectoryFilter, $after: String) { agencies(filter: $filter, first: 20, after: $after) { ${AGENCY_FIELDS} } }`;
const DIRECTORY_COUNTED = `query($filter: AgencyDirectoryFilter, $after: String) { agencies(filter: $filter, first: 20, after: $after) { totalCount ${AGENCY_FIELDS} } }`;
const TREND =
  'query($filter: TrendFilter, $from: Date!, $to: Date!, $interval: TrendInterval!) { reportTrend(filter: $filter, from: $from, to: $to, interval: $interval) { period submitted verified dispositioned resolved closed escalated } }';
const RANKING = `query($from: Date!, $to: Date!, $filter: RankingFilter, $orderBy: RankingOrder!, $after: String) {
  agencyRanking(from: $from, to: $to, filter: $filter, orderBy: $orderBy, first: 20, after: $after) {
    totalCount pageInfo { hasNextPage endCursor }
    edges { cursor node { rank agencyId name type regionCode received followedUp resolved inProgress notFollowedUp declined
      forwarded escalated followUpRate resolutionRate slaCompliance averageSatisfaction medianHoursToFirstResponse } } } }`;

interface Page {
  edges: unknown[];
  pageInfo: { hasNextPage: boolean; endCursor: string | null };
}
/** The data of the answers this bench asks for. */
interface Answer {
  version?: string;
  agencies?: Page;
  reportTrend?: unknown[];
  agencyRanking?: Page;
}
interface Operation {
  query: string;
  variables: Record<string, unknown>;
}
interface Scenario {
  name: string;
  group: Group;
  /** The next request to measure; may make unmeasured requests first (the page before a cursor). */
  next: () => Promise<Operation>;
  /** How many items the answer holds, to show the scenario is not answering empty pages. */
  items: (data: Answer) => number;
}

/** A deterministic pseudo-random sequence, so every run asks the same questions. */
function rng(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state * 1664525 + 1013904223) >>> 0;
    return state / 2 ** 32;
  };
}

async function startService(env: Record<string, string>): Promise<{ child: ChildProcess; url: string }> {
  const child = spawn(process.execPath, ['dist/src/main.js'], {
    env: { ...process.env, ...env },
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  let buffered = '';
  for await (const chunk of child.stdout!) {
    buffered += String(chunk);
    const url = /"msg":"GraphQL API at (http:\/\/\S+?)\/graphql/.exec(buffered)?.[1];
    if (url) {
      child.stdout!.resume();
      return { child, url: `${url.replace('localhost', '127.0.0.1')}/graphql` };
    }
  }
  throw new Error(`the service exited before it was ready:\n${buffered}`);
}

function scenarios(agencies: GeneratedAgency[], call: (op: Operation) => Promise<Answer>): Scenario[] {
  const random = rng(15);
  const pick = <T>(items: readonly T[]) => items[Math.floor(random() * items.length)]!;
  const day = (iso: string, days: number) => new Date(Date.parse(iso) + days * 86_400_000).toISOString().slice(0, 10);
  const addMonths = (iso: string, months: number) => {
    const d = new Date(`${iso}T00:00:00Z`);
    d.setUTCMonth(d.getUTCMonth() + months);
    return d.toISOString().slice(0, 10);
  };
  const cycle = <T>(items: readonly T[]) => {
    let i = 0;
    return () => items[i++ % items.length]!;
  };

  // What a person types: every prefix of a few names, and fragments of others.
  const phrases = [
    'kota pontianak',
    'kementerian kesehatan',
    'dinas pendidikan kabupaten agam',
    'pontianak',
    'kabupaten bogor',
    'badan pengawas obat',
    'satpol',
    'kedutaan tokyo',
    'rsud padang',
    'dinas kependudukan kota payakumbuh',
  ];
  const typed = phrases.flatMap((phrase) =>
    Array.from({ length: phrase.length - 1 }, (_, i) => phrase.slice(0, i + 2)),
  );
  const nextTyped = cycle(typed.filter((text) => !text.endsWith(' ')));
  const fragment = () => {
    const word = pick(
      pick(agencies)
        .name.split(' ')
        .filter((w) => w.length >= 3),
    );
    const length = Math.min(word.length, 3 + Math.floor(random() * 6));
    const start = Math.floor(random() * (word.length - length + 1));
    return word.slice(start, start + length);
  };
  const search = () => (random() < 0.6 ? nextTyped() : fragment());
  const types = ['CITY', 'REGENCY', 'PROVINCE', 'MINISTRY'];
  const regions = ['13', '61', '61.71', '32', '13.76', '31'];
  const narrowed = cycle<() => Record<string, unknown>>([
    () => ({ search: search(), type: pick(types) }),
    () => ({ search: search(), regionCode: pick(regions) }),
    () => ({ search: search(), type: pick(types), regionCode: pick(regions) }),
  ]);
  const filtersOnly = cycle<() => Record<string, unknown>>([
    () => ({ type: pick(types) }),
    () => ({ regionCode: pick(regions) }),
    () => ({ type: pick(types), regionCode: pick(regions) }),
    () => ({ connected: true, type: pick(types) }),
    () => ({ parentId: pick(agencies.filter((a) => !a.parentId && a.regionCode)).agencyId }),
  ]);
  const edges = (data: Answer) => data.agencies?.edges.length ?? 0;

  // Pages after a cursor: walk the whole directory (and everything named "dinas"), 20 at a time.
  const walkers = [null, { search: 'dinas' }].map((filter) => ({ filter, after: null as string | null }));
  let walk = 0;
  const nextPage = async (): Promise<Operation> => {
    const walker = walkers[walk++ % walkers.length]!;
    if (!walker.after) {
      const first = await call({ query: DIRECTORY, variables: { filter: walker.filter } });
      walker.after = first.agencies!.pageInfo.endCursor;
    }
    return { query: DIRECTORY_COUNTED, variables: { filter: walker.filter, after: walker.after } };
  };
  const paged = (data: Answer) => {
    const walker = walkers[(walk - 1) % walkers.length]!;
    walker.after = data.agencies?.pageInfo.hasNextPage ? data.agencies.pageInfo.endCursor : null;
    return edges(data);
  };

  // Reports run from 2024-01-01 for about 700 days.
  const busiest = agencies.filter((a) => a.connectedAt && a.weight >= 4).map((a) => a.agencyId);
  const categories = ['kesehatan', 'kependudukan', 'infrastruktur-jalan', 'pendidikan-tinggi'];
  const trendFilters = cycle<() => Record<string, unknown>>([
    () => ({ regionCode: '13' }),
    () => ({ regionCode: '61.71' }),
    () => ({ agencyId: pick(busiest) }),
    () => ({ category: pick(categories) }),
    () => ({ regionCode: '13.76', category: pick(categories) }),
    () => ({ agencyId: pick(busiest), category: pick(categories) }),
  ]);
  const trend = (interval: string, span: () => { from: string; to: string }, filtered: boolean) => async () => ({
    query: TREND,
    variables: { ...span(), interval, filter: filtered ? trendFilters()() : null },
  });
  const ninetyDays = () => {
    const from = day('2024-02-01', Math.floor(random() * 540));
    return { from, to: day(from, 90) };
  };
  const weeksOfAYear = () => {
    const from = day('2024-01-01', 7 * Math.floor(random() * 40)); // a Monday
    return { from, to: day(from, 364) };
  };
  const twoYears = () => {
    const from = addMonths('2024-01-01', Math.floor(random() * 3));
    return { from, to: addMonths(from, 24) };
  };
  const points = (data: Answer) => data.reportTrend?.length ?? 0;

  const quarter = () => {
    const from = addMonths('2024-01-01', 3 * Math.floor(random() * 7));
    return { from, to: addMonths(from, 3) };
  };
  const year = () => {
    const from = addMonths('2024-01-01', Math.floor(random() * 12));
    return { from, to: addMonths(from, 12) };
  };
  const rankingFilters = cycle([
    { type: 'CITY' },
    { type: 'REGENCY' },
    { type: 'MINISTRY' },
    { regionCode: '13' },
    { regionCode: '61' },
    { type: 'CITY', regionCode: '13' },
  ]);
  const ranking =
    (span: () => { from: string; to: string }, orderBy: string, filtered = false) =>
    async (): Promise<Operation> => ({
      query: RANKING,
      variables: { ...span(), orderBy, filter: filtered ? rankingFilters() : null },
    });
  const secondPage = async (): Promise<Operation> => {
    const variables = { ...(random() < 0.5 ? quarter() : year()), orderBy: pick(['FOLLOW_UP_RATE', 'RECEIVED']) };
    const first = await call({ query: RANKING, variables });
    return { query: RANKING, variables: { ...variables, after: first.agencyRanking!.pageInfo.endCursor } };
  };
  const ranked = (data: Answer) => data.agencyRanking?.edges.length ?? 0;

  return [
    {
      name: 'baseline',
      group: 'baseline',
      next: async () => ({ query: '{ version }', variables: {} }),
      items: () => 1,
    },
    {
      name: 'directorySearch',
      group: 'directory',
      next: async () => ({ query: DIRECTORY, variables: { filter: { search: search() } } }),
      items: edges,
    },
    {
      name: 'directorySearchTotalCount',
      group: 'directory',
      next: async () => ({ query: DIRECTORY_COUNTED, variables: { filter: { search: search() } } }),
      items: edges,
    },
    {
      name: 'directorySearchTypeRegion',
      group: 'directory',
      next: async () => ({ query: DIRECTORY, variables: { filter: narrowed()() } }),
      items: edges,
    },
    {
      name: 'directorySearchTypeRegionTotalCount',
      group: 'directory',
      next: async () => ({ query: DIRECTORY_COUNTED, variables: { filter: narrowed()() } }),
      items: edges,
    },
    {
      name: 'directoryFilterTotalCount',
      group: 'directory',
      next: async () => ({ query: DIRECTORY_COUNTED, variables: { filter: filtersOnly()() } }),
      items: edges,
    },
    { name: 'directoryPageAfter', group: 'directory', next: nextPage, items: paged },
    { name: 'trendDay90d', group: 'trend', next: trend('DAY', ninetyDays, false), items: points },
    { name: 'trendDay90dFiltered', group: 'trend', next: trend('DAY', ninetyDays, true), items: points },
    { name: 'trendWeek1y', group: 'trend', next: trend('WEEK', weeksOfAYear, false), items: points },
    { name: 'trendWeek1yFiltered', group: 'trend', next: trend('WEEK', weeksOfAYear, true), items: points },
    { name: 'trendMonth2y', group: 'trend', next: trend('MONTH', twoYears, false), items: points },
    { name: 'trendMonth2yFiltered', group: 'trend', next: trend('MONTH', twoYears, true), items: points },
    { name: 'rankingQuarter', group: 'ranking', next: ranking(quarter, 'FOLLOW_UP_RATE'), items: ranked },
    { name: 'rankingQuarterReceived', group: 'ranking', next: ranking(quarter, 'RECEIVED'), items: ranked },
    { name: 'rankingQuarterFiltered', group: 'ranking', next: ranking(quarter, 'FOLLOW_UP_RATE', true), items: ranked },
    { name: 'rankingYear', group: 'ranking', next: ranking(year, 'FOLLOW_UP_RATE'), items: ranked },
    { name: 'rankingYearReceived', group: 'ranking', next: ranking(year, 'RECEIVED'), items: ranked },
    { name: 'rankingYearFiltered', group: 'ranking', next: ranking(year, 'RECEIVED', true), items: ranked },
    { name: 'rankingSecondPage', group: 'ranking', next: secondPage, items: ranked },
  ];
}

async function main(): Promise<void> {
  if (!process.env.DATABASE_URL)
    throw new Error('bench:read-side measures the service on a PostgreSQL server: set DATABASE_URL');
  const database = await createScratchDatabase('aduan_bench', process.env.DATABASE_URL);
  let service: ChildProcess | undefined;
  const progress = (message: string) => console.error(`[read-side] ${message}`);
  const loadAtStart = Math.round(loadavg()[0]! * 100) / 100;
  try {
    const { agencies, events, rebuildSeconds, counts } = await generateStore(
      database.url,
      { agencies: Number(args.agencies), reports: Number(args.reports) },
      progress,
    );

    const spawned = await startService(await benchServiceEnv(database.url));
    service = spawned.child;
    const call = async ({ query, variables }: Operation): Promise<Answer> => {
      const response = await fetch(spawned.url, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ query, variables }),
      });
      const body = (await response.json()) as { data?: Answer; errors?: unknown[] };
      if (response.status !== 200 || body.errors)
        throw new Error(`${response.status} ${JSON.stringify(body.errors)} for ${JSON.stringify(variables)}`);
      return body.data!;
    };

    // V8 needs a thousand or so requests before the service's paths are optimised: not measured.
    for (let i = 0; i < 1000; i++) await call({ query: '{ version }', variables: {} });
    // Round robin, one request of every scenario in turn, so that the machine's load (other work on
    // its two cores) and the service's warming up weigh on every scenario and on the baseline alike.
    const runs = scenarios(agencies, call)
      .filter((scenario) => !args.only || scenario.group === 'baseline' || scenario.group === args.only)
      .map((scenario) => ({ scenario, latencies: [] as number[], items: 0 }));
    let deadline = Infinity;
    for (let round = 0; round < WARMUP + REQUESTS && performance.now() < deadline; round++) {
      if (round === WARMUP) deadline = performance.now() + MAX_MEASURING_MS;
      for (const run of runs) {
        const operation = await run.scenario.next();
        const begun = performance.now();
        const data = await call(operation);
        const ms = performance.now() - begun;
        const items = run.scenario.items(data);
        if (round < WARMUP) continue;
        run.latencies.push(ms);
        run.items += items;
      }
    }
    const results: Record<string, Record<string, unknown>> = {};
    const worst: Partial<Record<Group, number>> = {};
    const baselineP50 = percentile(runs[0]!.latencies, 50);
    for (const { scenario, latencies, items } of runs) {
      const p50Ms = percentile(latencies, 50);
      const p99Ms = percentile(latencies, 99);
      worst[scenario.group] = Math.max(worst[scenario.group] ?? 0, p99Ms);
      const target = scenario.group === 'baseline' ? null : TARGET_MS[scenario.group];
      results[scenario.name] = {
        n: latencies.length,
        p50Ms,
        p99Ms,
        meanMs: Math.round((latencies.reduce((a, b) => a + b, 0) / latencies.length) * 100) / 100,
        ratioToBaselineP50: Math.round((p50Ms / baselineP50) * 100) / 100,
        meanItems: Math.round((items / latencies.length) * 10) / 10,
        ...(target === null ? {} : { targetP99Ms: target, met: p99Ms <= target }),
      };
      progress(`${scenario.name}: ${JSON.stringify(results[scenario.name])}`);
    }
    const result = {
      sizes: { ...counts, events },
      rebuildSeconds,
      requestsPerScenario: REQUESTS,
      maxMeasuringSeconds: MAX_MEASURING_MS / 1000,
      concurrency: 1,
      machine: {
        cpus: cpus().length,
        loadAverage1m: { start: loadAtStart, end: Math.round(loadavg()[0]! * 100) / 100 },
      },
      scenarios: results,
      // A group left out by --only is null, neither met nor missed.
      targets: {
        directoryP99Le20Ms: worst.directory === undefined ? null : worst.directory <= TARGET_MS.directory,
        trendP99Le50Ms: worst.trend === undefined ? null : worst.trend <= TARGET_MS.trend,
        rankingP99Le50Ms: worst.ranking === undefined ? null : worst.ranking <= TARGET_MS.ranking,
      },
    };
    if (args.json) console.log(JSON.stringify(result));
    else console.dir(result, { depth: null });
  } finally {
    if (service) {
      service.kill('SIGTERM');
      if (service.exitCode === null) await once(service, 'exit');
    }
    if (args.keep) console.error(`[read-side] kept the database: ${database.url}`);
    else await database.drop();
  }
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
