import type { DataSource } from 'typeorm';
import type { ConnectionPeriod } from '../../contexts/agencies/agency.js';
import { DomainError } from '../../contexts/domain-error.js';
import { searchName } from './search-name.js';
import { isUuid } from '../../src/kernel/uuid.js';

type Db = Pick<DataSource, 'query'>;

export interface DirectoryAgency {
  id: string;
  name: string;
  type: string;
  regionCode: string | null;
  parentId: string | null;
  connected: boolean;
  connectedAt: string | null;
  units: { id: string; name: string }[];
  /**
   * The periods it was connected, oldest first: read only when first asked for (a getter), in one
   * query for all the agencies read together.
   */
  readonly connections: Promise<ConnectionPeriod[]>;
}

export interface AgencyDirectoryFilter {
  /** Words a person types: every one must appear in the name, anywhere, case and accents aside. */
  search?: string | null;
  type?: string | null;
  /** A Kemendagri code or a prefix of one (13 covers 13.76). */
  regionCode?: string | null;
  parentId?: string | null;
  connected?: boolean | null;
}

export interface AgencyPage {
  edges: { cursor: string; agency: DirectoryAgency }[];
  hasNextPage: boolean;
  endCursor: string | null;
  /** Agencies matching the filter, on every page alike; counted only when asked for. */
  totalCount: () => Promise<number>;
}

interface Row {
  agency_id: string;
  name: string;
  search_name: string;
  agency_type: string;
  region_code: string | null;
  parent_id: string | null;
  connected: boolean;
  connected_at: Date | null;
  units: { id: string; name: string }[];
}

/** The directory in name order, `first` at a time after the cursor `after`. */
export async function listAgencies(
  db: Db,
  { filter, first, after }: { filter: AgencyDirectoryFilter | null; first: number; after: string | null },
): Promise<AgencyPage> {
  const where: string[] = [];
  const values: unknown[] = [];
  const bind = (value: unknown) => `$${values.push(value)}`;
  for (const word of searchName(filter?.search ?? '')
    .split(' ')
    .filter(Boolean))
    where.push(`search_name LIKE ${bind(`%${word.replace(/[\\%_]/g, (c) => `\\${c}`)}%`)}`);
  if (filter?.type) where.push(`agency_type = ${bind(filter.type)}`);
  if (filter?.regionCode) {
    const code = bind(filter.regionCode);
    where.push(`(region_code = ${code} OR region_code LIKE ${code} || '.%')`);
  }
  if (filter?.parentId) where.push(`parent_id = ${bind(filter.parentId)}`);
  if (filter?.connected != null) where.push(`connected = ${bind(filter.connected)}`);
  const matching = where.length ? `WHERE ${where.join(' AND ')}` : '';
  const countValues = [...values];
  if (after) {
    const [name, id] = decodeCursor(after);
    where.push(`(search_name, agency_id) > (${bind(name)}, ${bind(id)}::uuid)`);
  }
  const rows: Row[] = await db.query(
    `SELECT * FROM agency_directory ${where.length ? `WHERE ${where.join(' AND ')}` : ''}
      ORDER BY search_name, agency_id LIMIT ${bind(first + 1)}`,
    values,
  );
  const page = rows.slice(0, first);
  const periods = connectionPeriods(
    db,
    page.map((row) => row.agency_id),
  );
  const edges = page.map((row) => ({
    cursor: Buffer.from(JSON.stringify([row.search_name, row.agency_id])).toString('base64url'),
    agency: toAgency(row, periods),
  }));
  return {
    edges,
    hasNextPage: rows.length > first,
    endCursor: edges.at(-1)?.cursor ?? null,
    totalCount: async () =>
      (
        (await db.query(`SELECT count(*)::int AS n FROM agency_directory ${matching}`, countValues)) as { n: number }[]
      )[0]!.n,
  };
}

/** Agencies of the directory by id (unknown and malformed ids are left out). */
export async function agenciesById(db: Db, agencyIds: readonly string[]): Promise<DirectoryAgency[]> {
  const rows: Row[] = await db.query(`SELECT * FROM agency_directory WHERE agency_id = ANY($1::uuid[])`, [
    agencyIds.filter(isUuid),
  ]);
  const periods = connectionPeriods(
    db,
    rows.map((row) => row.agency_id),
  );
  return rows.map((row) => toAgency(row, periods));
}

/** The connection periods of these agencies, read once, the first time one is asked for. */
function connectionPeriods(db: Db, agencyIds: string[]): (agencyId: string) => Promise<ConnectionPeriod[]> {
  let byAgency: Promise<Map<string, ConnectionPeriod[]>> | null = null;
  const read = async () => {
    const rows: { agency_id: string; connected_at: Date; disconnected_at: Date | null }[] = await db.query(
      `SELECT agency_id, connected_at, disconnected_at FROM agency_connections WHERE agency_id = ANY($1::uuid[])
        ORDER BY agency_id, connected_at, disconnected_at NULLS LAST`,
      [agencyIds],
    );
    const periods = new Map<string, ConnectionPeriod[]>();
    for (const row of rows) {
      const list = periods.get(row.agency_id) ?? [];
      list.push({ from: row.connected_at.toISOString(), to: row.disconnected_at?.toISOString() ?? null });
      periods.set(row.agency_id, list);
    }
    return periods;
  };
  return async (agencyId) => (await (byAgency ??= read())).get(agencyId) ?? [];
}

function toAgency(row: Row, periods: (agencyId: string) => Promise<ConnectionPeriod[]>): DirectoryAgency {
  return {
    id: row.agency_id,
    name: row.name,
    type: row.agency_type,
    regionCode: row.region_code,
    parentId: row.parent_id,
    connected: row.connected,
    connectedAt: row.connected_at?.toISOString() ?? null,
    units: row.units,
    get connections() {
      return periods(row.agency_id);
    },
  };
}

function decodeCursor(cursor: string): [string, string] {
  try {
    const [name, id] = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8')) as [unknown, unknown];
    if (typeof name !== 'string' || name.length > 400 || typeof id !== 'string' || !isUuid(id)) throw new Error();
    return [name, id];
  } catch {
    throw new DomainError('BAD_USER_INPUT', 'after is not a cursor this query returned', { argument: 'after' });
  }
}
