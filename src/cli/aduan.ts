#!/usr/bin/env node
/**
 * The operator CLI, `npx aduan <command>` once built, or `npm run aduan -- <command>` (--help on every command). Commands that need the
 * database connect to DATABASE_URL, or open the embedded database in DATA_DIR when the service is
 * not running; `audit check` needs no database at all.
 */
import 'reflect-metadata';
import { readFile, writeFile } from 'node:fs/promises';
import { parseArgs } from 'node:util';
import { DataSource } from 'typeorm';
import { allProjections } from '../../projections/index.js';
import { reportStream } from '../../contexts/reports/report.events.js';
import { checkBundle, toBundle } from '../audit/audit-bundle.js';
import { anchorProof } from '../audit/anchor-proof.js';
import { AnchorWriter } from '../audit/anchor-writer.js';
import { verifyAll } from '../audit/verify-all.js';
import { renderAccessMatrix } from '../auth/access-matrix.js';
import { rewrapUnderCurrentKey } from '../privacy/master-key-wrap.js';
import { ReporterVault } from '../privacy/reporter-vault.js';
import { seedDemo } from '../demo/seed-demo.js';
import { ConfigError, loadConfig } from '../config/config.js';
import { dataSourceOptions, migrate } from '../database/data-source.js';
import { openDatabase } from '../database/database.js';
import { createPool } from '../event-store/event-store.module.js';
import type { EventLog } from '../event-store/event-log.port.js';
import type { EventStore } from '../event-store/event-store.port.js';
import { openEventStore } from '../event-store/open-event-store.js';
import { UpcastingEventStore } from '../event-store/upcasting-event-store.js';
import { REPORT_UPCASTERS } from '../../contexts/reports/report.upcasters.js';
import { rebuildProjections } from '../projection-engine/projection-rebuild.js';
import { TrackingIdRegistry } from '../reports/tracking-id-registry.js';
import { KeyedLock } from '../commands/keyed-lock.js';
import { printServiceSchema } from '../graphql/print-schema.js';
import { progressBar } from './progress-bar.js';
import { importCommand, IMPORT_USAGE } from './import-command.js';
import { tokenCommand, TOKEN_USAGE } from './token-command.js';

const USAGE: Record<string, string> = {
  'projections rebuild': `npm run aduan -- projections rebuild [name]   rebuild one read model (or all) from position 0, then swap it in
  Read models: ${allProjections()
    .map((p) => p.name)
    .join(', ')}`,
  'projections status': 'npm run aduan -- projections status           list the read models and their checkpoints',
  'audit verify-all':
    'npm run aduan -- audit verify-all             check the hash chain of every stream and every anchor (bounded memory); exit 1 if any is broken',
  'audit anchor':
    'npm run aduan -- audit anchor                 record an anchor over every stream head now (the service does it every ANCHOR_INTERVAL_MS)',
  'audit export':
    "npm run aduan -- audit export <trackingId> [--out file]   write a report's self-contained audit bundle (JSON)",
  'audit check':
    'npm run aduan -- audit check <file>           verify an audit bundle offline (no database); exit 1 naming the first broken event',
  'seed demo':
    'npm run aduan -- seed demo [--reports 300] [--seed 1]   fill an empty database with reproducible demo data through the API',
  'keys rotate':
    'npm run aduan -- keys rotate                   re-wrap every reporter data key and webhook signing key under the first key of REPORTER_DATA_KEYS (no event is rewritten)',
  'access-matrix':
    'npm run aduan -- access-matrix                print who may call each operation (the table in docs/api.md)',
  schema:
    'npm run aduan -- schema [--out file]          print the GraphQL schema (SDL) the service serves in development, without a database',
  token: TOKEN_USAGE,
  import: IMPORT_USAGE,
};
const ALL_USAGE = `Usage:\n${Object.values(USAGE)
  .map((u) => `  ${u.split('\n')[0]}`)
  .join('\n')}\n\nAdd --help to a command for more.`;

type Connected = {
  dataSource: DataSource;
  pool: ReturnType<typeof createPool>;
  stored: EventStore;
  store: UpcastingEventStore;
  log: EventLog;
};

