/**
 * What an anchor (and an audit bundle's inclusion proof) costs to compute: the digest of every stream's
 * head below a frontier, read with EventLog.headsBelow (a row per stream), against the baseline of the
 * walk over every event that verify-all makes (and the anchors made before headsBelow), in the same run,
 * on a generated store (or a kept one). Prints
 *   { "events", "streams", "headsSeconds", "walkSeconds", "walkOverHeads", "sameRoot" }
 * with the faster of `--runs` runs of each (alternated).
 *
 *   npm run bench:anchor -- --events 1000000 --json [--keep | --store URL] [--runs 2]
 */
import { parseArgs } from 'node:util';
import { digestHeads, AnchorDigests } from '../src/audit/anchors.js';
import { migrate } from '../src/database/data-source.js';
import { createPool } from '../src/event-store/event-store.module.js';
import { PostgresEventLog } from '../src/event-store/postgres-event-log.js';
import { generateEvents } from './lifecycle-generator.js';
import { benchDatabase, leaveBenchDatabase } from './bench-database.js';

const { values: args } = parseArgs({
  options: {
    events: { type: 'string', default: '1000000' },
    runs: { type: 'string', default: '2' },
    json: { type: 'boolean', default: false },
    keep: { type: 'boolean', default: false },
    store: { type: 'string' },
  },
});

async function main(): Promise<void> {
  if (!process.env.DATABASE_URL) console.error('DATABASE_URL is not set: measuring the embedded database instead');
  const database = await benchDatabase(args.store);
  const pool = createPool(database.url, 2);
  try {
    await migrate(database.url);
    if (!args.store) await generateEvents(pool, Number(args.events));
    await pool.query('ANALYZE events');
    const log = new PostgresEventLog(pool);
    const frontier = await log.frontier();
    const best = { heads: Infinity, walk: Infinity };
    let roots = { heads: '', walk: '' };
    let streams = 0;
    for (let run = 0; run < Number(args.runs); run++) {
      let started = performance.now();
      const digest = await digestHeads(log, frontier);
      best.heads = Math.min(best.heads, (performance.now() - started) / 1000);
      started = performance.now();
      const walked = new AnchorDigests([frontier]);
      for await (const rows of log.walk()) for (const row of rows) walked.add(row);
      const [full] = walked.finish();
      best.walk = Math.min(best.walk, (performance.now() - started) / 1000);
      roots = { heads: digest.root, walk: full!.root };
      streams = digest.streams;
    }
    const { rows } = await pool.query<{ n: number }>('SELECT count(*)::int AS n FROM events');
    const result = {
      events: rows[0]!.n,
      streams,
      headsSeconds: Math.round(best.heads * 100) / 100,
      walkSeconds: Math.round(best.walk * 100) / 100,
      walkOverHeads: Math.round((best.walk / best.heads) * 10) / 10,
      sameRoot: roots.heads === roots.walk,
      database: database.kind,
    };
    if (args.json) console.log(JSON.stringify(result));
    else console.table(result);
    if (!result.sameRoot) process.exitCode = 1;
  } finally {
    await pool.end();
    await leaveBenchDatabase(database, 'anchor', Boolean(args.keep || args.store));
  }
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
