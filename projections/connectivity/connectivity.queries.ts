import type { DataSource } from 'typeorm';

/** Per agency type: agencies connected at the end of `year` (WIB) and those connected for the first time in it. */
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
        GROUP BY d.agency_type
       HAVING count(*) FILTER (WHERE c.connected_at < $2 AND (c.disconnected_at IS NULL OR c.disconnected_at >= $2)) > 0
           OR count(*) FILTER (WHERE first.first_at >= $1 AND first.first_at < $2) > 0
        ORDER BY d.agency_type`,
    [start, end],
  );
  return rows;
}

/** Agencies of the directory by id (unknown and malformed ids are left out). */
export async function agenciesById(
  db: Pick<DataSource, 'query'>,
  agencyIds: readonly string[],
): Promise<{ id: string; name: string; type: string; regionCode: string | null }[]> {
  const uuids = agencyIds.filter((id) => /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i.test(id));
  const rows: { id: string; name: string; type: string; region_code: string | null }[] = await db.query(
    `SELECT agency_id::text AS id, name, agency_type AS type, region_code FROM agency_directory WHERE agency_id = ANY($1::uuid[])`,
    [uuids],
  );
  return rows.map((row) => ({ id: row.id, name: row.name, type: row.type, regionCode: row.region_code }));
}
