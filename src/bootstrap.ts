import { type INestApplication, type LogLevel as NestLogLevel } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { AppModule, type AppOverrides } from './app.module.js';
import { LOG_LEVELS, type AppConfig } from './config/config.js';
import type { Database } from './database/database.js';

/** Builds the Nest application on an open database (migrations run during init) and starts listening. */
export async function startApp(config: AppConfig, database: Pick<Database, 'url' | 'kind'>, overrides: AppOverrides = {}): Promise<INestApplication> {
  const levels = LOG_LEVELS.slice(0, LOG_LEVELS.indexOf(config.logLevel) + 1) as NestLogLevel[];
  const app = await NestFactory.create(AppModule.forRoot(config, database, overrides), { logger: levels });
  if (config.corsOrigins.length > 0) app.enableCors({ origin: config.corsOrigins.includes('*') ? '*' : config.corsOrigins, allowedHeaders: ['content-type', 'authorization', 'x-correlation-id'] });
  app.use(securityHeaders);
  await app.listen(config.port, config.host);
  return app;
}

/** Headers that keep browsers from sniffing, framing or leaking what the API returns. */
function securityHeaders(_req: unknown, res: { setHeader(name: string, value: string): void }, next: () => void): void {
  res.setHeader('X-Content-Type-Options', 'nosniff');
  res.setHeader('X-Frame-Options', 'DENY');
  res.setHeader('Referrer-Policy', 'no-referrer');
  res.setHeader('Cross-Origin-Opener-Policy', 'same-origin');
  next();
}
