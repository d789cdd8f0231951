import type { DataSource, EntityManager } from 'typeorm';

/**
 * The tables a rebuild fills beside the live ones, and how they take the live ones' place.
 *
 * A shadow starts as the live table's columns (their storage and compression), defaults, checks and
 * storage parameters (the figures tables' parallel_workers), with only its primary key and unique
 * constraints and indexes (what ON CONFLICT and the projections' lookups by key use), and UNLOGGED:
 * the replay writes it without WAL and keeps no other index or generated column up to date. Once the
 * replay has caught up, `finishShadowTable` makes it what the live table is: logged (one rewrite, which
 * also computes the generated columns, report_status.search_vector), every other index built once, the
 * live table's extended statistics made under their names, analysed. `swapShadowTable` then puts it in
 * the live table's place by name, in the rebuild's last transaction: the live runners pause for the last few events and the renames,
 * however large the tables (copying the rows into the live tables took ~3.5 s at 300,000 events and
 * grew with them, and left every old row dead in the live table).
 */
export async function createShadowTable(db: DataSource, schema: string, table: string): Promise<void> {
  const [live]: { owner: string; may: boolean; options: string[] | null }[] = await db.query(
    `SELECT pg_get_userbyid(relowner) AS owner, pg_has_role(relowner, 'MEMBER') AS may, reloptions AS options
       FROM pg_class WHERE oid = $1::regclass`,
    [`public.${table}`],
  );
  // The swap drops the live table, which only its owner may: say so now rather than after the replay.
  if (!live!.may)
    throw new Error(`A rebuild of ${table} must run as its owner (${live!.owner}) or a member of that role`);
  await db.query(
    `CREATE UNLOGGED TABLE ${schema}.${table} (LIKE public.${table} INCLUDING DEFAULTS INCLUDING CONSTRAINTS
       INCLUDING STORAGE INCLUDING COMPRESSION)`,
  );
  if (live!.options) await db.query(`ALTER TABLE ${schema}.${table} SET (${live!.options.join(', ')})`);
  const keys: { name: string; definition: string }[] = await db.query(
    `SELECT quote_ident(conname) AS name, pg_get_constraintdef(oid) AS definition FROM pg_constraint
      WHERE conrelid = $1::regclass AND contype IN ('p', 'u', 'x') ORDER BY conname`,
    [`public.${table}`],
  );
  for (const { name, definition } of keys)
    await db.query(`ALTER TABLE ${schema}.${table} ADD CONSTRAINT ${name} ${definition}`);
  await createIndexes(db, schema, table, true);
}

/**
 * Makes a shadow that has caught up a table like the live one: logged, generated columns computed, every
 * index built, owned by the live table's owner, with the privileges others were granted on it.
 */
export async function finishShadowTable(db: DataSource, schema: string, table: string): Promise<void> {
  const generated: { name: string; type: string; expression: string }[] = await db.query(
    `SELECT quote_ident(a.attname) AS name, format_type(a.atttypid, a.atttypmod) AS type, pg_get_expr(d.adbin, d.adrelid) AS expression
       FROM pg_attribute a JOIN pg_attrdef d ON d.adrelid = a.attrelid AND d.adnum = a.attnum
      WHERE a.attrelid = $1::regclass AND a.attgenerated = 's' AND NOT a.attisdropped ORDER BY a.attnum`,
    [`public.${table}`],
  );
  // One rewrite of the table: the replay kept the generated columns as plain, empty ones.
  const columns = generated.map(
    ({ name, type, expression }) =>
      `, DROP COLUMN ${name}, ADD COLUMN ${name} ${type} GENERATED ALWAYS AS (${expression}) STORED`,
  );
  await db.query(`ALTER TABLE ${schema}.${table} SET LOGGED${columns.join('')}`);
  await createIndexes(db, schema, table, false);
  const [{ owner }]: { owner: string }[] = await db.query(
    `SELECT quote_ident(pg_get_userbyid(relowner)) AS owner FROM pg_class WHERE oid = $1::regclass`,
    [`public.${table}`],
  );
  await db.query(`ALTER TABLE ${schema}.${table} OWNER TO ${owner}`);
  // After the rewrite, which drops statistics on the generated columns it makes anew.
  for (const name of await createStatistics(db, schema, table))
    await db.query(`ALTER STATISTICS ${schema}.${name} OWNER TO ${owner}`);
  const grants: { grant: string }[] = await db.query(
    `SELECT format('GRANT %s ON ${schema}.${table} TO %s%s', a.privilege_type,
              CASE a.grantee WHEN 0 THEN 'PUBLIC' ELSE quote_ident(pg_get_userbyid(a.grantee)) END,
              CASE WHEN a.is_grantable THEN ' WITH GRANT OPTION' ELSE '' END) AS grant
       FROM pg_class c, aclexplode(c.relacl) a WHERE c.oid = $1::regclass AND a.grantee <> c.relowner`,
    [`public.${table}`],
  );
  for (const { grant } of grants) await db.query(grant);
  await db.query(`ANALYZE ${schema}.${table}`);
}

