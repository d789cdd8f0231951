import { existsSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { DEFAULT_DEADLINE_POLICY, type DeadlinePolicy } from '../../contexts/calendar/deadline-policy.js';
import { INSTANCE_ROLES, type InstanceRole } from './instance-role.js';

/** Signs development tokens (npm run token) when no AUTH_JWT_SECRET or AUTH_JWKS_URL is set; refused in production. */
export const DEVELOPMENT_JWT_SECRET = 'aduan-development-secret-never-use-in-production';

/** Wraps reporter data keys when REPORTER_DATA_KEYS is unset; refused in production. */
export const DEVELOPMENT_MASTER_KEY: MasterKey = { id: 'dev', key: Buffer.alloc(32, 'aduan-development-master-key') };

/** Every setting the service reads from its environment, validated once at start. */
export interface AppConfig {
  /** HTTP port of the GraphQL API. */
  port: number;
  /** What this instance does (instance-role.ts): all (default), api (no background work) or worker (no API). */
  instanceRole: InstanceRole;
  /** The built console (index.html and assets/), served at /. */
  consoleDir: string;
  /** Interface the HTTP server binds to. */
  host: string;
  /** External PostgreSQL server; when absent the embedded PGlite database is used. */
  databaseUrl: string | undefined;
  /** Folder of the embedded database's files (ignored when databaseUrl is set). */
  dataDir: string;
  /** Connections in each pool (event store, read models, each replica). */
  databasePoolSize: number;
  /** Streaming-replication standbys of databaseUrl that read-model queries may go to (src/projection-engine/read-replicas.ts). */
  databaseReplicaUrls: string[];
  /** A replica whose replay is further behind the primary than this is skipped (the primary answers). */
  databaseReplicaMaxLagMs: number;
  logLevel: LogLevel;
  auth: {
    /** HS256 shared secret, or null when tokens are checked against jwksUrl. */
    jwtSecret: string | null;
    jwksUrl: string | null;
    /** True when neither was configured and the development secret is in use. */
    development: boolean;
  };
  deadlines: DeadlinePolicy;
  /** How often the deadline watcher looks for passed deadlines; 0 switches it off. */
  deadlineWatchIntervalMs: number;
  projections: { batchSize: number; pollIntervalMs: number; batchIntervalMs: number; readYourWritesTimeoutMs: number };
  /** Fill an empty database with the demo data (src/demo) before serving. */
  seedDemo: boolean;
  /** How often an anchor over every stream's head is recorded (src/audit/anchors.ts); 0 switches it off. */
  anchorIntervalMs: number;
  /** The deepest a GraphQL operation may nest fields. */
  graphqlMaxDepth: number;
  /** Browser origins allowed to call the API (CORS); empty: none, ['*']: any. */
  corsOrigins: string[];
  /** Whether the schema may be introspected, and whether GET /graphql serves the GraphiQL page. */
  graphqlIntrospection: boolean;
  graphqlIde: boolean;
  /** The most a GraphQL operation may cost (src/graphql/max-cost.rule.ts); refused before it runs. */
  graphqlMaxCost: number;
  /** The largest request body accepted, in bytes. */
  requestBodyLimitBytes: number;
  /** A full-text search ranks the newest this many matching reports (SEARCH_RANK_WINDOW). */
  searchRankWindow: number;
  /** Master keys that wrap the per-reporter data keys, the current one first; the others only unwrap (rotation). */
  reporterDataKeys: MasterKey[];
  /** True when REPORTER_DATA_KEYS was not set and the development key is in use. */
  reporterDataKeysDevelopment: boolean;
  /** URL schemes attachment references may use; the service never fetches them. */
  attachmentUrlSchemes: string[];
  /** Where events are stored: the PostgreSQL event store (default) or a KurrentDB/EventStoreDB server at eventStoreUrl. */
  eventStore: 'postgres' | 'kurrentdb';
  eventStoreUrl: string | null;
  /** SIGTERM: how long to keep serving while /health/ready says 503, then how long in-flight requests may take. */
  shutdown: { delayMs: number; timeoutMs: number };
  /** The most events a read model may be behind while /health/ready says ready. */
  healthMaxProjectionLag: number;
  /** TRUST_PROXY: false, true, or the number of proxies in front (client IPs from X-Forwarded-For). */
  trustProxy: boolean | number;
  /** Requests per minute for each API key or token subject, and for each client IP; 0 switches a limit off. */
  rateLimits: { queriesPerMinute: number; mutationsPerMinute: number };
  /** The jurisdiction_id the Open311 bridge serves (src/open311); calls naming another are refused. */
  open311JurisdictionId: string;
  webhooks: {
    /** Deliver to loopback and private addresses (and over http to them): development and tests only. */
    allowPrivateNetworks: boolean;
    /** How often an idle instance looks for due deliveries (its own new messages wake it at once); 0 switches delivery off here. */
    pollIntervalMs: number;
    /** Deliveries in flight at once from one instance. */
    concurrency: number;
    /** Days a settled message (delivered, failed, cancelled) and its attempts are kept; 0 keeps them for ever. */
    retentionDays: number;
  };
}

export interface MasterKey {
  id: string;
  key: Buffer;
}

export const LOG_LEVELS = ['error', 'warn', 'log', 'debug', 'verbose'] as const;
export type LogLevel = (typeof LOG_LEVELS)[number];

export class ConfigError extends Error {
  constructor(readonly problems: string[]) {
    super(`Invalid configuration:\n${problems.map((p) => `  - ${p}`).join('\n')}`);
    this.name = 'ConfigError';
  }
}

type Env = Record<string, string | undefined>;

/** Reads and validates the environment; throws a ConfigError naming every bad variable. */
export function loadConfig(env: Env = process.env, cwd = process.cwd()): AppConfig {
  const problems: string[] = [];
  const read = <T>(name: string, fallback: T, parse: (raw: string) => Parsed<T>): T => {
    const raw = env[name];
    if (raw === undefined || raw.trim() === '') return fallback;
    const parsed = parse(raw.trim());
    if ('problem' in parsed) {
      problems.push(`${name}=${JSON.stringify(raw)}: ${parsed.problem}`);
      return fallback;
    }
    return parsed.value;
  };

  const config: Pick<AppConfig, 'port' | 'host' | 'databaseUrl' | 'dataDir' | 'databasePoolSize' | 'logLevel'> &
    Partial<AppConfig> = {
    port: read('PORT', 3000, integerIn(1, 65535)),
    host: read('HOST', '0.0.0.0', (raw) => ({ value: raw })),
    databaseUrl: undefined,
    dataDir: path.resolve(cwd, env.DATA_DIR?.trim() || '.data'),
    databasePoolSize: read('DATABASE_POOL_SIZE', 10, integerIn(1, 200)),
    logLevel: read<LogLevel>('LOG_LEVEL', 'log', (raw) =>
      (LOG_LEVELS as readonly string[]).includes(raw)
        ? { value: raw as LogLevel }
        : { problem: `must be one of ${LOG_LEVELS.join(', ')}` },
    ),
  };

  const jwtSecret = read<string | null>('AUTH_JWT_SECRET', null, (raw) =>
    raw.length >= 32 ? { value: raw } : { problem: 'must be at least 32 characters' },
  );
  const jwksUrl = read<string | null>('AUTH_JWKS_URL', null, (raw) =>
    /^https?:\/\/[^\s]+$/.test(raw) ? { value: raw } : { problem: 'must be an http(s) URL' },
  );
  if (jwtSecret && jwksUrl) problems.push('AUTH_JWT_SECRET and AUTH_JWKS_URL: set one, not both');
  const production = env.NODE_ENV?.trim() === 'production';
  if (!jwtSecret && !jwksUrl && production)
    problems.push('AUTH_JWT_SECRET or AUTH_JWKS_URL: one is required when NODE_ENV=production');
  config.auth = {
    jwtSecret: jwtSecret ?? (jwksUrl ? null : DEVELOPMENT_JWT_SECRET),
    jwksUrl,
    development: !jwtSecret && !jwksUrl,
  };
  config.deadlines = {
    verificationWorkingDays: read(
      'DEADLINE_VERIFICATION_WORKING_DAYS',
      DEFAULT_DEADLINE_POLICY.verificationWorkingDays,
      integerIn(1, 365),
    ),
    firstFollowUpWorkingDays: read(
      'DEADLINE_FIRST_FOLLOW_UP_WORKING_DAYS',
      DEFAULT_DEADLINE_POLICY.firstFollowUpWorkingDays,
      integerIn(1, 365),
    ),
    autoCloseWorkingDays: read(
      'DEADLINE_AUTO_CLOSE_WORKING_DAYS',
      DEFAULT_DEADLINE_POLICY.autoCloseWorkingDays,
      integerIn(1, 365),
    ),
    completionDays: read('DEADLINE_COMPLETION_DAYS', DEFAULT_DEADLINE_POLICY.completionDays, integerIn(1, 3650)),
  };
  config.deadlineWatchIntervalMs = read('DEADLINE_WATCH_INTERVAL_MS', 60_000, integerIn(0, 86_400_000));
  config.projections = {
    batchSize: read('PROJECTION_BATCH_SIZE', 500, integerIn(1, 10_000)),
    pollIntervalMs: read('PROJECTION_POLL_INTERVAL_MS', 100, integerIn(0, 60_000)),
    batchIntervalMs: read('PROJECTION_BATCH_INTERVAL_MS', 50, integerIn(0, 1_000)),
    readYourWritesTimeoutMs: read('READ_YOUR_WRITES_TIMEOUT_MS', 5_000, integerIn(0, 60_000)),
  };

  const flag = (raw: string): Parsed<boolean> =>
    raw === 'true' || raw === 'false' ? { value: raw === 'true' } : { problem: 'must be true or false' };
  config.graphqlIntrospection = read('GRAPHQL_INTROSPECTION', !production, flag);
  config.graphqlIde = read('GRAPHQL_IDE', !production, flag);
  config.corsOrigins = read<string[]>('CORS_ORIGINS', [], (raw) => {
    const origins = raw
      .split(',')
      .map((origin) => origin.trim())
      .filter(Boolean);
    const bad = origins.filter((origin) => origin !== '*' && !/^https?:\/\/[^\s/]+$/.test(origin));
    return bad.length === 0
      ? { value: origins }
      : { problem: `must be * or origins such as https://lapor.go.id, comma-separated (not ${bad.join(', ')})` };
  });
  config.graphqlMaxDepth = read('GRAPHQL_MAX_DEPTH', 10, integerIn(2, 50));
  config.anchorIntervalMs = read('ANCHOR_INTERVAL_MS', 3_600_000, integerIn(0, 604_800_000));
  config.seedDemo = read('SEED_DEMO', false, flag);
  config.consoleDir = path.resolve(cwd, env.CONSOLE_DIR?.trim() || path.join(packageRoot(), 'dist', 'console'));
  config.graphqlMaxCost = read('GRAPHQL_MAX_COST', 25_000, integerIn(10, 1_000_000));
  config.requestBodyLimitBytes = read('REQUEST_BODY_LIMIT_BYTES', 1_048_576, integerIn(1_024, 104_857_600));
  config.searchRankWindow = read('SEARCH_RANK_WINDOW', 250, integerIn(1, 100_000));
  config.rateLimits = {
    queriesPerMinute: read('RATE_LIMIT_QUERIES_PER_MINUTE', 600, integerIn(0, 1_000_000)),
    mutationsPerMinute: read('RATE_LIMIT_MUTATIONS_PER_MINUTE', 300, integerIn(0, 1_000_000)),
  };
  config.open311JurisdictionId = read('OPEN311_JURISDICTION_ID', 'lapor.go.id', (raw) =>
    /^[A-Za-z0-9][A-Za-z0-9.-]{0,99}$/.test(raw)
      ? { value: raw }
      : { problem: 'must be a host name such as lapor.go.id (letters, digits, dots and dashes)' },
  );
  config.webhooks = {
    allowPrivateNetworks: read('WEBHOOK_ALLOW_PRIVATE_NETWORKS', false, flag),
    pollIntervalMs: read('WEBHOOK_POLL_INTERVAL_MS', 500, integerIn(0, 60_000)),
    concurrency: read('WEBHOOK_CONCURRENCY', 64, integerIn(1, 1_000)),
    retentionDays: read('WEBHOOK_RETENTION_DAYS', 90, integerIn(0, 36_500)),
  };
  if (config.webhooks.allowPrivateNetworks && production)
    problems.push('WEBHOOK_ALLOW_PRIVATE_NETWORKS: may not be true when NODE_ENV=production');
  config.eventStore = read<'postgres' | 'kurrentdb'>('EVENT_STORE', 'postgres', (raw) =>
    raw === 'postgres' || raw === 'kurrentdb' ? { value: raw } : { problem: 'must be postgres or kurrentdb' },
  );
  config.eventStoreUrl = read<string | null>('EVENTSTORE_URL', null, (raw) =>
    /^(kurrentdb|esdb|kdb|eventstoredb)(\+discover)?:\/\/\S+$/.test(raw)
      ? { value: raw }
      : { problem: 'must be a connection string such as kurrentdb://localhost:2113?tls=false' },
  );
  if (config.eventStore === 'kurrentdb' && !config.eventStoreUrl)
    problems.push('EVENTSTORE_URL: required when EVENT_STORE=kurrentdb');
  config.shutdown = {
    delayMs: read('SHUTDOWN_DELAY_MS', 1_000, integerIn(0, 120_000)),
    timeoutMs: read('SHUTDOWN_TIMEOUT_MS', 25_000, integerIn(0, 600_000)),
  };
  config.healthMaxProjectionLag = read('HEALTH_MAX_PROJECTION_LAG', 10_000, integerIn(1, 100_000_000));
  config.trustProxy = read<boolean | number>('TRUST_PROXY', false, (raw) =>
    raw === 'true' || raw === 'false'
      ? { value: raw === 'true' }
      : /^\d{1,2}$/.test(raw)
        ? { value: Number(raw) }
        : { problem: 'must be true, false or the number of proxies in front' },
  );
  config.attachmentUrlSchemes = read<string[]>('ATTACHMENT_URL_SCHEMES', ['https'], (raw) => {
    const schemes = raw
      .split(',')
      .map((scheme) => scheme.trim().toLowerCase())
      .filter(Boolean);
    const bad = schemes.filter(
      (scheme) =>
        !/^[a-z][a-z0-9+.-]*$/.test(scheme) || scheme === 'javascript' || scheme === 'data' || scheme === 'file',
    );
    return schemes.length > 0 && bad.length === 0
      ? { value: schemes }
      : {
          problem: `must be URL schemes such as https,s3, comma-separated (javascript, data and file are never allowed)`,
        };
  });
  const masterKeys = read<MasterKey[] | null>('REPORTER_DATA_KEYS', null, parseMasterKeys);
  if (!masterKeys && production)
    problems.push(
      'REPORTER_DATA_KEYS: required when NODE_ENV=production (id:base64-of-32-bytes, the current key first)',
    );
  config.reporterDataKeys = masterKeys ?? [DEVELOPMENT_MASTER_KEY];
  config.reporterDataKeysDevelopment = !masterKeys;

  const url = env.DATABASE_URL?.trim();
  if (url) {
    const problem = postgresUrlProblem(url);
    if (problem) problems.push(`DATABASE_URL: ${problem}`);
    else config.databaseUrl = url;
  }
  config.databaseReplicaUrls = read<string[]>('DATABASE_REPLICA_URLS', [], (raw) => {
    const urls = raw
      .split(',')
      .map((part) => part.trim())
      .filter(Boolean);
    const bad = urls.map((replica) => postgresUrlProblem(replica)).find(Boolean);
    return bad ? { problem: `each replica ${bad}` } : { value: urls };
  });
  if (config.databaseReplicaUrls.length > 0 && !url)
    problems.push('DATABASE_REPLICA_URLS: replicas need the primary PostgreSQL server at DATABASE_URL');
  if (config.databaseReplicaUrls.length > 0 && config.eventStore === 'kurrentdb')
    problems.push(
      'DATABASE_REPLICA_URLS: replicas need the PostgreSQL event store (their positions are compared in its events table)',
    );
  config.databaseReplicaMaxLagMs = read('DATABASE_REPLICA_MAX_LAG_MS', 1_000, integerIn(0, 60_000));
  config.instanceRole = read<InstanceRole>('INSTANCE_ROLE', 'all', (raw) =>
    (INSTANCE_ROLES as readonly string[]).includes(raw)
      ? { value: raw as InstanceRole }
      : { problem: 'must be all (API and background work), api (the API only) or worker (background work only)' },
  );
  if (config.instanceRole !== 'all' && !url)
    problems.push(
      `INSTANCE_ROLE=${config.instanceRole}: needs a PostgreSQL server at DATABASE_URL (the embedded database serves one process, which must then be all)`,
    );
  if (problems.length > 0) throw new ConfigError(problems);
  return config as AppConfig;
}

type Parsed<T> = { value: T } | { problem: string };

function parseMasterKeys(raw: string): Parsed<MasterKey[]> {
  const keys: MasterKey[] = [];
  for (const entry of raw
    .split(',')
    .map((part) => part.trim())
    .filter(Boolean)) {
    const match = /^([A-Za-z0-9_-]{1,32}):([A-Za-z0-9+/=_-]+)$/.exec(entry);
    const key = match ? Buffer.from(match[2]!, 'base64') : null;
    if (!match || key!.length !== 32)
      return {
        problem:
          'each key must be id:base64 of 32 random bytes (openssl rand -base64 32), comma-separated, the current key first',
      };
    if (keys.some((k) => k.id === match[1])) return { problem: `key id ${match[1]} appears twice` };
    keys.push({ id: match[1]!, key: key! });
  }
  return keys.length > 0 ? { value: keys } : { problem: 'names no key' };
}

function integerIn(min: number, max: number) {
  return (raw: string): Parsed<number> => {
    if (!/^\d+$/.test(raw)) return { problem: `must be a whole number between ${min} and ${max}` };
    const value = Number(raw);
    return value >= min && value <= max ? { value } : { problem: `must be between ${min} and ${max}` };
  };
}

function postgresUrlProblem(raw: string): string | undefined {
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    return 'is not a URL (expected postgres://user:password@host:5432/database)';
  }
  if (url.protocol !== 'postgres:' && url.protocol !== 'postgresql:') {
    return `scheme must be postgres:// or postgresql://, not ${url.protocol}//`;
  }
  if (!url.hostname && !url.searchParams.get('host')) return 'names no host';
  if (url.pathname.length <= 1) return 'names no database (add /<database> after the host)';
  return undefined;
}

/** The folder holding package.json above this file, from src/config and from dist/src/config alike. */
function packageRoot(): string {
  let folder = path.dirname(fileURLToPath(import.meta.url));
  while (!existsSync(path.join(folder, 'package.json')) && path.dirname(folder) !== folder)
    folder = path.dirname(folder);
  return folder;
}
