import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import pg from 'pg';
import { createTestDatabase, type TestDatabase } from '../../test/support/test-database.js';

describe('migrations 1763858200000 and 1763858900000', () => {
  let database: TestDatabase;
  beforeAll(async () => {
    database = await createTestDatabase();
  });
  afterAll(() => database.drop());

  it('give the service’s role in its database no parallel workers and no JIT, and no other role or database', async () => {
    const client = new pg.Client({ connectionString: database.url });
    await client.connect();
    try {
      const { rows } = await client.query(
        `SELECT r.rolname = current_user AS ours, s.setdatabase = (SELECT oid FROM pg_database WHERE datname = current_database()) AS here,
                s.setconfig FROM pg_db_role_setting s LEFT JOIN pg_roles r ON r.oid = s.setrole
          WHERE s.setconfig && ARRAY['max_parallel_workers_per_gather=0', 'jit=off']
            -- Other databases' own migrations (other suites, runs that died before dropping theirs) are not this one's doing.
            AND s.setdatabase IN (0, (SELECT oid FROM pg_database WHERE datname = current_database()))`,
      );
      expect(rows).toEqual([{ ours: true, here: true, setconfig: ['max_parallel_workers_per_gather=0', 'jit=off'] }]);
      // A session opened after the migrations plans with them (the embedded database has one session, opened before).
      if (database.kind === 'external') {
        expect((await client.query('SHOW max_parallel_workers_per_gather')).rows).toEqual([
          { max_parallel_workers_per_gather: '0' },
        ]);
        expect((await client.query('SHOW jit')).rows).toEqual([{ jit: 'off' }]);
      }
    } finally {
      await client.end();
    }
  });
});
