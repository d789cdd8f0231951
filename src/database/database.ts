import type { AppConfig } from '../config/config.js';
import { startEmbeddedPostgres } from './embedded-postgres.js';

export interface Database {
  url: string;
  kind: 'embedded' | 'external';
  stop(): Promise<void>;
}

/** The configured PostgreSQL server, or the embedded one keeping its files in DATA_DIR. */
export async function openDatabase(config: AppConfig): Promise<Database> {
  if (config.databaseUrl) return { url: config.databaseUrl, kind: 'external', stop: async () => undefined };
  const embedded = await startEmbeddedPostgres({
    dataDir: config.dataDir,
    maxConnections: config.databasePoolSize * 2 + 4,
  });
  return { url: embedded.url, kind: 'embedded', stop: () => embedded.stop() };
}