/** Puts a finished shadow in the live table's place (inside the rebuild's swap transaction). */
export async function swapShadowTable(tx: EntityManager, schema: string, table: string): Promise<void> {
  // Extended statistics stay in their schema when their table moves (and would go with the shadow
  // schema): each goes where the live one of its name was.
  const statistics: { name: string; home: string }[] = await tx.query(
    `SELECT quote_ident(stxname) AS name, quote_ident(stxnamespace::regnamespace::text) AS home
       FROM pg_statistic_ext WHERE stxrelid = $1::regclass`,
    [`public.${table}`],
  );
  await tx.query(`DROP TABLE public.${table}`);
  await tx.query(`ALTER TABLE ${schema}.${table} SET SCHEMA public`);
  for (const { name, home } of statistics) await tx.query(`ALTER STATISTICS ${schema}.${name} SET SCHEMA ${home}`);
}

/** The live table's unique (or other) indexes that back no constraint, built on the shadow under the same names. */
async function createIndexes(db: DataSource, schema: string, table: string, unique: boolean): Promise<void> {
  const indexes: { definition: string }[] = await db.query(
    `SELECT pg_get_indexdef(i.indexrelid) AS definition FROM pg_index i
      WHERE i.indrelid = $1::regclass AND i.indisunique = $2
        AND NOT EXISTS (SELECT 1 FROM pg_constraint c WHERE c.conrelid = i.indrelid AND c.conindid = i.indexrelid)
      ORDER BY i.indexrelid`,
    [`public.${table}`, unique],
  );
  for (const { definition } of indexes)
    await db.query(definition.replace(` ON public.${table} `, ` ON ${schema}.${table} `));
}

/** The kinds of extended statistics (pg_statistic_ext.stxkind) as CREATE STATISTICS names them; `e` (expressions) is implied. */
const STATISTICS_KINDS: Record<string, string | null> = { d: 'ndistinct', f: 'dependencies', m: 'mcv', e: null };

/**
 * The live table's extended statistics, made on the shadow under the same names (`LIKE … INCLUDING
 * STATISTICS` would name them anew, and a migration dropping one by name would fail after a rebuild);
 * their names, quoted.
 */
async function createStatistics(db: DataSource, schema: string, table: string): Promise<string[]> {
  const statistics: { name: string; kinds: string[]; columns: string }[] = await db.query(
    `SELECT quote_ident(stxname) AS name, stxkind::text[] AS kinds, pg_get_statisticsobjdef_columns(oid) AS columns
       FROM pg_statistic_ext WHERE stxrelid = $1::regclass ORDER BY stxname`,
    [`public.${table}`],
  );
  for (const { name, kinds, columns } of statistics) {
    const unknown = kinds.find((kind) => STATISTICS_KINDS[kind] === undefined);
    if (unknown) throw new Error(`Statistics ${name} on ${table}: unknown kind ${unknown}`);
    const listed = kinds.map((kind) => STATISTICS_KINDS[kind]).filter((kind) => kind !== null);
    await db.query(
      `CREATE STATISTICS ${schema}.${name} ${listed.length ? `(${listed.join(', ')})` : ''} ON ${columns} FROM ${schema}.${table}`,
    );
  }
  return statistics.map(({ name }) => name);
}
