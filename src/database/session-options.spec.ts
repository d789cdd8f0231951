import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { DataSource } from 'typeorm';
import { createTestDatabase, type TestDatabase } from '../../test/support/test-database.js';
import { createPool } from '../event-store/event-store.module.js';
import { dataSourceOptions } from './data-source.js';

describe('the service’s database sessions', () => {
  let database: TestDatabase;
  beforeAll(async () => {
    database = await createTestDatabase();
  });
  afterAll(() => database.drop());

  it('plan without parallel workers, through TypeORM and through the pool alike', async () => {
    const dataSource = await new DataSource(dataSourceOptions(database.url, 2)).initialize();
    const pool = createPool(database.url, 2);
    try {
      expect(await dataSource.query('SHOW max_parallel_workers_per_gather')).toEqual([
        { max_parallel_workers_per_gather: '0' },
      ]);
      expect((await pool.query('SHOW max_parallel_workers_per_gather')).rows).toEqual([
        { max_parallel_workers_per_gather: '0' },
      ]);
    } finally {
      await dataSource.destroy();
      await pool.end();
    }
  });
});
