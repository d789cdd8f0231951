import { DEVELOPMENT_JWT_SECRET } from '../src/config/config.js';
import type { InstanceRole } from '../src/config/instance-role.js';
import { freePort } from './free-port.js';

/**
 * The environment a benchmark runs the service in, as its own process: production mode on a free
 * port (each call its own), no rate limits, no deadline watcher or anchor writer competing for the
 * cores, in the INSTANCE_ROLE given (all by default).
 */
export async function benchServiceEnv(
  databaseUrl: string,
  instanceRole: InstanceRole = 'all',
): Promise<Record<string, string>> {
  return {
    DATABASE_URL: databaseUrl,
    INSTANCE_ROLE: instanceRole,
    PORT: String(await freePort()),
    HOST: '127.0.0.1',
    LOG_LEVEL: 'log',
    DEADLINE_WATCH_INTERVAL_MS: '0',
    ANCHOR_INTERVAL_MS: '0',
    RATE_LIMIT_QUERIES_PER_MINUTE: '0',
    RATE_LIMIT_MUTATIONS_PER_MINUTE: '0',
    NODE_ENV: 'production',
    AUTH_JWT_SECRET: DEVELOPMENT_JWT_SECRET,
    REPORTER_DATA_KEYS: `bench:${Buffer.alloc(32, 7).toString('base64')}`,
  };
}
