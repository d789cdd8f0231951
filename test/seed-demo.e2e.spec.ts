import { afterAll, describe, expect, it } from '@jest/globals';
import pg from 'pg';
import { verifyAll } from '../src/audit/verify-all.js';
import { loadConfig } from '../src/config/config.js';
import { migrate } from '../src/database/data-source.js';
import { createScratchDatabase, type ScratchDatabase } from '../src/database/scratch-database.js';
import { seedDemo } from '../src/demo/seed-demo.js';
import { PostgresEventLog } from '../src/event-store/postgres-event-log.js';
import { PostgresEventStore } from '../src/event-store/postgres-event-store.js';

describe('seed demo', () => {
  const databases: ScratchDatabase[] = [];
  afterAll(async () => {
    for (const database of databases) await database.drop();
  });

  /** Seeds a fresh database and returns what a newcomer would see in it. */
  async function seeded(reports: number, seed: number) {
    const database = await createScratchDatabase('aduan_test', process.env.DATABASE_URL);
    databases.push(database);
    await migrate(database.url);
    const config = loadConfig({ LOG_LEVEL: 'error' });
    const result = await seedDemo(config, database, { reports, seed });
    const client = new pg.Client({ connectionString: database.url });
    const pool = new pg.Pool({ connectionString: database.url, max: 1 });
    await client.connect();
    try {
      const rows = async (sql: string) => (await client.query(sql)).rows;
      return {
        database,
        config,
        result,
        agencies: (await rows(`SELECT name FROM agency_directory ORDER BY name`)).map((r) => r.name as string),
        reports: (await rows(
          `SELECT title, status, channel, category, agency_id IS NOT NULL AS routed FROM report_status ORDER BY submitted_at, title`,
        )) as { title: string; status: string }[],
        verified: await verifyAll({ stored: new PostgresEventStore(pool), log: new PostgresEventLog(pool) }),
      };
    } finally {
      await client.end();
      await pool.end();
    }
  }

  it('fills an empty database through the API with the agencies DOMAIN.md names and reports in many states, the same for the same seed', async () => {
    const first = await seeded(80, 7);
    expect(first.agencies).toEqual(
      expect.arrayContaining([
        'Pemerintah Kota Payakumbuh',
        'Pemerintah Kota Padang Panjang',
        'Pemerintah Provinsi Sumatera Barat',
        'Pemerintah Kota Pontianak',
        'Pemerintah Kota Medan',
        'Kementerian Sosial',
      ]),
    );
    expect(first.reports).toHaveLength(80);
    expect(new Set(first.reports.map((r) => r.status)).size).toBeGreaterThanOrEqual(6);
    expect(first.result.events).toBeGreaterThan(80 * 4);
    expect(first.verified).toMatchObject({ broken: [], events: first.result.events });
    await expect(seedDemo(first.config, first.database, { reports: 5, seed: 7 })).rejects.toThrow(
      'holds events already',
    );

    const again = await seeded(80, 7);
    expect(again.reports).toEqual(first.reports);
    const other = await seeded(80, 8);
    expect(other.reports).not.toEqual(first.reports);
  });
});
