import type { ProjectionTx } from '../../src/kernel/projection.js';
import { wibDate } from '../../contexts/calendar/working-days.js';

/**
 * report_counts: how many reports there are per status, kind, channel, overdue and confidential in
 * four scopes, each cell under a key: every report ('all', ''), an agency's ('agency', its id), a
 * province's ('province', the region code's first part: 13 of 13.76.01) and a day of submission ('day',
 * the WIB date: the calendar the domain counts periods on). The report-status projection moves a report
 * from its old cells to its new ones in the transaction that writes its row, so reportCounts and
 * reports' totalCount add up cells (a few dozen per key; a period, a day's worth per day) instead of
 * reading every matching row (issue 20's growth table). A cell that falls to 0 is deleted, so the cells
 * are the same whether a report's events were applied one batch at a time or together (a rebuild).
 */
export type CountScope = 'all' | 'agency' | 'province' | 'day';

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
  const deltas = new Map<string, number>();
  const count = (row: CountedRow, by: number) => {
    for (const [scope, key] of scopesOf(row)) {
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

function scopesOf(row: CountedRow): [CountScope, string][] {
  const scopes: [CountScope, string][] = [['all', '']];
  if (row.agency_id !== null) scopes.push(['agency', row.agency_id]);
  if (row.region_code !== null) scopes.push(['province', provinceOf(row.region_code)]);
  if (row.submitted_at !== null) scopes.push(['day', wibDate(new Date(row.submitted_at))]);
  return scopes;
}
