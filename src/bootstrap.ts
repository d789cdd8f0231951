import { randomUUID } from 'node:crypto';
import { createGunzip, createInflate } from 'node:zlib';
import { NestFactory } from '@nestjs/core';
import { FastifyAdapter, type NestFastifyApplication } from '@nestjs/platform-fastify';
import type { FastifyError, FastifyInstance, FastifyReply, FastifyRequest, RequestPayload } from 'fastify';
import { AppModule, type AppOverrides } from './app.module.js';
import type { AppConfig } from './config/config.js';
import { servesApi } from './config/instance-role.js';
import { trustProxy } from './config/trust-proxy.js';
import type { Database } from './database/database.js';
import { serveConsole } from './console/console-assets.js';
import { HttpDrain } from './observability/http-drain.js';
import { correlationScope, createLogger, PinoNestLogger } from './observability/log.js';
import { refuseUpgrades, workerPathsOnly } from './observability/worker-only.js';

/** Builds the Nest application on Fastify on an open database (migrations run during init) and starts listening. */
export async function startApp(
  config: AppConfig,
  database: Pick<Database, 'url' | 'kind'>,
  overrides: AppOverrides = {},
): Promise<NestFastifyApplication> {
  const adapter = new FastifyAdapter({
    trustProxy: trustProxy(config.trustProxy),
    bodyLimit: config.requestBodyLimitBytes,
    // Node's own limits, which Fastify turns off or raises: a request must arrive within 5 minutes, an idle connection closes after 5 s.
    requestTimeout: 300_000,
    keepAliveTimeout: 5_000,
    routerOptions: { ignoreTrailingSlash: true },
    // A URL Fastify cannot route (bad percent-encoding, a parameter too long) is answered before any hook.
    frameworkErrors: (error: FastifyError, _request: FastifyRequest, reply: FastifyReply) =>
      void reply
        .headers(SECURITY_HEADERS)
        .status(error.statusCode && error.statusCode < 500 ? error.statusCode : 400)
        .send({ errors: [{ message: 'The request URL could not be read', extensions: { code: 'BAD_REQUEST' } }] }),
  });
  const app = await NestFactory.create<NestFastifyApplication>(
    AppModule.forRoot(config, database, overrides),
    adapter,
    { logger: new PinoNestLogger(createLogger(config.logLevel, overrides.logDestination)), bodyParser: false },
  );
  if (config.corsOrigins.length > 0)
    app.enableCors({
      origin: config.corsOrigins.includes('*') ? '*' : config.corsOrigins,
      allowedHeaders: ['content-type', 'authorization', 'x-api-key', 'x-correlation-id', 'idempotency-key'],
      // An OPTIONS request that is no preflight gets 204, as it did before, not 400.
      strictPreflight: false,
    });
  app.get(HttpDrain).attach(app.getHttpServer());
  const fastify = app.getHttpAdapter().getInstance() as unknown as FastifyInstance;
  fastify.addHook('onRequest', securityHeaders);
  // A worker (INSTANCE_ROLE=worker) answers /health/* and /metrics only; its API modules are built but unreachable.
  if (!servesApi(config)) fastify.addHook('onRequest', workerPathsOnly);
  fastify.addHook('onRequest', correlationId);
  fastify.addHook('preParsing', inflate);
  // Bodies other than JSON reach their handler unread (Open311 reads its form itself, in its own error format).
  fastify.addContentTypeParser('*', (_request, payload, done) => done(null, payload));
  // After the body is parsed: the parser's callbacks run outside the request's async context.
  fastify.addHook('preHandler', correlation);
  serveConsole(fastify, config.consoleDir);
  if (!servesApi(config)) {
    // init() opens graphql-ws on the server; the worker then takes its upgrades away.
    await app.init();
    refuseUpgrades(app.getHttpServer());
  }
  await app.listen(config.port, config.host);
  return app;
}

const CORRELATION_ID = /^[A-Za-z0-9_.:-]{1,100}$/;
const CORRELATION = Symbol('correlationId');
/** A request the onRequest hook gave its correlation id. */
type Correlated = FastifyRequest & { [CORRELATION]?: string };

/** Every request gets a correlation id (the caller's X-Correlation-Id, or a new one), echoed back at once. */
function correlationId(request: Correlated, reply: FastifyReply, done: () => void): void {
  const header = request.headers['x-correlation-id'];
  request[CORRELATION] = typeof header === 'string' && CORRELATION_ID.test(header) ? header : randomUUID();
  reply.header('X-Correlation-Id', request[CORRELATION]);
  done();
}

/** The handler runs in the request's correlation scope: recorded in its events' metadata, carried by its log lines. */
function correlation(request: Correlated, _reply: FastifyReply, done: () => void): void {
  correlationScope.run({ correlationId: request[CORRELATION]! }, done);
}

/** Bodies sent gzip- or deflate-compressed are read inflated; REQUEST_BODY_LIMIT_BYTES holds for what they inflate to. */
async function inflate(request: FastifyRequest, _reply: FastifyReply, payload: RequestPayload) {
  const encoding = request.headers['content-encoding']?.toLowerCase();
  if (!encoding || encoding === 'identity') return payload;
  // The exception filter answers it (415, "could not be read").
  if (encoding !== 'gzip' && encoding !== 'deflate')
    throw Object.assign(new Error(`Content-Encoding ${encoding}`), { statusCode: 415 });
  const inflated = Object.assign(payload.pipe(encoding === 'gzip' ? createGunzip() : createInflate()), {
    receivedEncodedLength: 0,
  });
  payload.on('data', (chunk: Buffer) => (inflated.receivedEncodedLength += chunk.length));
  return inflated;
}

/** Headers that keep browsers from sniffing, framing or leaking what the API returns. */
const SECURITY_HEADERS = {
  'X-Content-Type-Options': 'nosniff',
  'X-Frame-Options': 'DENY',
  'Referrer-Policy': 'no-referrer',
  'Cross-Origin-Opener-Policy': 'same-origin',
};

function securityHeaders(_request: FastifyRequest, reply: FastifyReply, done: () => void): void {
  reply.headers(SECURITY_HEADERS);
  done();
}
