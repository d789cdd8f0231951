/** One request of a scenario: its body, and the token it goes with. */
export interface Call {
  body: () => string;
  token?: string;
}

const SEARCH =
  'query($f: ReportFilter) { reports(filter: $f, first: 20) { totalCount edges { node { trackingId status } } } }';
const FULL_TEXT =
  'query($f: ReportFilter) { reports(filter: $f, first: 20) { edges { node { trackingId } search { snippet } } } }';
const COUNTS =
  'query($f: ReportFilter) { reportCounts(filter: $f) { total overdue byStatus { value count } byKind { value count } byChannel { value count } } }';
const TREND =
  'query($from: Date!, $to: Date!, $interval: TrendInterval!, $filter: TrendFilter) { reportTrend(from: $from, to: $to, interval: $interval, filter: $filter) { period submitted resolved closed } }';
const RANKING =
  'query($from: Date!, $to: Date!, $orderBy: RankingOrder!, $filter: RankingFilter) { agencyRanking(from: $from, to: $to, orderBy: $orderBy, filter: $filter, first: 20) { totalCount edges { node { rank agencyId received resolutionRate } } } }';

/** Filters as an admin's worklists and a dashboard combine them. */
const FILTERS: Record<string, unknown>[] = [
  { status: ['DISPOSITIONED', 'IN_PROGRESS'] },
  { regionCode: '13' },
  { agencyType: 'CITY', status: ['RESOLVED'] },
  { overdue: true },
  { submittedFrom: '2025-01-01T00:00:00Z', submittedTo: '2025-04-01T00:00:00Z' },
  { status: ['SUBMITTED'], regionCode: '61.71' },
];
/** Words people search for, each matching some of the generated reports' titles (lifecycle-generator.ts). */
const WORDS = ['puskesmas', 'jalan rusak', 'pungutan liar', 'banjir', 'paspor imigrasi', 'gaji guru', 'sampah pasar'];
/** Periods the dashboard asks for over the generated two years (2024–2025). */
const TRENDS = [
  { from: '2025-10-01', to: '2025-12-30', interval: 'DAY' },
  { from: '2025-01-01', to: '2026-01-01', interval: 'WEEK' },
  { from: '2024-01-01', to: '2026-01-01', interval: 'MONTH' },
  { from: '2024-01-01', to: '2026-01-01', interval: 'MONTH', filter: { regionCode: '13' } },
];
const RANKINGS = [
  { from: '2025-07-01', to: '2025-10-01', orderBy: 'FOLLOW_UP_RATE' },
  { from: '2025-01-01', to: '2026-01-01', orderBy: 'RECEIVED' },
  { from: '2025-01-01', to: '2026-01-01', orderBy: 'FOLLOW_UP_RATE', filter: { type: 'CITY' } },
];

/**
 * The read-model queries of the growth table (issue 20): reports by filters, full-text search,
 * reportCounts (as an admin, who sees every report), reportTrend and agencyRanking (public).
 */
export function readModelScenarios(admin: string): [string, () => Call][] {
  const random = <T>(items: readonly T[]) => items[Math.floor(Math.random() * items.length)]!;
  const call = (query: string, variables: () => object, token?: string) => (): Call => ({
    token,
    body: () => JSON.stringify({ query, variables: variables() }),
  });
  return [
    ['searchFilters', call(SEARCH, () => ({ f: random(FILTERS) }), admin)],
    ['searchText', call(FULL_TEXT, () => ({ f: { search: random(WORDS) } }), admin)],
    ['reportCounts', call(COUNTS, () => ({ f: random([null, ...FILTERS]) }), admin)],
    ['reportTrend', call(TREND, () => random(TRENDS))],
    ['agencyRanking', call(RANKING, () => random(RANKINGS))],
  ];
}
