import { createReadStream } from 'node:fs';
import { stat } from 'node:fs/promises';
import { userInfo } from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { IMPORT_SCHEMA } from '../../contexts/imports/import.schema.js';
import { startApp } from '../bootstrap.js';
import { loadConfig } from '../config/config.js';
import { migrate } from '../database/data-source.js';
import { openDatabase } from '../database/database.js';
import { ImportService } from '../import/import.service.js';
import { progressBar } from './progress-bar.js';

export const IMPORT_USAGE = `npm run aduan -- import <file.jsonl> [--source NAME] [--dry-run] [--strict]   import a legacy system's history (docs/import.md)
  --source   the source system (default: the file's name); with each record's id, what makes a second run write nothing
  --dry-run  decide every line, write nothing
  --strict   stop at the first refused line
npm run aduan -- import --schema   print the JSON Schema of a line`;

/**
 * Streams the file line by line into the import (a private instance of the service on this database,
 * as `seed demo` uses): memory stays flat in the file's size. Exit 0 when every line was imported or
 * already there, 1 when some were refused (each named by its line), 2 for a usage error.
 */
export async function importCommand(argv: string[]): Promise<number> {
  const { values, positionals } = parseArgs({
    args: argv,
    allowPositionals: true,
    options: {
      source: { type: 'string' },
      'dry-run': { type: 'boolean', default: false },
      strict: { type: 'boolean', default: false },
      schema: { type: 'boolean', default: false },
    },
  });
  if (values.schema) {
    process.stdout.write(`${JSON.stringify(IMPORT_SCHEMA, null, 2)}\n`);
    return 0;
  }
  const [file] = positionals;
  if (!file || positionals.length > 1) {
    console.error(`Usage: ${IMPORT_USAGE}`);
    return 2;
  }
  const source = values.source ?? sourceFromFileName(file);
  if (!SOURCE.test(source)) {
    console.error(`--source must be lower-case letters, digits and dashes (at most 60), not ${JSON.stringify(source)}`);
    return 2;
  }
  const size = (await stat(file)).size;
  const config = loadConfig();
  const database = await openDatabase(config);
  try {
    await migrate(database.url);
    const app = await startApp(
      {
        ...config,
        port: 0,
        host: '127.0.0.1',
        logLevel: 'warn',
        rateLimits: { queriesPerMinute: 0, mutationsPerMinute: 0 },
        // The import only writes: the read models catch up in the service (now, if it runs; else when it starts).
        projections: { ...config.projections, pollIntervalMs: 0 },
        deadlineWatchIntervalMs: 0,
        anchorIntervalMs: 0,
      },
      database,
    );
    try {
      const draw = progressBar(values['dry-run'] ? 'import (dry run)' : 'import', 'bytes');
      const input = createReadStream(file);
      const started = Date.now();
      const summary = await app.get(ImportService).run(linesOf(input), {
        source,
        importedBy: `cli:${userInfo().username}`,
        dryRun: values['dry-run'],
        strict: values.strict,
        onProgress: ({ events }) =>
          draw({
            done: input.bytesRead,
            total: size,
            note: `${Math.round(events / Math.max((Date.now() - started) / 1000, 0.001)).toLocaleString('en')} events/s`,
          }),
      });
      draw({ done: size, total: size });
      process.stderr.write('\n');
      for (const problem of summary.problems) console.error(`line ${problem.line}: ${problem.reason}`);
      const seconds = (Date.now() - started) / 1000;
      console.log(
        `${values['dry-run'] ? 'dry run: ' : ''}${summary.lines.toLocaleString('en')} lines from ${source}: ${summary.imported} imported, ${summary.skipped} already there, ${summary.refused} refused; ${summary.events.toLocaleString('en')} events in ${seconds.toFixed(1)} s (batch ${summary.batchId})${summary.stoppedAt ? `; stopped at line ${summary.stoppedAt} (--strict)` : ''}`,
      );
      if (summary.imported === 0 && summary.refused === 0 && summary.skipped > 0)
        console.log('Nothing new: every record was imported before.');
      return summary.refused > 0 ? 1 : 0;
    } finally {
      await app.close();
    }
  } finally {
    await database.stop();
  }
}

/** The same names as the mutation takes (src/import/import.resolver.ts). */
const SOURCE = /^[a-z0-9][a-z0-9-]{0,59}$/;

/** The file's lines, read as they stream in (a line may be long: a case with its whole history); a byte-order mark is not part of line 1. */
async function* linesOf(input: NodeJS.ReadableStream): AsyncGenerator<string> {
  let rest = '';
  let first = true;
  input.setEncoding('utf8');
  for await (const chunk of input) {
    let text = chunk as string;
    if (first) text = text.replace(/^\uFEFF/, '');
    first = false;
    const parts = (rest + text).split('\n');
    rest = parts.pop()!;
    yield* parts;
  }
  if (rest !== '') yield rest;
}

/** medan-2022.jsonl → medan-2022. */
function sourceFromFileName(file: string): string {
  return (
    path
      .basename(file)
      .replace(/\.[^.]*$/, '')
      .toLowerCase()
      .replace(/[^a-z0-9-]+/g, '-')
      .replace(/^-+|-+$/g, '')
      .slice(0, 60) || 'import'
  );
}
