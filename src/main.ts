import 'reflect-metadata';
import { Logger } from '@nestjs/common';
import { startApp } from './bootstrap.js';
import { ConfigError, loadConfig, type AppConfig } from './config/config.js';
import { roleSummary, servesApi } from './config/instance-role.js';
import { openDatabase, type Database } from './database/database.js';
import { DatabaseNotEmpty, seedDemo } from './demo/seed-demo.js';
import { HttpDrain } from './observability/http-drain.js';

async function main(): Promise<void> {
  let config: AppConfig;
  try {
    config = loadConfig();
  } catch (error) {
    if (error instanceof ConfigError) {
      console.error(error.message);
      process.exit(2);
    }
    throw error;
  }
  const logger = new Logger('aduan');
  const database = await openDatabase(config);
  const seeded = config.seedDemo ? await offerDemo(config, database, logger) : null;
  const app = await startApp(config, database).catch(async (error: unknown) => {
    await database.stop();
    throw error;
  });
  if (seeded) logger.log(`SEED_DEMO: ${seeded}`);
  const where =
    database.kind === 'embedded'
      ? `embedded PostgreSQL in ${config.dataDir} (${database.url})`
      : 'the PostgreSQL server at DATABASE_URL';
  const serving = servesApi(config)
    ? `GraphQL API at http://localhost:${config.port}/graphql`
    : `Worker at http://localhost:${config.port} (/health/ready, /metrics)`;
  logger.log(`${serving}, on ${where}; ${roleSummary(config)}`);
  if (config.auth.development) {
    logger.warn(
      'Tokens are checked with the development secret: `npm run token -- --role ADMIN` mints one. Set AUTH_JWT_SECRET or AUTH_JWKS_URL for real use.',
    );
  }
  if (config.reporterDataKeysDevelopment) {
    logger.warn(
      'Reporter identities are encrypted under the development master key. Set REPORTER_DATA_KEYS (id:base64 of 32 random bytes) for real use.',
    );
  }

  let stopping = false;
  const stop = async (signal: string) => {
    if (stopping) return;
    stopping = true;
    logger.log(`${signal}: finishing in-flight requests and stopping`);
    await app
      .get(HttpDrain)
      .drain(app.getHttpServer(), { delayMs: config.shutdown.delayMs, timeoutMs: config.shutdown.timeoutMs });
    await app.close();
    await database.stop();
    process.exit(0);
  };
  process.once('SIGINT', () => void stop('SIGINT'));
  process.once('SIGTERM', () => void stop('SIGTERM'));
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? error.message : error);
  process.exit(1);
});

/** SEED_DEMO=true: an empty database gets the demo data first; one with events is left as it is. */
async function offerDemo(config: AppConfig, database: Database, logger: Logger): Promise<string | null> {
  try {
    const { reports, events } = await seedDemo(config, database, { reports: 300, seed: 1 });
    return `filled the empty database with ${reports} demo reports (${events} events)`;
  } catch (error) {
    if (error instanceof DatabaseNotEmpty) return 'the database holds events already, so it is left as it is';
    logger.warn(`SEED_DEMO: could not seed the demo: ${(error as Error).message}`);
    return null;
  }
}
