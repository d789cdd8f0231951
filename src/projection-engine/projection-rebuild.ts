import { randomUUID } from 'node:crypto';
import type pg from 'pg';
import type { DataSource } from 'typeorm';
import type { EventStore } from '../event-store/event-store.port.js';
import type { Projection } from './projection.js';
import { ProjectionRunner } from './projection-runner.js';

export interface RebuildProgress {
  done: number;
  total: number;
}

const LOCK_WAIT_MS = 30_000;

/**
 * Rebuilds a projection from position 0 without serving half-built rows. The rows are built in
 * a schema of their own (tables created LIKE the live ones; the projection's transactions put
 * that schema first on the search_path, so it needs no change) while the live projection keeps
 * running. Then the instance running it is asked to step aside (checkpoints.paused_by), the
 * rebuild takes the projection's lock, applies the last few events, and swaps the rows in with
 * one transaction: readers see the old rows until it commits and the new ones after. The live
 * checkpoint takes the rebuilt one's position, so the running instance resumes where it ended.
 */
export async function rebuildProjection(
  projection: Projection,
  deps: { store: EventStore; dataSource: DataSource; pool: pg.Pool },
  onProgress: (progress: RebuildProgress) => void = () => undefined,
): Promise<{ events: number }> {
  const { store, dataSource, pool } = deps;
  const schema = `rebuild_${projection.name.replace(/[^a-z0-9]/g, '_')}`;
  const shadowName = `${projection.name}@rebuild`;
  const [{ total }] = await dataSource.query(`SELECT count(*)::int AS total FROM events`);
  let done = 0;
  await dataSource.query(`DROP SCHEMA IF EXISTS ${schema} CASCADE`);
  await dataSource.query(`CREATE SCHEMA ${schema}`);
  for (const table of projection.tables) await dataSource.query(`CREATE TABLE ${schema}.${table} (LIKE public.${table} INCLUDING ALL)`);
  await dataSource.query(`DELETE FROM checkpoints WHERE name = $1`, [shadowName]);
  const shadow: Projection = {
    name: shadowName,
    tables: projection.tables,
    async apply(events, tx) {
      await tx.query(`SET LOCAL search_path TO ${schema}, public`);
      await projection.apply(events, tx);
      await tx.query(`SET LOCAL search_path TO public`);
    },
  };
  const options = {
    batchSize: 2000,
    pollIntervalMs: 0,
    onCommitted: (_: string, events: readonly unknown[]) => {
      done += events.length;
      onProgress({ done, total: Math.max(total, done) });
    },
  };
  const builder = new ProjectionRunner(shadow, store, dataSource, pool, options);
  const live = new ProjectionRunner(projection, store, dataSource, pool, { ...options, onCommitted: undefined });
  const pauseToken = randomUUID();
  try {
    await builder.catchUp();
    await dataSource.query(`UPDATE checkpoints SET paused_by = $2 WHERE name = $1`, [projection.name, pauseToken]);
    const deadline = Date.now() + LOCK_WAIT_MS;
    while (!(await live.acquire())) {
      if (Date.now() > deadline) throw new Error(`The instance running ${projection.name} did not step aside within ${LOCK_WAIT_MS / 1000} s`);
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
    await builder.catchUp();
    await dataSource.transaction(async (tx) => {
      for (const table of projection.tables) {
        await tx.query(`DELETE FROM public.${table}`);
        await tx.query(`INSERT INTO public.${table} SELECT * FROM ${schema}.${table}`);
      }
      await tx.query(
        `INSERT INTO checkpoints (name, position) SELECT $1, position FROM checkpoints WHERE name = $2
         ON CONFLICT (name) DO UPDATE SET position = EXCLUDED.position, updated_at = now(), last_error = NULL, failed_position = NULL, failed_at = NULL, paused_by = NULL`,
        [projection.name, shadowName],
      );
    });
    return { events: done };
  } finally {
    await dataSource.query(`UPDATE checkpoints SET paused_by = NULL WHERE name = $1 AND paused_by = $2`, [projection.name, pauseToken]);
    await live.stop();
    await builder.stop();
    await dataSource.query(`DELETE FROM checkpoints WHERE name = $1`, [shadowName]);
    await dataSource.query(`DROP SCHEMA IF EXISTS ${schema} CASCADE`);
  }
}
