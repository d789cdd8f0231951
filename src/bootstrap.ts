import { randomUUID } from 'node:crypto';
import { type INestApplication } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import express, { type RequestHandler } from 'express';
import { AppModule, type AppOverrides } from './app.module.js';
import type { AppConfig } from './config/config.js';
import { servesApi } from './config/instance-role.js';
import type { Database } from './database/database.js';
import { consoleAssets } from './console/console-assets.js';
import { HttpDrain } from './observability/http-drain.js';
import { correlationScope, createLogger, PinoNestLogger } from './observability/log.js';
import { refuseUpgrades, workerPathsOnly } from './observability/worker-only.js';

/** Builds the Nest application on an open database (migrations run during init) and starts listening. */
export async function startApp(
  config: AppConfig,
  database: Pick<Database, 'url' | 'kind'>,
  overrides: AppOverrides = {},
): Promise<INestApplication> {
  const app = await NestFactory.create(AppModule.forRoot(config, database, overrides), {
    logger: new PinoNestLogger(createLogger(config.logLevel, overrides.logDestination)),
    bodyParser: false,
  });
  if (config.corsOrigins.length > 0)
    app.enableCors({
      origin: config.corsOrigins.includes('*') ? '*' : config.corsOrigins,
      allowedHeaders: ['content-type', 'authorization', 'x-api-key', 'x-correlation-id', 'idempotency-key'],
    });
  (app.getHttpAdapter().getInstance() as express.Express).set('trust proxy', config.trustProxy);
  app.get(HttpDrain).attach(app.getHttpServer());
  app.use(securityHeaders);
  // A worker (INSTANCE_ROLE=worker) answers /health/* and /metrics only; its API modules are built but unreachable.
  if (!servesApi(config)) app.use(workerPathsOnly);
  app.use(consoleAssets(config.consoleDir));
  app.use(jsonBody(config.requestBodyLimitBytes));
  // After the body parser: its callbacks run outside the request's async context.
  app.use(correlation);
  if (!servesApi(config)) {
    // init() opens graphql-ws on the server; the worker then takes its upgrades away.
    await app.init();
    refuseUpgrades(app.getHttpServer());
  }
  await app.listen(config.port, config.host);
  return app;
}

/** Parses JSON bodies up to `limit` bytes; a larger or broken body gets an answer shaped like any GraphQL error. */
function jsonBody(limit: number): RequestHandler {
  const parse = express.json({ limit });
  return (req, res, next) =>
    parse(req, res, (error?: { type?: string; status?: number }) => {
      if (!error) return next();
      const [status, code, message] =
        error.type === 'entity.too.large'
          ? [413, 'PAYLOAD_TOO_LARGE', `The request body is larger than ${limit} bytes (REQUEST_BODY_LIMIT_BYTES)`]
          : error.type === 'entity.parse.failed'
            ? [400, 'BAD_REQUEST', 'The request body is not valid JSON']
            : [
                error.status && error.status < 500 ? error.status : 400,
                'BAD_REQUEST',
                'The request body could not be read (send JSON, UTF-8, uncompressed or gzip)',
              ];
      res.status(status).json({ errors: [{ message, extensions: { code } }] });
    });
}

const CORRELATION_ID = /^[A-Za-z0-9_.:-]{1,100}$/;

/** Every request gets a correlation id (the caller's X-Correlation-Id, or a new one): echoed back, recorded in its events' metadata, carried by its log lines. */
function correlation(req: express.Request, res: express.Response, next: () => void): void {
  const header = req.headers['x-correlation-id'];
  const correlationId = typeof header === 'string' && CORRELATION_ID.test(header) ? header : randomUUID();
  res.setHeader('X-Correlation-Id', correlationId);
  correlationScope.run({ correlationId }, next);
}

/** Headers that keep browsers from sniffing, framing or leaking what the API returns. */
function securityHeaders(_req: unknown, res: { setHeader(name: string, value: string): void }, next: () => void): void {
  res.setHeader('X-Content-Type-Options', 'nosniff');
  res.setHeader('X-Frame-Options', 'DENY');
  res.setHeader('Referrer-Policy', 'no-referrer');
  res.setHeader('Cross-Origin-Opener-Policy', 'same-origin');
  next();
}
