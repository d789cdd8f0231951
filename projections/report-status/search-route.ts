import type { DataSource } from 'typeorm';
import { QUERY, type ReportSearchFilter, type Visibility } from './report-conditions.js';

type Db = Pick<DataSource, 'query'>;

/** Rows a walk may read at least, per report of the window, before it gives way to the GIN index. */
export const WALK_PER_MATCH = 20;

/** How a full-text search finds its newest `window` matches: walking the newest reports, at most `budget` rows, or the GIN index. */
export interface SearchRoute {
  walk: boolean;
  budget: number;
}

/**
 * The route for a search whose rarest word is in `rarest` of the `reports` (by the column's
 * statistics, 0 for a word they do not list: for the words a match must have all of, an upper bound of
 * the search's own frequency; for `a or b`, a lower one, which only makes the walk less likely). The
 * GIN index reads every match, up to rarest × reports; a walk backwards through the submission index
 * reads about window / rarest rows that pass the search's other conditions, each about a third of a
 * match's cost (~2 µs against ~6 µs on the 2-core reference machine). So the walk is taken when it
 * expects to read no more rows than the index would match and than its budget. A search that is
 * `broad` (no filter but a period, which the walk reads as a range of its index, and a caller who sees
 * every report or every non-confidential one) may walk as many rows as the index would match: one
 * that finds the window behind many newer reports without the words (a burst of reports about
 * something else) costs a third of the index, and one that fails and then asks the index at most
 * ~1.3 × the index alone. Any other filter passes an unknown share of the rows, and a walk that reads
 * budget ÷ share of them can cost many times the index (which combines the filter's own index), so
 * its budget stays at WALK_PER_MATCH rows per report of the window.
 */
export function searchRoute({
  rarest,
  reports,
  window,
  broad,
}: {
  rarest: number;
  reports: number;
  window: number;
  broad: boolean;
}): SearchRoute {
  const matches = rarest * reports;
  const budget = broad ? Math.max(window * WALK_PER_MATCH, Math.ceil(matches)) : window * WALK_PER_MATCH;
  return { walk: rarest > 0 && window / rarest <= Math.min(matches, budget), budget };
}

/** Whether the rows a search walks pass its other conditions about as often as not (searchRoute's `broad`). */
export function isBroadSearch(visibility: Visibility, filter: ReportSearchFilter): boolean {
  const { search, submittedFrom, submittedTo, ...others } = filter;
  return (
    (visibility.all || visibility.nonConfidential) &&
    Object.values(others).every((value) => value == null || (Array.isArray(value) && value.length === 0))
  );
}

/**
 * The route for `search` on report_status, from the search_vector column's statistics, read in a
 * statement of its own so that the search's statement is planned for the budget it is given (a LIMIT
 * computed inside a statement is planned as if it were a tenth of the table). The words a match must
 * have are querytree's (negated ones are left out); a search with none (`-jalan`, `jalan or -banjir`:
 * querytree gives T) may match every report, and no index finds its matches, so it walks (rarest 1).
 */
export async function routeSearch(
  db: Db,
  search: string,
  { window, broad }: { window: number; broad: boolean },
): Promise<SearchRoute> {
  const [row]: { rarest: number; reports: number }[] = await db.query(
    `SELECT (CASE WHEN q.tree = 'T' THEN 1 ELSE coalesce(min(coalesce(s.freq, 0)), 0) END)::float8 AS rarest,
            (SELECT greatest(reltuples, 1) FROM pg_class WHERE oid = 'report_status'::regclass)::float8 AS reports
       FROM (SELECT querytree(${QUERY.replace('$QUERY', '$1')}) AS tree) AS q
       LEFT JOIN LATERAL unnest(tsvector_to_array(to_tsvector('simple', q.tree))) AS w(lexeme) ON true
       LEFT JOIN (
         SELECT e.lexeme, e.freq FROM pg_stats,
                unnest(most_common_elems::text::text[], most_common_elem_freqs) AS e(lexeme, freq)
          WHERE attname = 'search_vector' AND tablename = 'report_status'
            AND schemaname = (SELECT n.nspname FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
                               WHERE c.oid = 'report_status'::regclass)
       ) AS s USING (lexeme)
      GROUP BY q.tree`,
    [search],
  );
  return searchRoute({ rarest: row!.rarest, reports: row!.reports, window, broad });
}
