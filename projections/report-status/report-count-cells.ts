import type { ProjectionTx } from '../../src/kernel/projection.js';
import { startOfWibDay, wibDate, wibHour } from '../../contexts/calendar/working-days.js';

/**
 * report_counts: how many reports there are per status, kind, channel, overdue and confidential in
 * seven scopes, each cell under a key: every report ('all', ''), an agency's ('agency', its id), an agency
 * type's ('agencyType', e.g. CITY), a province's ('province', the region code's first part: 13 of
 * 13.76.01), and the month, day and hour of submission ('month', 'day', 'hour': 2025-02, 2025-02-14,
 * 2025-02-14T09, in WIB, the calendar the domain counts periods on). The report-status projection
 * moves a report from its old cells to its new ones in the transaction that writes its row, so
 * reportCounts and reports' totalCount add up cells (a few dozen per key; a period, its whole months'
 * and the whole days and hours beside them) instead of reading every matching row (issue 20's growth table). A cell that falls
 * to 0 is deleted, so the cells are the same whether a report's events were applied one batch at a time
 * or together (a rebuild).
 */
export type CountScope = 'all' | 'agency' | 'agencyType' | 'province' | PeriodScope;
/** The calendar units of the submission's cells, coarsest first. */
export type PeriodScope = 'month' | 'day' | 'hour';

/**
 * Remembers the type of each agency registered (AgencyRegistered), in report_agency_types: the
 * agencyType cells need it, and report-status sees an agency's registration before any report routed
 * to it (routing needs a connected agency), in the same global order as every event. A type never changes.
 */
export async function rememberAgencyTypes(
  tx: ProjectionTx,
  registered: readonly { agencyId: string; agencyType: string }[],
): Promise<void> {
  if (registered.length === 0) return;
  await tx.query(
    `INSERT INTO report_agency_types (agency_id, agency_type)
     SELECT * FROM json_to_recordset($1::json) AS r(agency_id text, agency_type text) ON CONFLICT (agency_id) DO NOTHING`,
    [JSON.stringify(registered.map(({ agencyId, agencyType }) => ({ agency_id: agencyId, agency_type: agencyType })))],
  );
}

/** The types of these agencies, as remembered. */
export async function agencyTypesOf(tx: ProjectionTx, agencyIds: readonly string[]): Promise<Map<string, string>> {
  if (agencyIds.length === 0) return new Map();
  const rows: { agency_id: string; agency_type: string }[] = await tx.query(
    `SELECT agency_id, agency_type FROM report_agency_types WHERE agency_id = ANY($1::text[])`,
    [agencyIds],
  );
  return new Map(rows.map((row) => [row.agency_id, row.agency_type]));
}

/** The columns of a report_status row that decide its cells. */
export interface CountedRow {
  status: string;
  kind: string;
  channel: string;
  overdue: boolean;
  confidential: boolean;
  agency_id: string | null;
  region_code: string | null;
  submitted_at: string | Date | null;
}

/** The report_status columns a CountedRow is read from. */
export const COUNTED_COLUMNS = 'status, kind, channel, overdue, confidential, agency_id, region_code, submitted_at';

/** A region code's province: its first part. */
export function provinceOf(regionCode: string): string {
  return regionCode.split('.')[0]!;
}

