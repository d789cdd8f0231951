import fs from 'node:fs';
import path from 'node:path';
import { PGlite } from '@electric-sql/pglite';
import { PGLiteSocketServer } from '@electric-sql/pglite-socket';

export interface EmbeddedPostgres {
  /** A postgres:// URL that pg and TypeORM connect to like any server. */
  url: string;
  stop(): Promise<void>;
}

/**
 * Starts PGlite (PostgreSQL compiled to WASM) behind its wire-protocol socket server on a free
 * loopback port, so the application talks to it through the same pg/TypeORM code as to a real
 * server. With a data directory the files persist across restarts; a lock file keeps a second
 * process from opening the same files, which PGlite would corrupt.
 *
 * PGlite runs one transaction at a time across all its connections: code must not hold a
 * transaction open while waiting on another connection.
 */
export async function startEmbeddedPostgres(options: { dataDir?: string; maxConnections?: number } = {}): Promise<EmbeddedPostgres> {
  const releaseLock = options.dataDir ? lockDataDir(options.dataDir) : () => undefined;
  let db: PGlite | undefined;
  try {
    db = await PGlite.create(options.dataDir ? { dataDir: path.join(options.dataDir, 'pgdata') } : {});
    const server = new PGLiteSocketServer({ db, host: '127.0.0.1', port: 0, maxConnections: options.maxConnections ?? 32 });
    await server.start();
    const opened = db;
    return {
      url: `postgres://postgres@${server.getServerConn()}/postgres`,
      async stop() {
        await server.stop();
        await opened.close();
        releaseLock();
      },
    };
  } catch (error) {
    await db?.close().catch(() => undefined);
    releaseLock();
    throw error;
  }
}

function lockDataDir(dataDir: string): () => void {
  try {
    fs.mkdirSync(dataDir, { recursive: true });
  } catch (error) {
    throw new Error(`DATA_DIR: cannot create ${dataDir}: ${(error as Error).message}`);
  }
  const lockFile = path.join(dataDir, 'aduan.lock');
  for (let attempt = 0; attempt < 2; attempt++) {
    try {
      fs.writeFileSync(lockFile, String(process.pid), { flag: 'wx' });
      return () => fs.rmSync(lockFile, { force: true });
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') {
        throw new Error(`DATA_DIR: cannot write in ${dataDir}: ${(error as Error).message}`);
      }
      const holder = Number(fs.readFileSync(lockFile, 'utf8'));
      if (isRunning(holder)) {
        throw new Error(`DATA_DIR: ${dataDir} is in use by process ${holder}; stop it or choose another DATA_DIR`);
      }
      fs.rmSync(lockFile, { force: true });
    }
  }
  throw new Error(`DATA_DIR: could not lock ${dataDir}`);
}

function isRunning(pid: number): boolean {
  if (!Number.isInteger(pid) || pid <= 0) return false;
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}
