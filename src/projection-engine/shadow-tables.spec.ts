import { setTimeout as sleep } from 'node:timers/promises';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { history } from '../../contexts/reports/report.given.js';
import { REPORT_STATUSES } from '../../contexts/reports/report.state.js';
import { allProjections } from '../../projections/index.js';
import { projectionHarness, type ProjectionHarness } from '../../test/support/projection-harness.js';
import { PostgresEventLog } from '../event-store/postgres-event-log.js';
import { rebuildProjections } from './projection-rebuild.js';

/** Everything that makes a table what it is, less the order of its columns (a generated column moves to the end). */
const DEFINITION = `
  SELECT c.relname AS table, c.relpersistence AS persistence, c.relacl::text AS privileges, c.reloptions AS options,
    pg_get_userbyid(c.relowner) AS owner,
    (SELECT json_agg(json_build_array(a.attname, format_type(a.atttypid, a.atttypmod), a.attnotnull, a.attgenerated,
              pg_get_expr(d.adbin, d.adrelid)) ORDER BY a.attname)
       FROM pg_attribute a LEFT JOIN pg_attrdef d ON d.adrelid = a.attrelid AND d.adnum = a.attnum
      WHERE a.attrelid = c.oid AND a.attnum > 0 AND NOT a.attisdropped) AS columns,
    (SELECT json_agg(json_build_array(conname, pg_get_constraintdef(oid)) ORDER BY conname)
       FROM pg_constraint WHERE conrelid = c.oid) AS constraints,
    (SELECT json_agg(json_build_array(i.relname, pg_get_indexdef(i.oid)) ORDER BY i.relname)
       FROM pg_index x JOIN pg_class i ON i.oid = x.indexrelid WHERE x.indrelid = c.oid) AS indexes,
    (SELECT json_agg(json_build_array(s.stxnamespace::regnamespace::text, s.stxname, pg_get_statisticsobjdef(s.oid))
              ORDER BY s.stxname::text COLLATE "C")
       FROM pg_statistic_ext s WHERE s.stxrelid = c.oid) AS statistics
  FROM pg_class c WHERE c.relnamespace = 'public'::regnamespace AND c.relname = ANY($1) ORDER BY c.relname`;

describe('the tables a rebuild swaps in', () => {
  let h: ProjectionHarness;
  const projections = allProjections();
  const tables = projections.flatMap((p) => [...p.tables]);
  const rebuild = () =>
    rebuildProjections(projections, {
      store: h.store,
      log: new PostgresEventLog(h.pool),
      dataSource: h.dataSource,
      pool: h.pool,
    });
  const rows = () =>
    Promise.all(tables.map((t) => h.dataSource.query(`SELECT * FROM ${t} ORDER BY ${t}::text COLLATE "C"`)));
  const oids = () =>
    h.dataSource.query(
      `SELECT relname, oid FROM pg_class WHERE relname = ANY($1) AND relnamespace = 'public'::regnamespace`,
      [tables],
    );

  beforeAll(async () => {
    h = await projectionHarness();
    for (const status of REPORT_STATUSES) await h.given(history[status]);
    for (const projection of projections) await h.catchUp(projection);
  });
  afterAll(() => h.close());

  it('are the live tables again: columns, defaults, generated columns, constraints, indexes, logged', async () => {
    // Privileges an operator granted (here to everyone) and storage parameters are kept on the new tables.
    await h.dataSource.query(`GRANT SELECT ON report_status, report_timeline TO PUBLIC`);
    await h.dataSource.query(`ALTER TABLE report_timeline SET (fillfactor = 90)`);
    // Statistics an operator made: on an expression of the generated column, under a name that needs quotes.
    await h.dataSource.query(
      `CREATE STATISTICS "Status by words" (ndistinct, mcv) ON status, (length(search_vector)) FROM report_status`,
    );
    const definitions = await h.dataSource.query(DEFINITION, [tables]);
    expect(definitions.filter((d: { privileges: string | null }) => d.privileges?.includes('=r/'))).toHaveLength(2);
    expect(definitions.filter((d: { options: string[] | null }) => d.options?.includes('fillfactor=90'))).toHaveLength(
      1,
    );
    // report_status is analysed after every 5,000 changes, with statistics of its statuses by region
    // (migration 1763858700000), before and after the rebuild.
    const reportStatus = definitions.find((d: { table: string }) => d.table === 'report_status');
    expect(reportStatus.options).toEqual(['autovacuum_analyze_scale_factor=0', 'autovacuum_analyze_threshold=5000']);
    expect(reportStatus.statistics).toEqual([
      [
        'public',
        'Status by words',
        'CREATE STATISTICS public."Status by words" (ndistinct, mcv) ON status, length(search_vector) FROM report_status',
      ],
      [
        'public',
        'report_status_status_region',
        'CREATE STATISTICS public.report_status_status_region (mcv) ON status, region_code FROM report_status',
      ],
    ]);
    expect(definitions).toHaveLength(tables.length);
    const [before, live] = [await rows(), await oids()];
    await rebuild();
    // New tables under the old names (so the rows were not copied into the old ones) with the same definition and rows.
    expect(
      (await oids()).filter((row: { oid: number }) => live.some((old: { oid: number }) => old.oid === row.oid)),
    ).toEqual([]);
    expect(await h.dataSource.query(DEFINITION, [tables])).toEqual(definitions);
    expect(await rows()).toEqual(before);
    // A second rebuild starts from the swapped tables (the generated column now last) and ends the same.
    await rebuild();
    expect(await h.dataSource.query(DEFINITION, [tables])).toEqual(definitions);
    expect(await rows()).toEqual(before);
  });

  it('waits out a reader that holds a live table longer than one attempt of the swap allows', async () => {
    const reader = await h.pool.connect();
    try {
      await reader.query('BEGIN');
      await reader.query('SELECT count(*) FROM report_timeline');
      const rebuilt = rebuild();
      // Longer than the swap's lock timeout (3 s): its first attempt gives up, a later one succeeds.
      await sleep(4_500);
      await reader.query('COMMIT');
      await expect(rebuilt).resolves.toMatchObject({ events: expect.any(Number) });
    } finally {
      reader.release();
    }
  });

  it('generates the search vector of rows written after the swap, and readers never fail during one', async () => {
    let reads = 0;
    let rebuilding = true;
    const reader = (async () => {
      while (rebuilding) {
        await h.dataSource.query(
          `SELECT count(*) FROM report_status s JOIN report_timeline t USING (report_id) JOIN agency_report_performance USING (report_id)`,
        );
        reads++;
      }
    })();
    await rebuild().finally(() => (rebuilding = false));
    await reader;
    expect(reads).toBeGreaterThan(0);
    const id = await h.given(
      history.SUBMITTED.map((e) =>
        e.type === 'ReportSubmitted' ? { ...e, data: { ...e.data, title: 'Lampu jalan padam di Sawahan' } } : e,
      ),
    );
    await h.catchUp(projections[0]);
    expect(
      await h.dataSource.query(
        `SELECT report_id FROM report_status WHERE search_vector @@ plainto_tsquery('indonesian', 'lampu padam')`,
      ),
    ).toEqual([{ report_id: id }]);
  });
});
