import type { CoveredHead, WalkedEventRow } from './event-log.port.js';

/** Rows of heads per page. */
const PAGE = 5000;

/**
 * EventLog.headsBelow for a log that can only walk: each stream's last row with a commit key below
 * `frontier`, folded from the walk's pages (in its stream order), a page of heads at a time.
 */
export async function* headsOfWalk(
  walk: AsyncIterable<WalkedEventRow[]>,
  frontier: bigint,
): AsyncGenerator<CoveredHead[]> {
  let heads: CoveredHead[] = [];
  let covered: CoveredHead | null = null;
  for await (const rows of walk) {
    for (const row of rows) {
      if (covered !== null && covered.stream_id !== row.stream_id) {
        heads.push(covered);
        covered = null;
      }
      if (row.commit_key < frontier)
        covered = { stream_id: row.stream_id, stream_version: row.stream_version, hash: row.hash };
    }
    if (heads.length >= PAGE) {
      yield heads;
      heads = [];
    }
  }
  if (covered) heads.push(covered);
  if (heads.length > 0) yield heads;
}
