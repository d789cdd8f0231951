import { randomUUID } from 'node:crypto';
import { Inject, Injectable, Logger, type OnApplicationBootstrap, type OnApplicationShutdown } from '@nestjs/common';
import type pg from 'pg';
import { WrongExpectedVersionError } from '../event-store/errors.js';
import { PG_POOL } from '../event-store/event-store.module.js';
import { EVENT_STORE, type EventStore } from '../event-store/event-store.port.js';
import { ANCHOR_EVENT, ANCHOR_STREAM, AnchorDigests, type AnchorData } from './anchors.js';
import { walkEvents } from './event-walk.js';

export const ANCHOR_INTERVAL = Symbol('AnchorInterval');

/**
 * Every interval (in whichever instance gets there first: the append expects the anchor stream's
 * version, so a second instance's anchor is refused), records an anchor over the heads of every
 * stream, when anything was appended since the last one.
 */
@Injectable()
export class AnchorWriter implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger('AnchorWriter');
  private timer: NodeJS.Timeout | undefined;

  constructor(
    @Inject(EVENT_STORE) private readonly store: EventStore,
    @Inject(PG_POOL) private readonly pool: pg.Pool,
    @Inject(ANCHOR_INTERVAL) private readonly intervalMs: number,
  ) {}

  onApplicationBootstrap(): void {
    if (this.intervalMs === 0) return;
    this.timer = setInterval(() => void this.recordAnchor().catch((error: Error) => this.logger.warn(`could not record an anchor: ${error.message}`)), this.intervalMs);
    this.timer.unref();
  }

  onApplicationShutdown(): void {
    clearInterval(this.timer);
  }

  /** Records an anchor now; null when nothing was appended since the last one or another instance recorded it first. */
  async recordAnchor(): Promise<AnchorData | null> {
    const [{ frontier }] = (await this.pool.query<{ frontier: string }>(`SELECT pg_snapshot_xmin(pg_current_snapshot())::text AS frontier`)).rows as [{ frontier: string }];
    const last = (await this.pool.query<{ version: number; frontier: string }>(
      `SELECT stream_version::int AS version, data->>'frontier' AS frontier FROM events WHERE stream_id = $1 ORDER BY stream_version DESC LIMIT 1`,
      [ANCHOR_STREAM],
    )).rows[0];
    const { rows: [news] } = await this.pool.query<{ any: boolean }>(
      `SELECT EXISTS (SELECT 1 FROM events WHERE stream_id <> $1 AND transaction_id >= $2::xid8 AND transaction_id < $3::xid8) AS any`,
      [ANCHOR_STREAM, last?.frontier ?? '0', frontier],
    );
    if (!news!.any) return null;
    const digests = new AnchorDigests([BigInt(frontier)]);
    for await (const rows of walkEvents(this.pool)) for (const row of rows) digests.add(row);
    const [digest] = digests.finish();
    const anchor: AnchorData = { frontier, streams: digest!.streams, root: digest!.root };
    try {
      await this.store.appendToStream(ANCHOR_STREAM, last?.version ?? 'no_stream', [{ eventId: randomUUID(), type: ANCHOR_EVENT, schemaVersion: 1, data: { ...anchor } }], {
        metadata: { correlationId: randomUUID(), actor: { id: 'anchor-writer', role: 'SYSTEM' }, occurredAt: new Date().toISOString() },
      });
    } catch (error) {
      if (error instanceof WrongExpectedVersionError) return null;
      throw error;
    }
    this.logger.log(`anchor over ${anchor.streams} streams: ${anchor.root}`);
    return anchor;
  }
}
