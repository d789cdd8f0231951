/**
 * The operator CLI:
 *   npm run aduan -- projections rebuild [name]   rebuild read models from position 0 and swap them in
 *   npm run aduan -- projections status           where each read model is
 * It connects to DATABASE_URL, or opens the embedded database in DATA_DIR when the service is not
 * running (while it runs, use the rebuildProjection mutation instead).
 */
import 'reflect-metadata';
import { DataSource } from 'typeorm';
import { allProjections } from '../../projections/index.js';
import { ConfigError, loadConfig } from '../config/config.js';
import { dataSourceOptions, migrate } from '../database/data-source.js';
import { openDatabase } from '../database/database.js';
import { createPool } from '../event-store/event-store.module.js';
import { PostgresEventStore } from '../event-store/postgres-event-store.js';
import { rebuildProjections, type RebuildProgress } from '../projection-engine/projection-rebuild.js';

const USAGE = `Usage:
  npm run aduan -- projections rebuild [name]   rebuild one read model (or all) from position 0, then swap it in
  npm run aduan -- projections status           list the read models and their checkpoints
Read models: ${allProjections().map((p) => p.name).join(', ')}`;

function progressBar(name: string): (progress: RebuildProgress) => void {
  const started = Date.now();
  return ({ done, total }) => {
    const seconds = (Date.now() - started) / 1000;
    const rate = done / Math.max(seconds, 0.001);
    const width = 30;
    const filled = Math.round((done / Math.max(total, 1)) * width);
    const eta = rate > 0 ? Math.max(0, (total - done) / rate) : 0;
    process.stderr.write(`\r${name} [${'#'.repeat(filled)}${'-'.repeat(width - filled)}] ${done.toLocaleString('en')}/${total.toLocaleString('en')} events  ${Math.round(rate).toLocaleString('en')}/s  ETA ${eta.toFixed(0)} s   `);
  };
}

async function main(args: string[]): Promise<void> {
  if (args[0] !== 'projections' || !['rebuild', 'status'].includes(args[1] ?? '') || args.includes('--help')) {
    console.log(USAGE);
    process.exit(args.includes('--help') ? 0 : 2);
  }
  const config = loadConfig();
  const database = await openDatabase(config);
  await migrate(database.url);
  const dataSource = await new DataSource(dataSourceOptions(database.url, 4)).initialize();
  const pool = createPool(database.url, 4);
  const store = new PostgresEventStore(pool, { preparedStatements: database.kind === 'external' });
  try {
    const projections = allProjections();
    if (args[1] === 'status') {
      const rows: { name: string; position: string; last_error: string | null }[] = await dataSource.query(`SELECT name, position::text AS position, last_error FROM checkpoints ORDER BY name`);
      for (const projection of projections) {
        const row = rows.find((r) => r.name === projection.name);
        console.log(`${projection.name.padEnd(20)} position ${row?.position ?? '0'}${row?.last_error ? `  STUCK: ${row.last_error}` : ''}`);
      }
      return;
    }
    const chosen = args[2] ? projections.filter((p) => p.name === args[2]) : projections;
    if (chosen.length === 0) throw new Error(`No read model ${args[2]}\n${USAGE}`);
    const label = chosen.map((p) => p.name).join(', ');
    const started = Date.now();
    const { events } = await rebuildProjections(chosen, { store, dataSource, pool }, progressBar(label));
    process.stderr.write(`\n${label}: ${events.toLocaleString('en')} events replayed and swapped in, ${((Date.now() - started) / 1000).toFixed(1)} s\n`);
  } finally {
    await pool.end();
    await dataSource.destroy();
    await database.stop();
  }
}

main(process.argv.slice(2)).catch((error: unknown) => {
  console.error(error instanceof ConfigError || error instanceof Error ? error.message : error);
  process.exit(1);
});
