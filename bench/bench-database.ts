import { createScratchDatabase, type ScratchDatabase } from '../src/database/scratch-database.js';

/**
 * The database a benchmark measures: a store kept by an earlier run (`--store URL`, never dropped), or a
 * fresh one on DATABASE_URL's server (the embedded database without it).
 */
export async function benchDatabase(store: string | undefined): Promise<ScratchDatabase> {
  if (store) return { url: store, kind: 'external', drop: async () => undefined };
  return createScratchDatabase('aduan_bench', process.env.DATABASE_URL);
}

/** Drops the benchmark's database, or leaves it (`--keep`, or a kept store) and says where it is. */
export async function leaveBenchDatabase(database: ScratchDatabase, bench: string, keep: boolean): Promise<void> {
  if (keep) console.error(`[${bench}] kept the database: ${database.url}`);
  else await database.drop();
}