/** Opens the database (and the event store EVENT_STORE names) for a command and closes them afterwards. */
async function withDatabase<T>(work: (db: Connected) => Promise<T>): Promise<T> {
  const config = loadConfig();
  const database = await openDatabase(config);
  await migrate(database.url);
  const dataSource = await new DataSource(dataSourceOptions(database.url, 4)).initialize();
  const pool = createPool(database.url, 4);
  const { stored, log, close } = openEventStore(pool, {
    external: database.kind === 'external',
    kurrentDbUrl: config.eventStore === 'kurrentdb' ? config.eventStoreUrl : null,
  });
  try {
    return await work({ dataSource, pool, stored, log, store: new UpcastingEventStore(stored, REPORT_UPCASTERS) });
  } finally {
    await close();
    await pool.end();
    await dataSource.destroy();
    await database.stop();
  }
}

const COMMANDS: Record<string, (args: string[]) => Promise<number>> = {
  'keys rotate': () =>
    withDatabase(async ({ dataSource }) => {
      const keys = loadConfig().reporterDataKeys;
      const rotated = await new ReporterVault(dataSource, keys).rotate();
      const signing = await rewrapUnderCurrentKey(
        dataSource,
        'webhook_keys',
        keys,
        (id) =>
          `A webhook signing key is wrapped by master key "${id}", which REPORTER_DATA_KEYS no longer holds; add it back`,
      );
      console.log(
        `${rotated} reporter data key(s) and ${signing} webhook signing key(s) re-wrapped under master key "${keys[0]!.id}"; keys after it in REPORTER_DATA_KEYS may now be removed`,
      );
      return 0;
    }),
  'access-matrix': async () => {
    console.log(renderAccessMatrix());
    return 0;
  },
  'projections rebuild': (args) =>
    withDatabase(async ({ dataSource, pool, store, log }) => {
      const projections = allProjections();
      const chosen = args[0] ? projections.filter((p) => p.name === args[0]) : projections;
      if (chosen.length === 0) throw new Error(`No read model ${args[0]}\n${USAGE['projections rebuild']}`);
      const label = chosen.map((p) => p.name).join(', ');
      const started = Date.now();
      const { events } = await rebuildProjections(
        chosen,
        { store, log, dataSource, pool },
        progressBar(label, 'events'),
      );
      process.stderr.write(
        `\n${label}: ${events.toLocaleString('en')} events replayed and swapped in, ${((Date.now() - started) / 1000).toFixed(1)} s\n`,
      );
      return 0;
    }),
  'projections status': () =>
    withDatabase(async ({ dataSource }) => {
      const rows: { name: string; position: string; last_error: string | null }[] = await dataSource.query(
        `SELECT name, position::text AS position, last_error FROM checkpoints ORDER BY name`,
      );
      for (const projection of allProjections()) {
        const row = rows.find((r) => r.name === projection.name);
        console.log(
          `${projection.name.padEnd(20)} position ${row?.position ?? '0'}${row?.last_error ? `  STUCK: ${row.last_error}` : ''}`,
        );
      }
      return 0;
    }),
  'audit verify-all': () =>
    withDatabase(async ({ stored, log }) => {
      const started = Date.now();
      const summary = await verifyAll({ stored, log }, progressBar('verify-all', 'events'));
      const seconds = (Date.now() - started) / 1000;
      process.stderr.write('\n');
      const ok = summary.broken.length === 0 && summary.brokenAnchors.length === 0;
      console.log(
        JSON.stringify({
          ok,
          streams: summary.streams,
          events: summary.events,
          broken: summary.broken.length,
          anchors: summary.anchors,
          brokenAnchors: summary.brokenAnchors.length,
          seconds: Math.round(seconds * 10) / 10,
          eventsPerSec: Math.round(summary.events / Math.max(seconds, 0.001)),
          peakRssMb: Math.round(process.resourceUsage().maxRSS / 1024),
        }),
      );
      for (const failure of summary.broken.slice(0, 100))
        console.log(`BROKEN ${failure.streamId} at version ${failure.version}: ${failure.reason}`);
      for (const failure of summary.brokenAnchors.slice(0, 100))
        console.log(`BROKEN ANCHOR ${failure.anchor}: ${failure.reason}`);
      return ok ? 0 : 1;
    }),
  'audit anchor': () =>
    withDatabase(async ({ stored, log }) => {
      const anchor = await new AnchorWriter(stored, log, 0, new KeyedLock()).recordAnchor();
      console.log(anchor ? JSON.stringify(anchor) : 'nothing appended since the last anchor');
      return 0;
    }),
  'audit export': async (args) => {
    const { values, positionals } = parseArgs({ args, options: { out: { type: 'string' } }, allowPositionals: true });
    if (!positionals[0]) throw new Error(`Give a tracking id\n${USAGE['audit export']}`);
    const bundle = await withDatabase(async ({ stored, log }) => {
      const { trackingId, reportId } = await new TrackingIdRegistry(stored).resolve(positionals[0]!);
      const streamId = reportStream(reportId);
      return toBundle(
        trackingId,
        streamId,
        await stored.readStream(streamId),
        new Date(),
        await anchorProof({ stored, log }, streamId),
      );
    });
    const text = `${JSON.stringify(bundle, null, 2)}\n`;
    if (values.out) await writeFile(values.out, text);
    else process.stdout.write(text);
    if (values.out) console.error(`${bundle.trackingId}: ${bundle.events.length} events written to ${values.out}`);
    return 0;
  },
  'audit check': async (args) => {
    if (!args[0]) throw new Error(`Give the bundle's file\n${USAGE['audit check']}`);
    const result = checkBundle(await readFile(args[0], 'utf8'));
    if (result.ok) {
      const anchored = result.anchor
        ? `; included in anchor ${result.anchor.version} (root ${result.anchor.root})`
        : '; no anchor covers it yet';
      console.log(`ok: ${result.events} events, every hash verified; head hash ${result.headHash}${anchored}`);
      return 0;
    }
    console.log(
      `BROKEN at ${result.version === null ? 'the bundle itself' : `version ${result.version} (event ${result.eventId})`}: ${result.reason}`,
    );
    return 1;
  },
  'seed demo': async (args) => {
    const { values } = parseArgs({
      args,
      options: { reports: { type: 'string', default: '300' }, seed: { type: 'string', default: '1' } },
    });
    const reports = Number(values.reports);
    if (!Number.isInteger(reports) || reports < 1 || reports > 1_000_000)
      throw new Error('--reports is a whole number from 1 to 1,000,000');
    const config = loadConfig();
    const database = await openDatabase(config);
    try {
      await migrate(database.url);
      const started = Date.now();
      const seeded = await seedDemo(config, database, {
        reports,
        seed: Number(values.seed) || 1,
        onProgress: progressBar('seed demo', 'reports'),
      });
      process.stderr.write(
        `\n${seeded.reports.toLocaleString('en')} reports, ${seeded.events.toLocaleString('en')} events in ${((Date.now() - started) / 1000).toFixed(1)} s\n`,
      );
      return 0;
    } finally {
      await database.stop();
    }
  },
  schema: async (args) => {
    const { values } = parseArgs({ args, options: { out: { type: 'string' } } });
    const sdl = `${await printServiceSchema()}\n`;
    if (values.out) await writeFile(values.out, sdl);
    else process.stdout.write(sdl);
    return 0;
  },
  token: async (args) => {
    await tokenCommand(args);
    return 0;
  },
  import: importCommand,
};

async function main(argv: string[]): Promise<number> {
  const name = [`${argv[0]} ${argv[1]}`, argv[0] ?? ''].find((candidate) => candidate in COMMANDS);
  if (!name) {
    console.log(ALL_USAGE);
    return argv.includes('--help') || argv.length === 0 ? 0 : 2;
  }
  const args = argv.slice(name.split(' ').length);
  if (args.includes('--help') && name !== 'token') {
    console.log(`Usage: ${USAGE[name]}`);
    return 0;
  }
  return COMMANDS[name]!(args);
}

main(process.argv.slice(2)).then(
  (code) => process.exit(code),
  (error: unknown) => {
    console.error(error instanceof ConfigError || error instanceof Error ? error.message : error);
    process.exit(2);
  },
);
