import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { spawn } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import pg from 'pg';
import { legacyLines } from '../bench/legacy-file.js';
import { migrate } from '../src/database/data-source.js';
import { createScratchDatabase, type ScratchDatabase } from '../src/database/scratch-database.js';

const CASES = 3_000;

/** `npx aduan import` as a separate process (dist/, built by test/support/global-setup.js): a run, its exit code, what it printed. */
function runImport(databaseUrl: string, args: string[], onOutput?: (text: string) => void) {
  const child = spawn(process.execPath, ['dist/src/cli/aduan.js', 'import', ...args], {
    env: { ...process.env, DATABASE_URL: databaseUrl, LOG_LEVEL: 'warn', DEADLINE_WATCH_INTERVAL_MS: '0' },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  const collect = (chunk: Buffer) => {
    output += chunk.toString();
    onOutput?.(output);
  };
  child.stdout.on('data', collect);
  child.stderr.on('data', collect);
  const exited = new Promise<{ code: number | null; signal: string | null }>((resolve) =>
    child.once('exit', (code, signal) => resolve({ code, signal })),
  );
  return { child, exited, output: () => output };
}

/** Killed with SIGKILL in the middle and run again: every case once, none twice, every chain intact. */
(process.env.DATABASE_URL ? describe : describe.skip)('an import killed with -9 and run again', () => {
  let database: ScratchDatabase;
  let pool: pg.Pool;
  let file: string;

  beforeAll(async () => {
    database = await createScratchDatabase('aduan_test', process.env.DATABASE_URL);
    await migrate(database.url);
    pool = new pg.Pool({ connectionString: database.url, max: 2 });
    file = path.join(mkdtempSync(path.join(tmpdir(), 'aduan-import-')), 'kota-contoh.jsonl');
    writeFileSync(file, `${[...legacyLines({ cases: CASES, seed: 7 })].join('\n')}\n`);
  }, 60_000);
  afterAll(async () => {
    await pool?.end();
    await database?.drop();
  });

  const importedCases = async () =>
    Number(
      (
        await pool.query(
          `SELECT count(*) AS n FROM events WHERE type = 'ReportSubmitted' AND metadata->'import'->>'source' = 'kota-contoh'`,
        )
      ).rows[0].n,
    );

  it('loses no case and duplicates none', async () => {
    const first = runImport(database.url, [file]);
    // Killed once a good part of the file is in, while cases are being appended.
    const deadline = Date.now() + 120_000;
    while ((await importedCases()) < CASES / 4) {
      if (Date.now() > deadline) throw new Error(`The import did not get going:\n${first.output()}`);
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
    first.child.kill('SIGKILL');
    expect((await first.exited).signal).toBe('SIGKILL');
    const before = await importedCases();
    expect(before).toBeGreaterThan(0);
    expect(before).toBeLessThan(CASES);

    const second = runImport(database.url, [file]);
    const { code } = await second.exited;
    expect({ code, output: second.output().slice(-2_000) }).toMatchObject({ code: 0 });
    const summary = /([\d,]+) lines from kota-contoh: (\d+) imported, (\d+) already there, (\d+) refused/.exec(
      second.output(),
    );
    expect(summary).not.toBeNull();
    const [, , imported, skipped, refused] = summary!.map((n) => Number(n.replaceAll(',', '')));
    // The three definitions (two categories, the agency) are already there too.
    expect({ imported, skipped, refused }).toEqual({ imported: CASES - before, skipped: before + 3, refused: 0 });

    expect(await importedCases()).toBe(CASES);
    const { rows } = await pool.query(
      `SELECT count(DISTINCT stream_id) AS streams, count(*) FILTER (WHERE stream_version = 1) AS firsts
         FROM events WHERE stream_id LIKE 'report-%' AND metadata->'import'->>'source' = 'kota-contoh'`,
    );
    expect(rows[0]).toEqual({ streams: String(CASES), firsts: String(CASES) });

    const third = runImport(database.url, [file]);
    expect((await third.exited).code).toBe(0);
    expect(third.output()).toContain('Nothing new: every record was imported before.');
    expect(await importedCases()).toBe(CASES);
  }, 600_000);
});
