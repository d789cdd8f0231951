import { migrate } from '../../src/database/data-source.js';
import { createScratchDatabase, type ScratchDatabase } from '../../src/database/scratch-database.js';

export type TestDatabase = ScratchDatabase;

/**
 * A fresh, migrated database for one test file: a new database on the server at DATABASE_URL
 * when it is set, otherwise a new in-memory embedded PostgreSQL. Runs never share state.
 */
export async function createTestDatabase(): Promise<TestDatabase> {
  const database = await createScratchDatabase('aduan_test', process.env.DATABASE_URL);
  await migrate(database.url);
  return database;
}
