import type { DataSource } from 'typeorm';
import { PERIOD_UNITS, type CountScope, type PeriodScope, type PeriodUnit } from './report-count-cells.js';
import { reportConditions, type ReportSearchFilter, type Visibility } from './report-conditions.js';

type Db = Pick<DataSource, 'query'>;

export interface ReportCounts {
  total: number;
  overdue: number;
  byStatus: { value: string; count: number }[];
  byKind: { value: string; count: number }[];
  byChannel: { value: string; count: number }[];
}

/** How many matching reports have one status, kind, channel and overdue flag. */
interface Group {
  status: string;
  kind: string;
  channel: string;
  overdue: boolean;
  n: number;
}

/** How many reports the caller may see match the filter: in all, overdue, and per status, kind and channel. */
export async function reportCounts(
  db: Db,
  { visibility, filter }: { visibility: Visibility; filter: ReportSearchFilter | null },
): Promise<ReportCounts> {
  const groups = await countGroups(db, visibility, filter);
  const by = (key: 'status' | 'kind' | 'channel') => {
    const counts = new Map<string, number>();
    for (const group of groups) counts.set(group[key], (counts.get(group[key]) ?? 0) + group.n);
    return [...counts]
      .map(([value, count]) => ({ value, count }))
      .sort((a, b) => b.count - a.count || a.value.localeCompare(b.value));
  };
  return {
    total: sum(groups),
    overdue: sum(groups.filter((group) => group.overdue)),
    byStatus: by('status'),
    byKind: by('kind'),
    byChannel: by('channel'),
  };
}

/** How many reports the caller may see match the filter (reports' totalCount). */
export async function countReports(
  db: Db,
  { visibility, filter }: { visibility: Visibility; filter: ReportSearchFilter | null },
): Promise<number> {
  return sum(await countGroups(db, visibility, filter));
}

function sum(groups: readonly Group[]): number {
  return groups.reduce((total, group) => total + group.n, 0);
}

/**
 * The matching reports per status, kind, channel and overdue, in one statement (one snapshot). From the
 * cells of report_counts (report-count-cells.ts) where the filter names, besides status, kind, channel and
 * overdue, at most one of agency, agency type, province and submission period, and the caller sees
 * every report or every non-confidential one; what is left of an hour at either end of a period, and the confidential
 * reports a caller sees as their agency's or their own, are counted from the rows beside them. Any other
 * filter counts the rows.
 */
async function countGroups(db: Db, visibility: Visibility, filter: ReportSearchFilter | null): Promise<Group[]> {
  const values: unknown[] = [];
  const plan = cellPlan(filter);
  if (!plan || !(visibility.all || visibility.nonConfidential))
    return db.query(rowGroups(values, visibility, filter), values);
  const parts = [cellGroups(values, plan, filter, visibility.all)];
  const visible: Visibility = visibility.all ? visibility : { ...NO_ROW, nonConfidential: true };
  if (plan.edges) parts.push(rowGroups(values, visible, filter, plan.edges));
  const beside: Visibility = { ...visibility, nonConfidential: false };
  if (!visibility.all && (beside.agencyId !== null || beside.reporter !== null || beside.submitter !== null))
    parts.push(rowGroups(values, beside, filter, () => 'confidential'));
  return db.query(parts.join(' UNION ALL '), values);
}

const NO_ROW: Visibility = { all: false, nonConfidential: false, agencyId: null, reporter: null, submitter: null };

/** The filter fields the cells answer (`mine` is the caller's visibility); any other given sends the count to the rows. */
const CELL_FIELDS = new Set([
  'status',
  'kind',
  'channel',
  'overdue',
  'agencyId',
  'agencyType',
  'regionCode',
  'submittedFrom',
  'submittedTo',
  'mine',
]);

type Bind = (value: unknown) => string;

/** Which cells hold the filter's reports (a condition on report_counts' scope and key), and which of its rows the cells leave out. */
interface CellPlan {
  cells: (bind: Bind) => string;
  edges: ((bind: Bind) => string) | null;
}

function keyed(scope: CountScope, key: string): CellPlan {
  return { cells: (bind) => `scope = ${bind(scope)} AND key = ${bind(key)}`, edges: null };
}

