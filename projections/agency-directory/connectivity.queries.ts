import type { DataSource } from 'typeorm';

/**
 * Per agency type that has any connection: agencies connected at the end of `year` (WIB) and those
 * connected for the first time in it, by the dates connections took effect (one disconnected during the
 * year is not connected at its end).
 */
export async function connectedAgencies(
  db: Pick<DataSource, 'query'>,
  year: number,
): Promise<{ type: string; connected: number; newly: number }[]> {
  const start = `${year}-01-01T00:00:00+07:00`;
  const end = `${year + 1}-01-01T00:00:00+07:00`;
  const rows: { type: string; connected: number; newly: number }[] = await db.query(
    `SELECT d.agency_type AS type,
              count(DISTINCT d.agency_id) FILTER (WHERE c.connected_at < $2 AND (c.disconnected_at IS NULL OR c.disconnected_at >= $2))::int AS connected,
              count(DISTINCT d.agency_id) FILTER (WHERE first.first_at >= $1 AND first.first_at < $2)::int AS newly
         FROM agency_directory d
         JOIN agency_connections c ON c.agency_id = d.agency_id
         JOIN (SELECT agency_id, min(connected_at) AS first_at FROM agency_connections GROUP BY agency_id) first ON first.agency_id = d.agency_id
        GROUP BY d.agency_type`,
    [start, end],
  );
  return rows;
}
