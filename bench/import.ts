/**
 * `npx aduan import` of a generated legacy file (bench/legacy-file.ts) at two sizes, each into a
 * fresh database, against the store's plain append (one event to a new stream from eight writers,
 * as bench:append) measured in the same run: events a second, their ratio to the append baseline,
 * and the import process's peak memory at both sizes (flat in the file's size when the ratio of the
 * two peaks stays near 1). Prints one JSON line with --json.
 *
 *   npm run bench:import -- --json [--cases 40000]
 */
import { spawn } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { createWriteStream, mkdtempSync, readFileSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { once } from 'node:events';
import { parseArgs } from 'node:util';
import { migrate } from '../src/database/data-source.js';
import { createScratchDatabase } from '../src/database/scratch-database.js';
import { createPool } from '../src/event-store/event-store.module.js';
import { PostgresEventStore } from '../src/event-store/postgres-event-store.js';
import { legacyLines } from './legacy-file.js';

const { values: args } = parseArgs({
  options: { json: { type: 'boolean', default: false }, cases: { type: 'string', default: '40000' } },
});
const cases = Number(args.cases);

async function writeFile(file: string, count: number): Promise<void> {
  const out = createWriteStream(file);
  for (const line of legacyLines({ cases: count, seed: 3 })) if (!out.write(`${line}\n`)) await once(out, 'drain');
  out.end();
  await once(out, 'finish');
}

/** The built CLI importing `file` into a fresh database: events written, seconds the import took, peak RSS. */
async function importRun(file: string): Promise<{ events: number; seconds: number; peakRssMb: number }> {
  const database = await createScratchDatabase('aduan_bench', process.env.DATABASE_URL);
  try {
    await migrate(database.url);
    const child = spawn(process.execPath, ['dist/src/cli/aduan.js', 'import', file, '--source', 'bench'], {
      env: { ...process.env, DATABASE_URL: database.url, LOG_LEVEL: 'warn', DEADLINE_WATCH_INTERVAL_MS: '0' },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let output = '';
    child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()));
    child.stderr.on('data', () => undefined);
    let peakKb = 0;
    const sampler = setInterval(() => {
      try {
        const hwm = /VmHWM:\s+(\d+) kB/.exec(readFileSync(`/proc/${child.pid}/status`, 'utf8'));
        if (hwm) peakKb = Math.max(peakKb, Number(hwm[1]));
      } catch {
        // The process has ended between two samples.
      }
    }, 100);
    const [code] = (await once(child, 'exit')) as [number | null];
    clearInterval(sampler);
    const summary = /([\d,]+) events in ([\d.]+) s/.exec(output);
    if (code !== 0 || !summary) throw new Error(`The import failed (${code}):\n${output}`);
    return {
      events: Number(summary[1]!.replaceAll(',', '')),
      seconds: Number(summary[2]),
      peakRssMb: Math.round(peakKb / 1024),
    };
  } finally {
    await database.drop();
  }
}

/** The store's own append rate: one event to a new stream, eight writers, for `ms`. */
async function appendBaseline(ms: number): Promise<number> {
  const database = await createScratchDatabase('aduan_bench', process.env.DATABASE_URL);
  try {
    await migrate(database.url);
    const pool = createPool(database.url, 8);
    const store = new PostgresEventStore(pool, { preparedStatements: database.kind === 'external' });
    const metadata = {
      correlationId: randomUUID(),
      actor: { id: 'bench', role: 'ADMIN' },
      occurredAt: new Date().toISOString(),
    };
    let appended = 0;
    const until = performance.now() + ms;
    await Promise.all(
      Array.from({ length: 8 }, async () => {
        while (performance.now() < until) {
          await store.appendToStream(`report-${randomUUID()}`, 'no_stream', [
            { eventId: randomUUID(), type: 'ReportSubmitted', schemaVersion: 1, data: { title: 'x' }, metadata },
          ]);
          appended++;
        }
      }),
    );
    await pool.end();
    return Math.round((appended / ms) * 1000);
  } finally {
    await database.drop();
  }
}

async function main(): Promise<void> {
  if (!process.env.DATABASE_URL) console.error('DATABASE_URL is not set: measuring the embedded database instead');
  const folder = mkdtempSync(path.join(tmpdir(), 'aduan-bench-import-'));
  const small = path.join(folder, 'small.jsonl');
  const large = path.join(folder, 'large.jsonl');
  await writeFile(small, Math.round(cases / 4));
  await writeFile(large, cases);
  const baselineBefore = await appendBaseline(5_000);
  const smallRun = await importRun(small);
  const largeRun = await importRun(large);
  const baselineAfter = await appendBaseline(5_000);
  const appendEventsPerSec = Math.round((baselineBefore + baselineAfter) / 2);
  const eventsPerSec = Math.round(largeRun.events / largeRun.seconds);
  const result = {
    cases,
    events: largeRun.events,
    seconds: largeRun.seconds,
    eventsPerSec,
    appendEventsPerSec,
    ratioToAppend: Math.round((eventsPerSec / appendEventsPerSec) * 100) / 100,
    fileMb: Math.round(statSync(large).size / 1e5) / 10,
    peakRssMb: largeRun.peakRssMb,
    quarterFile: {
      cases: Math.round(cases / 4),
      eventsPerSec: Math.round(smallRun.events / smallRun.seconds),
      peakRssMb: smallRun.peakRssMb,
    },
    peakRssRatio: Math.round((largeRun.peakRssMb / smallRun.peakRssMb) * 100) / 100,
  };
  if (args.json) console.log(JSON.stringify(result));
  else console.table(result);
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