function cellPlan(filter: ReportSearchFilter | null): CellPlan | null {
  const given = Object.entries(filter ?? {}).filter(([, value]) => value != null);
  if (given.some(([field]) => !CELL_FIELDS.has(field))) return null;
  const plans: CellPlan[] = [];
  const { agencyId, agencyType, regionCode, submittedFrom, submittedTo } = filter ?? {};
  if (agencyId) plans.push(keyed('agency', agencyId));
  if (agencyType) plans.push(keyed('agencyType', agencyType));
  if (regionCode) {
    if (regionCode.includes('.')) return null;
    plans.push(keyed('province', regionCode));
  }
  if (submittedFrom || submittedTo) {
    const period = periodPlan(
      submittedFrom ? new Date(submittedFrom) : null,
      submittedTo ? new Date(submittedTo) : null,
    );
    if (!period) return null;
    plans.push(period);
  }
  if (plans.length > 1) return null;
  return plans[0] ?? keyed('all', '');
}

/** Cells of one scope whose keys lie in [from, to) (open where null). */
interface KeyRange {
  scope: PeriodScope;
  from: string | null;
  to: string | null;
}

/**
 * The period [from, to) from cells: its whole WIB months from the month cells, its other whole days
 * from the day cells, its other whole hours from the hour cells (so a quarter reads three months'
 * cells, not ninety days'), what is left of an hour at either end from the rows; none when the period
 * holds no whole hour.
 */
function periodPlan(from: Date | null, to: Date | null): CellPlan | null {
  const hour = PERIOD_UNITS.at(-1)!;
  const first = from && startAtOrAfter(hour, from);
  const last = to && hour.start(to);
  if (first && last && first >= last) return null;
  const before = from && first! > from ? first : null;
  const after = to && last! < to ? last : null;
  const ranges = wholeUnits(first, last, PERIOD_UNITS);
  return {
    cells: (bind) =>
      ranges
        .map(({ scope, from: lowest, to: above }) =>
          [`scope = ${bind(scope)}`, lowest && `key >= ${bind(lowest)}`, above && `key < ${bind(above)}`]
            .filter((condition) => condition)
            .join(' AND '),
        )
        .map((condition) => `(${condition})`)
        .join(' OR '),
    edges:
      before || after
        ? (bind) =>
            `(${[
              before && `submitted_at < ${bind(before.toISOString())}`,
              after && `submitted_at >= ${bind(after.toISOString())}`,
            ]
              .filter((condition) => condition)
              .join(' OR ')})`
        : null,
  };
}

function startAtOrAfter(unit: PeriodUnit, instant: Date): Date {
  const start = unit.start(instant);
  return start.getTime() === instant.getTime() ? instant : unit.next(start);
}

/**
 * The cells covering [from, to), whose ends (null: open) are whole hours: the whole units of the
 * coarsest kind, then what is left at either end from the finer ones.
 */
function wholeUnits(from: Date | null, to: Date | null, units: readonly PeriodUnit[]): KeyRange[] {
  const [unit, ...finer] = units;
  if (!unit) throw new Error('wholeUnits: the ends must be whole hours');
  const first = from && startAtOrAfter(unit, from);
  const last = to && unit.start(to);
  if (first && last && first >= last) return wholeUnits(from, to, finer);
  return [
    ...(from && first! > from ? wholeUnits(from, first, finer) : []),
    { scope: unit.scope, from: first && unit.key(first), to: last && unit.key(last) },
    ...(to && last! < to ? wholeUnits(last, to, finer) : []),
  ];
}

function cellGroups(values: unknown[], plan: CellPlan, filter: ReportSearchFilter | null, confidentialToo: boolean) {
  const bind: Bind = (value) => `$${values.push(value)}`;
  const where = [`(${plan.cells(bind)})`];
  if (!confidentialToo) where.push('NOT confidential');
  if (filter?.status?.length) where.push(`status = ANY(${bind(filter.status)})`);
  if (filter?.kind) where.push(`kind = ${bind(filter.kind)}`);
  if (filter?.channel) where.push(`channel = ${bind(filter.channel)}`);
  if (filter?.overdue != null) where.push(`overdue = ${bind(filter.overdue)}`);
  return `SELECT status, kind, channel, overdue, sum(n)::int AS n FROM report_counts WHERE ${where.join(' AND ')}
           GROUP BY status, kind, channel, overdue`;
}

/** The groups counted from the rows (a region prefix read from report_status_region_idx). */
function rowGroups(
  values: unknown[],
  visibility: Visibility,
  filter: ReportSearchFilter | null,
  also?: (bind: Bind) => string,
) {
  const { where, bind } = reportConditions(visibility, filter, values);
  if (also) where.push(also(bind));
  return `SELECT status, kind, channel, overdue, count(*)::int AS n
            FROM report_status ${where.length ? `WHERE ${where.join(' AND ')}` : ''}
           GROUP BY status, kind, channel, overdue`;
}
