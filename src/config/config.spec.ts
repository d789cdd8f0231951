import path from 'node:path';
import { describe, expect, it } from '@jest/globals';
import { DEFAULT_DEADLINE_POLICY } from '../../contexts/calendar/deadline-policy.js';
import { ConfigError, DEVELOPMENT_JWT_SECRET, DEVELOPMENT_MASTER_KEY, loadConfig } from './config.js';

describe('loadConfig', () => {
  it('runs with no environment at all: port 3000, embedded database in ./.data', () => {
    expect(loadConfig({}, '/srv/aduan')).toEqual({
      port: 3000,
      instanceRole: 'all',
      host: '0.0.0.0',
      databaseUrl: undefined,
      dataDir: path.resolve('/srv/aduan', '.data'),
      // The package's own build, wherever the service is started from (the tests run in the package's folder).
      consoleDir: path.resolve('dist', 'console'),
      databasePoolSize: 10,
      databaseReplicaUrls: [],
      databaseReplicaMaxLagMs: 1_000,
      logLevel: 'log',
      auth: { jwtSecret: DEVELOPMENT_JWT_SECRET, jwksUrl: null, development: true },
      deadlines: DEFAULT_DEADLINE_POLICY,
      deadlineWatchIntervalMs: 60_000,
      projections: { batchSize: 500, pollIntervalMs: 100, batchIntervalMs: 50, readYourWritesTimeoutMs: 5_000 },
      seedDemo: false,
      anchorIntervalMs: 3_600_000,
      graphqlMaxDepth: 10,
      corsOrigins: [],
      graphqlIntrospection: true,
      graphqlIde: true,
      graphqlMaxCost: 25_000,
      requestBodyLimitBytes: 1_048_576,
      searchRankWindow: 250,
      rateLimits: { queriesPerMinute: 600, mutationsPerMinute: 300 },
      open311JurisdictionId: 'lapor.go.id',
      webhooks: { allowPrivateNetworks: false, pollIntervalMs: 500, concurrency: 64, retentionDays: 90 },
      attachmentUrlSchemes: ['https'],
      trustProxy: false,
      healthMaxProjectionLag: 10_000,
      shutdown: { delayMs: 1_000, timeoutMs: 25_000 },
      eventStore: 'postgres',
      eventStoreUrl: null,
      reporterDataKeys: [DEVELOPMENT_MASTER_KEY],
      reporterDataKeysDevelopment: true,
    });
  });

  it('reads every setting', () => {
    const secret = 's'.repeat(32);
    const [k1, k2] = [Buffer.alloc(32, 1), Buffer.alloc(32, 2)];
    expect(
      loadConfig(
        {
          PORT: '8080',
          INSTANCE_ROLE: 'worker',
          HOST: '127.0.0.1',
          DATABASE_URL: 'postgres://u:p@db:5432/aduan',
          DATA_DIR: '/var/lib/aduan',
          DATABASE_POOL_SIZE: '20',
          LOG_LEVEL: 'debug',
          AUTH_JWT_SECRET: secret,
          NODE_ENV: 'production',
          DEADLINE_VERIFICATION_WORKING_DAYS: '2',
          DEADLINE_FIRST_FOLLOW_UP_WORKING_DAYS: '4',
          DEADLINE_AUTO_CLOSE_WORKING_DAYS: '7',
          DEADLINE_COMPLETION_DAYS: '30',
          DEADLINE_WATCH_INTERVAL_MS: '0',
          PROJECTION_BATCH_SIZE: '1000',
          PROJECTION_POLL_INTERVAL_MS: '0',
          PROJECTION_BATCH_INTERVAL_MS: '20',
          READ_YOUR_WRITES_TIMEOUT_MS: '2000',
          SEED_DEMO: 'true',
          CONSOLE_DIR: 'console-build',
          ANCHOR_INTERVAL_MS: '0',
          GRAPHQL_MAX_DEPTH: '6',
          CORS_ORIGINS: 'https://lapor.go.id, http://localhost:5173',
          GRAPHQL_INTROSPECTION: 'false',
          GRAPHQL_IDE: 'false',
          GRAPHQL_MAX_COST: '800',
          REQUEST_BODY_LIMIT_BYTES: '65536',
          SEARCH_RANK_WINDOW: '400',
          RATE_LIMIT_QUERIES_PER_MINUTE: '300',
          RATE_LIMIT_MUTATIONS_PER_MINUTE: '0',
          OPEN311_JURISDICTION_ID: 'pontianak.go.id',
          WEBHOOK_ALLOW_PRIVATE_NETWORKS: 'false',
          WEBHOOK_POLL_INTERVAL_MS: '0',
          WEBHOOK_CONCURRENCY: '8',
          WEBHOOK_RETENTION_DAYS: '0',
          ATTACHMENT_URL_SCHEMES: 'https, S3',
          TRUST_PROXY: '1',
          HEALTH_MAX_PROJECTION_LAG: '500',
          SHUTDOWN_DELAY_MS: '0',
          EVENT_STORE: 'kurrentdb',
          EVENTSTORE_URL: 'kurrentdb://db:2113?tls=false',
          SHUTDOWN_TIMEOUT_MS: '5000',
          REPORTER_DATA_KEYS: `k2:${k2.toString('base64')},k1:${k1.toString('base64')}`,
        },
        '/srv',
      ),
    ).toEqual({
      port: 8080,
      instanceRole: 'worker',
      host: '127.0.0.1',
      databaseUrl: 'postgres://u:p@db:5432/aduan',
      dataDir: '/var/lib/aduan',
      consoleDir: '/srv/console-build',
      databasePoolSize: 20,
      databaseReplicaUrls: [],
      databaseReplicaMaxLagMs: 1_000,
      logLevel: 'debug',
      auth: { jwtSecret: secret, jwksUrl: null, development: false },
      deadlines: {
        verificationWorkingDays: 2,
        firstFollowUpWorkingDays: 4,
        autoCloseWorkingDays: 7,
        completionDays: 30,
      },
      deadlineWatchIntervalMs: 0,
      projections: { batchSize: 1000, pollIntervalMs: 0, batchIntervalMs: 20, readYourWritesTimeoutMs: 2000 },
      seedDemo: true,
      anchorIntervalMs: 0,
      graphqlMaxDepth: 6,
      corsOrigins: ['https://lapor.go.id', 'http://localhost:5173'],
      graphqlIntrospection: false,
      graphqlIde: false,
      graphqlMaxCost: 800,
      requestBodyLimitBytes: 65_536,
      searchRankWindow: 400,
      rateLimits: { queriesPerMinute: 300, mutationsPerMinute: 0 },
      open311JurisdictionId: 'pontianak.go.id',
      webhooks: { allowPrivateNetworks: false, pollIntervalMs: 0, concurrency: 8, retentionDays: 0 },
      attachmentUrlSchemes: ['https', 's3'],
      trustProxy: 1,
      healthMaxProjectionLag: 500,
      shutdown: { delayMs: 0, timeoutMs: 5_000 },
      eventStore: 'kurrentdb',
      eventStoreUrl: 'kurrentdb://db:2113?tls=false',
      reporterDataKeys: [
        { id: 'k2', key: k2 },
        { id: 'k1', key: k1 },
      ],
      reporterDataKeysDevelopment: false,
    });
    expect(loadConfig({ AUTH_JWKS_URL: 'https://login.example.id/.well-known/jwks.json' }).auth).toEqual({
      jwtSecret: null,
      jwksUrl: 'https://login.example.id/.well-known/jwks.json',
      development: false,
    });
  });

  it('refuses bad values, naming every variable at fault', () => {
    let error: unknown;
    try {
      loadConfig({ PORT: '80a', DATABASE_URL: 'mysql://db/aduan', DATABASE_POOL_SIZE: '0', LOG_LEVEL: 'loud' });
    } catch (caught) {
      error = caught;
    }
    expect(error).toBeInstanceOf(ConfigError);
    const message = (error as ConfigError).message;
    for (const name of ['PORT', 'DATABASE_URL', 'DATABASE_POOL_SIZE', 'LOG_LEVEL']) expect(message).toContain(name);
    expect((error as ConfigError).problems).toHaveLength(4);
  });

  it.each([
    ['PORT', '70000', /between 1 and 65535/],
    ['DATABASE_URL', 'not a url', /not a URL/],
    ['DATABASE_URL', 'postgres://db:5432', /names no database/],
    ['AUTH_JWT_SECRET', 'short', /at least 32 characters/],
    ['NODE_ENV', 'production', /AUTH_JWT_SECRET or AUTH_JWKS_URL: one is required/],
    ['DEADLINE_VERIFICATION_WORKING_DAYS', '0', /between 1 and 365/],
    ['SEED_DEMO', 'yes', /must be true or false/],
    ['GRAPHQL_MAX_DEPTH', '1', /between 2 and 50/],
    ['CORS_ORIGINS', 'lapor.go.id', /must be \* or origins/],
    ['GRAPHQL_IDE', 'on', /must be true or false/],
    ['GRAPHQL_MAX_COST', '5', /between 10 and 1000000/],
    ['REQUEST_BODY_LIMIT_BYTES', '1kb', /whole number/],
    ['SEARCH_RANK_WINDOW', '0', /between 1 and 100000/],
    ['RATE_LIMIT_QUERIES_PER_MINUTE', '-1', /whole number/],
    ['ATTACHMENT_URL_SCHEMES', 'https,javascript', /never allowed/],
    ['REPORTER_DATA_KEYS', 'k1:c2hvcnQ=', /32 random bytes/],
    ['TRUST_PROXY', 'yes', /number of proxies/],
    ['EVENT_STORE', 'mongo', /postgres or kurrentdb/],
    ['EVENT_STORE', 'kurrentdb', /EVENTSTORE_URL: required/],
    ['EVENTSTORE_URL', 'http://db:2113', /connection string/],
    ['NODE_ENV', 'production', /REPORTER_DATA_KEYS: required/],
    ['WEBHOOK_CONCURRENCY', '0', /between 1 and 1000/],
    ['WEBHOOK_RETENTION_DAYS', '-1', /whole number/],
    ['OPEN311_JURISDICTION_ID', 'lapor.go.id/v2', /host name such as lapor.go.id/],
    [
      'INSTANCE_ROLE',
      'background',
      /INSTANCE_ROLE="background": must be all \(API and background work\), api \(the API only\) or worker/,
    ],
    ['INSTANCE_ROLE', 'api', /INSTANCE_ROLE=api: needs a PostgreSQL server at DATABASE_URL/],
  ])('explains %s=%s', (name, value, why) => {
    expect(() => loadConfig({ [name]: value })).toThrow(why);
  });

  it('takes each instance role on a PostgreSQL server', () => {
    for (const role of ['all', 'api', 'worker'])
      expect(loadConfig({ INSTANCE_ROLE: role, DATABASE_URL: 'postgres://db/aduan' }).instanceRole).toBe(role);
    expect(() => loadConfig({ INSTANCE_ROLE: 'API', DATABASE_URL: 'postgres://db/aduan' })).toThrow(
      /INSTANCE_ROLE="API": must be all/,
    );
  });

  it('takes replicas of a PostgreSQL primary', () => {
    const config = loadConfig({
      DATABASE_URL: 'postgres://db/aduan',
      DATABASE_REPLICA_URLS: 'postgres://replica-1/aduan, postgres://replica-2/aduan',
      DATABASE_REPLICA_MAX_LAG_MS: '250',
    });
    expect(config.databaseReplicaUrls).toEqual(['postgres://replica-1/aduan', 'postgres://replica-2/aduan']);
    expect(config.databaseReplicaMaxLagMs).toBe(250);
  });

  it('refuses replicas without a PostgreSQL primary and event store, or with a bad URL', () => {
    expect(() => loadConfig({ DATABASE_REPLICA_URLS: 'postgres://replica/aduan' })).toThrow(
      /DATABASE_REPLICA_URLS: replicas need the primary PostgreSQL server at DATABASE_URL/,
    );
    expect(() =>
      loadConfig({
        DATABASE_URL: 'postgres://db/aduan',
        DATABASE_REPLICA_URLS: 'postgres://replica/aduan',
        EVENT_STORE: 'kurrentdb',
        EVENTSTORE_URL: 'kurrentdb://db:2113?tls=false',
      }),
    ).toThrow(/DATABASE_REPLICA_URLS: replicas need the PostgreSQL event store/);
    expect(() =>
      loadConfig({
        DATABASE_URL: 'postgres://db/aduan',
        DATABASE_REPLICA_URLS: 'postgres://replica/aduan,mysql://r/a',
      }),
    ).toThrow(/DATABASE_REPLICA_URLS=.*each replica scheme must be postgres/);
  });

  it('refuses deliveries to private networks in production', () => {
    expect(() => loadConfig({ NODE_ENV: 'production', WEBHOOK_ALLOW_PRIVATE_NETWORKS: 'true' })).toThrow(
      /WEBHOOK_ALLOW_PRIVATE_NETWORKS: may not be true when NODE_ENV=production/,
    );
  });
});