/** Moves each report out of the cells of its old row (none for a new report) into those of its new one. */
export async function moveCounts(
  tx: ProjectionTx,
  moves: readonly { from: CountedRow | null; to: CountedRow }[],
): Promise<void> {
  const agencies = moves.flatMap(({ from, to }) => [from?.agency_id, to.agency_id]).filter((id) => id != null);
  const types = await agencyTypesOf(tx, [...new Set(agencies)]);
  const deltas = new Map<string, number>();
  const count = (row: CountedRow, by: number) => {
    for (const [scope, key] of scopesOf(row, types)) {
      const cell = JSON.stringify([scope, key, row.status, row.kind, row.channel, row.overdue, row.confidential]);
      deltas.set(cell, (deltas.get(cell) ?? 0) + by);
    }
  };
  for (const { from, to } of moves) {
    if (from) count(from, -1);
    count(to, 1);
  }
  const cells = [...deltas]
    .filter(([, n]) => n !== 0)
    .map(([cell, n]) => {
      const [scope, key, status, kind, channel, overdue, confidential] = JSON.parse(cell) as unknown[];
      return { scope, key, status, kind, channel, overdue, confidential, n };
    });
  if (cells.length === 0) return;
  const emptied: unknown[] = await tx.query(
    `WITH moved AS (
       INSERT INTO report_counts (scope, key, status, kind, channel, overdue, confidential, n)
       SELECT * FROM json_to_recordset($1::json) AS c(${CELL_COLUMNS}, n integer)
       ON CONFLICT (scope, key, status, kind, channel, overdue, confidential) DO UPDATE SET n = report_counts.n + EXCLUDED.n
       RETURNING scope, key, status, kind, channel, overdue, confidential, n)
     SELECT scope, key, status, kind, channel, overdue, confidential FROM moved WHERE n = 0`,
    [JSON.stringify(cells)],
  );
  if (emptied.length > 0)
    await tx.query(
      `DELETE FROM report_counts WHERE n = 0 AND (scope, key, status, kind, channel, overdue, confidential) IN
         (SELECT * FROM json_to_recordset($1::json) AS c(${CELL_COLUMNS}))`,
      [JSON.stringify(emptied)],
    );
}

const CELL_COLUMNS =
  'scope text, key text, status text, kind text, channel text, overdue boolean, confidential boolean';

function scopesOf(row: CountedRow, types: ReadonlyMap<string, string>): [CountScope, string][] {
  const scopes: [CountScope, string][] = [['all', '']];
  if (row.agency_id !== null) scopes.push(['agency', row.agency_id]);
  const type = row.agency_id === null ? undefined : types.get(row.agency_id);
  if (type !== undefined) scopes.push(['agencyType', type]);
  if (row.region_code !== null) scopes.push(['province', provinceOf(row.region_code)]);
  if (row.submitted_at !== null) {
    const at = new Date(row.submitted_at);
    for (const unit of PERIOD_UNITS) scopes.push([unit.scope, unit.key(at)]);
  }
  return scopes;
}

/** A calendar unit of the cells (WIB): the key of the one holding an instant, where it starts, and where the next one starts. */
export interface PeriodUnit {
  scope: PeriodScope;
  key: (instant: Date) => string;
  start: (instant: Date) => Date;
  next: (start: Date) => Date;
}

const HOUR_MS = 60 * 60 * 1000;
const DAY_MS = 24 * HOUR_MS;

/** Months, days and hours, coarsest first (WIB is UTC+7 all year: its hours are UTC's). */
export const PERIOD_UNITS: readonly PeriodUnit[] = [
  {
    scope: 'month',
    key: (instant) => wibDate(instant).slice(0, 7),
    start: (instant) => startOfWibDay(`${wibDate(instant).slice(0, 7)}-01`),
    next: (start) => startOfWibDay(`${monthAfter(wibDate(start))}-01`),
  },
  {
    scope: 'day',
    key: wibDate,
    start: (instant) => startOfWibDay(wibDate(instant)),
    next: (start) => new Date(start.getTime() + DAY_MS),
  },
  {
    scope: 'hour',
    key: wibHour,
    start: (instant) => new Date(Math.floor(instant.getTime() / HOUR_MS) * HOUR_MS),
    next: (start) => new Date(start.getTime() + HOUR_MS),
  },
];

/** The month after a WIB date's, as a month cell's key. */
function monthAfter(day: string): string {
  return new Date(Date.UTC(Number(day.slice(0, 4)), Number(day.slice(5, 7)), 1)).toISOString().slice(0, 7);
}
