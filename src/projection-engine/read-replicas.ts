import { Logger, type BeforeApplicationShutdown, type OnApplicationBootstrap } from '@nestjs/common';
import pg from 'pg';
import type { DataSource } from 'typeorm';
import type { EventLog } from '../event-store/event-log.port.js';
import { PostgresEventLog } from '../event-store/postgres-event-log.js';
import type { Metrics } from '../observability/metrics.js';

/** What a read-model query needs of a database: the primary's DataSource, or a replica. */
export type ReadModelDb = Pick<DataSource, 'query'>;

/** How often the primary's WAL position and each replica's replayed position are compared. */
const CHECK_INTERVAL_MS = 200;

/** A streaming-replication standby the read-model queries may go to. */
export class Replica {
  /** Milliseconds its replay is behind the primary, as of the last check; null: down, or not a standby. */
  lagMs: number | null = null;
  readonly log: EventLog;
  readonly db: ReadModelDb;

  constructor(
    readonly name: string,
    readonly pool: pg.Pool,
  ) {
    this.log = new PostgresEventLog(pool);
    this.db = { query: async (sql: string, params?: unknown[]) => (await pool.query(sql, params)).rows } as ReadModelDb;
  }
}

/**
 * The replicas of DATABASE_REPLICA_URLS and how far behind each is. Every CHECK_INTERVAL_MS the
 * primary's pg_current_wal_lsn() is sampled and each replica's pg_last_wal_replay_lsn() read: a
 * replica's lag is the age of the oldest sample it has not replayed yet. Only replicas within
 * maxLagMs are offered (round robin); one that fails a check or a query is down until its next good check.
 */
export class ReadReplicas implements OnApplicationBootstrap, BeforeApplicationShutdown {
  private readonly logger = new Logger('ReadReplicas');
  readonly replicas: Replica[];
  private samples: { at: number; lsn: bigint }[] = [];
  private timer: NodeJS.Timeout | undefined;
  private checking: Promise<void> | undefined;
  private next = 0;

  constructor(
    urls: readonly string[],
    private readonly primary: pg.Pool,
    readonly maxLagMs: number,
    poolSize: number,
    private readonly metrics: Metrics,
  ) {
    this.replicas = urls.map((url) => {
      // A standby that stops answering must not hold a query for long: the primary answers instead.
      const pool = new pg.Pool({ connectionString: url, max: poolSize, connectionTimeoutMillis: 2_000 });
      const replica = new Replica(new URL(url).host, pool);
      pool.on('error', (error) => this.markDown(replica, error));
      return replica;
    });
  }

  async onApplicationBootstrap(): Promise<void> {
    if (this.replicas.length === 0) return;
    await this.check();
    this.timer = setInterval(() => {
      this.checking ??= this.check().finally(() => (this.checking = undefined));
    }, CHECK_INTERVAL_MS);
  }

  async beforeApplicationShutdown(): Promise<void> {
    clearInterval(this.timer);
    await this.checking;
    await Promise.all(this.replicas.map((replica) => replica.pool.end()));
  }

  /** The next replica within the lag bound, or null when none is (the primary answers). */
  choose(): Replica | null {
    const usable = this.replicas.filter((replica) => replica.lagMs !== null && replica.lagMs <= this.maxLagMs);
    if (usable.length === 0) return null;
    return usable[this.next++ % usable.length]!;
  }

  /** A query on `replica` failed: it is skipped until a check finds it well again. */
  markDown(replica: Replica, error: unknown): void {
    if (replica.lagMs !== null)
      this.logger.warn(`replica ${replica.name} is skipped: ${(error as Error).message ?? String(error)}`);
    replica.lagMs = null;
    this.metrics.replicaLag.set({ replica: replica.name }, -1);
  }

  private async check(): Promise<void> {
    const now = Date.now();
    try {
      const { rows } = await this.primary.query<{ lsn: string }>('SELECT pg_current_wal_lsn()::text AS lsn');
      const lsn = parseLsn(rows[0]!.lsn);
      if (this.samples.at(-1)?.lsn !== lsn) this.samples.push({ at: now, lsn });
    } catch {
      return; // Without the primary's position no lag can be known; the replicas keep their last state.
    }
    // Samples older than twice the bound are dropped: a replica behind all of those is too far behind anyway.
    while (this.samples.length > 1 && this.samples[1]!.at < now - 2 * this.maxLagMs - CHECK_INTERVAL_MS)
      this.samples.shift();
    await Promise.all(this.replicas.map((replica) => this.checkReplica(replica, now)));
  }

  private async checkReplica(replica: Replica, now: number): Promise<void> {
    try {
      const { rows } = await replica.pool.query<{ lsn: string | null }>(
        'SELECT CASE WHEN pg_is_in_recovery() THEN pg_last_wal_replay_lsn()::text END AS lsn',
      );
      if (rows[0]!.lsn === null) throw new Error('it is not a standby (pg_is_in_recovery() is false)');
      const replayed = parseLsn(rows[0]!.lsn);
      const behind = this.samples.find((sample) => sample.lsn > replayed);
      const lagMs = behind ? now - behind.at : 0;
      if (replica.lagMs === null) this.logger.log(`replica ${replica.name} is in use (${lagMs} ms behind)`);
      replica.lagMs = lagMs;
      this.metrics.replicaLag.set({ replica: replica.name }, lagMs / 1000);
    } catch (error) {
      this.markDown(replica, error);
    }
  }
}

/** A WAL position such as 16/B374D848 as a number. */
export function parseLsn(lsn: string): bigint {
  const [high, low] = lsn.split('/');
  return (BigInt(`0x${high}`) << 32n) + BigInt(`0x${low}`);
}
