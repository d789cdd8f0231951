import { randomUUID } from 'node:crypto';
import { Inject, Injectable, Logger, type OnApplicationBootstrap, type OnApplicationShutdown } from '@nestjs/common';
import { WrongExpectedVersionError } from '../event-store/errors.js';
import { EVENT_LOG, type EventLog } from '../event-store/event-log.port.js';
import { EVENT_STORE, type EventStore, type RecordedEvent } from '../event-store/event-store.port.js';
import { ANCHOR_EVENT, ANCHOR_STREAM, AnchorDigests, type AnchorData } from './anchors.js';

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
  /** The newest anchor seen: each run reads only the anchors recorded after it (by any instance). */
  private lastSeen: RecordedEvent | undefined;

  constructor(
    @Inject(EVENT_STORE) private readonly store: EventStore,
    @Inject(EVENT_LOG) private readonly log: EventLog,
    @Inject(ANCHOR_INTERVAL) private readonly intervalMs: number,
  ) {}

  onApplicationBootstrap(): void {
    if (this.intervalMs === 0) return;
    this.timer = setInterval(
      () =>
        void this.recordAnchor().catch((error: Error) =>
          this.logger.warn(`could not record an anchor: ${error.message}`),
        ),
      this.intervalMs,
    );
    this.timer.unref();
  }

  onApplicationShutdown(): void {
    clearInterval(this.timer);
  }

  /** Records an anchor now; null when nothing was appended since the last one or another instance recorded it first. */
  async recordAnchor(): Promise<AnchorData | null> {
    const frontier = await this.log.frontier();
    const last =
      (await this.store.readStream(ANCHOR_STREAM, { fromVersion: (this.lastSeen?.streamVersion ?? 0) + 1 })).at(-1) ??
      this.lastSeen;
    this.lastSeen = last;
    const lastFrontier = last ? BigInt((last.data as unknown as AnchorData).frontier) : 0n;
    if (!(await this.log.committedBetween(lastFrontier, frontier, ANCHOR_STREAM))) return null;
    const digests = new AnchorDigests([frontier]);
    for await (const rows of this.log.walk()) for (const row of rows) digests.add(row);
    const [digest] = digests.finish();
    const anchor: AnchorData = { frontier: frontier.toString(), streams: digest!.streams, root: digest!.root };
    try {
      await this.store.appendToStream(
        ANCHOR_STREAM,
        last?.streamVersion ?? 'no_stream',
        [{ eventId: randomUUID(), type: ANCHOR_EVENT, schemaVersion: 1, data: { ...anchor } }],
        {
          metadata: {
            correlationId: randomUUID(),
            actor: { id: 'anchor-writer', role: 'SYSTEM' },
            occurredAt: new Date().toISOString(),
          },
        },
      );
    } catch (error) {
      if (error instanceof WrongExpectedVersionError) return null;
      throw error;
    }
    this.logger.log(`anchor over ${anchor.streams} streams: ${anchor.root}`);
    return anchor;
  }
}
