import { type INestApplication, type LogLevel as NestLogLevel } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { AppModule, type AppOverrides } from './app.module.js';
import { LOG_LEVELS, type AppConfig } from './config/config.js';
import type { Database } from './database/database.js';

/** Builds the Nest application on an open database (migrations run during init) and starts listening. */
export async function startApp(config: AppConfig, database: Pick<Database, 'url' | 'kind'>, overrides: AppOverrides = {}): Promise<INestApplication> {
  const levels = LOG_LEVELS.slice(0, LOG_LEVELS.indexOf(config.logLevel) + 1) as NestLogLevel[];
  const app = await NestFactory.create(AppModule.forRoot(config, database, overrides), { logger: levels });
  await app.listen(config.port, config.host);
  return app;
}
