import fs from 'node:fs';
import path from 'node:path';
import { PGlite } from '@electric-sql/pglite';
import net from 'node:net';
import { PGLiteSocketHandler, type PGLiteSocketHandlerOptions } from '@electric-sql/pglite-socket';
import { PGliteWireQueue } from './pglite-wire-queue.js';

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
export async function startEmbeddedPostgres(
  options: { dataDir?: string; maxConnections?: number } = {},
): Promise<EmbeddedPostgres> {
  const releaseLock = options.dataDir ? lockDataDir(options.dataDir) : () => undefined;
  let db: PGlite | undefined;
  try {
    db = await PGlite.create(options.dataDir ? { dataDir: path.join(options.dataDir, 'pgdata') } : {});
    const server = await serve(db, options.maxConnections ?? 64);
    const opened = db;
    return {
      url: `postgres://postgres@127.0.0.1:${(server.address() as net.AddressInfo).port}/postgres`,
      async stop() {
        await new Promise<void>((resolve) => server.close(() => resolve()));
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

/**
 * pglite-socket's connection handler speaks the wire protocol; the queue that feeds PGlite is
 * ours (PGliteWireQueue), so concurrent connections cannot interleave inside one exchange.
 */
async function serve(db: PGlite, maxConnections: number): Promise<net.Server> {
  const queue = new PGliteWireQueue(db) as unknown as PGLiteSocketHandlerOptions['queryQueue'];
  const sockets = new Set<net.Socket>();
  const server = net.createServer((socket) => {
    if (sockets.size >= maxConnections) {
      socket.end();
      return;
    }
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
    const handler = new PGLiteSocketHandler({ queryQueue: queue, closeOnDetach: true });
    handler.addEventListener('error', () => sockets.delete(socket));
    void handler.attach(socket).catch(() => socket.destroy());
  });
  server.maxConnections = maxConnections;
  const close = server.close.bind(server);
  server.close = (callback?: (error?: Error) => void) => {
    for (const socket of sockets) socket.destroy();
    return close(callback);
  };
  await new Promise<void>((resolve, reject) => server.once('error', reject).listen(0, '127.0.0.1', () => resolve()));
  return server;
}

function lockDataDir(dataDir: string): () => void {
  try {
    fs.mkdirSync(dataDir, { recursive: true });
  } catch (error) {
    throw new Error(`DATA_DIR: cannot create ${dataDir}: ${(error as Error).message}`, { cause: error });
  }
  const lockFile = path.join(dataDir, 'aduan.lock');
  for (let attempt = 0; attempt < 2; attempt++) {
    try {
      fs.writeFileSync(lockFile, String(process.pid), { flag: 'wx' });
      return () => fs.rmSync(lockFile, { force: true });
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') {
        throw new Error(`DATA_DIR: cannot write in ${dataDir}: ${(error as Error).message}`, { cause: error });
      }
      const holder = Number(fs.readFileSync(lockFile, 'utf8'));
      if (isRunning(holder)) {
        throw new Error(`DATA_DIR: ${dataDir} is in use by process ${holder}; stop it or choose another DATA_DIR`, {
          cause: error,
        });
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
