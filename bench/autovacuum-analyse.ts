import pg from 'pg';

/**
 * What autovacuum's analyse would have done by now, on a server that runs without it (this machine's
 * does): every table not switched off for autovacuum and changed since it was last analysed by more
 * than its threshold (autovacuum_analyze_threshold + autovacuum_analyze_scale_factor × its rows, the
 * table's own settings first: report_status's are 5,000 + 0 × its rows, migration 1763858700000) is
 * analysed (docs/operations.md asks the operators of such servers to analyse report_status). Without
 * it a benchmark's own submissions (thousands of SUBMITTED reports from one regency) leave the planner's
 * statistics saying no report waits for verification, and it walks the wrong index. Returns the tables
 * analysed; none when autovacuum is on.
 */
export async function analyseAsAutovacuumWould(url: string): Promise<string[]> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    const { rows } = await client.query<{ name: string }>(
      `WITH settings AS (
         SELECT s.schemaname, s.relname, s.n_mod_since_analyze, greatest(c.reltuples, 0) AS tuples,
                (SELECT option_value::float8 FROM pg_options_to_table(c.reloptions)
                  WHERE option_name = 'autovacuum_analyze_threshold') AS threshold,
                (SELECT option_value::float8 FROM pg_options_to_table(c.reloptions)
                  WHERE option_name = 'autovacuum_analyze_scale_factor') AS scale_factor
           FROM pg_stat_user_tables s JOIN pg_class c ON c.oid = s.relid
          WHERE current_setting('autovacuum') = 'off'
            AND coalesce((SELECT option_value::boolean FROM pg_options_to_table(c.reloptions)
                           WHERE option_name = 'autovacuum_enabled'), true)
       )
       SELECT format('%I.%I', schemaname, relname) AS name FROM settings
        WHERE n_mod_since_analyze > coalesce(threshold, current_setting('autovacuum_analyze_threshold')::float8)
              + coalesce(scale_factor, current_setting('autovacuum_analyze_scale_factor')::float8) * tuples
        ORDER BY 1`,
    );
    for (const { name } of rows) await client.query(`ANALYZE ${name}`);
    return rows.map((row) => row.name);
  } finally {
    await client.end();
  }
}
