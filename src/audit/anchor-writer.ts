import {
  Inject,
  Injectable,
  Logger,
  type OnApplicationBootstrap,
  type BeforeApplicationShutdown,
} from '@nestjs/common';
import { EVENT_LOG, type EventLog } from '../event-store/event-log.port.js';
import { EVENT_STORE, type EventStore, type RecordedEvent } from '../event-store/event-store.port.js';
import { ANCHOR_STREAM, anchorDecider, type AnchorData } from '../../contexts/audit/anchor.js';
import { KeyedLock } from '../commands/keyed-lock.js';
import { runDecider } from '../commands/run-command.js';
import { digestHeads } from './anchors.js';
import type { AppConfig } from '../config/config.js';
import { runsBackgroundWork } from '../config/instance-role.js';
import { APP_CONFIG } from '../shared.module.js';

export const ANCHOR_INTERVAL = Symbol('AnchorInterval');

/**
 * Every interval (in whichever instance gets there first: the append expects the anchor stream's
 * version, so a second instance's anchor is refused), records an anchor over the heads of every
 * stream, when anything was appended since the last one. Not on an api instance (INSTANCE_ROLE).
 */
@Injectable()
export class AnchorWriter implements OnApplicationBootstrap, BeforeApplicationShutdown {
  private readonly logger = new Logger('AnchorWriter');
  private timer: NodeJS.Timeout | undefined;
  /** The newest anchor seen: each run reads only the anchors recorded after it (by any instance). */
  private lastSeen: RecordedEvent | undefined;

  constructor(
    @Inject(EVENT_STORE) private readonly store: EventStore,
    @Inject(EVENT_LOG) private readonly log: EventLog,
    @Inject(ANCHOR_INTERVAL) private readonly intervalMs: number,
    private readonly streams: KeyedLock,
    /** The CLI's one-off writer (`aduan audit anchor`) starts no timer and has none. */
    @Inject(APP_CONFIG) private readonly config?: Pick<AppConfig, 'instanceRole'>,
  ) {}

  onApplicationBootstrap(): void {
    if (this.intervalMs === 0 || !runsBackgroundWork(this.config ?? {})) return;
    this.timer = setInterval(
      () =>
        void this.recordAnchor().catch((error: Error) =>
          this.logger.warn(`could not record an anchor: ${error.message}`),
        ),
      this.intervalMs,
    );
    this.timer.unref();
  }

  beforeApplicationShutdown(): void {
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
    const digest = await digestHeads(this.log, frontier);
    const anchor: AnchorData = { frontier: frontier.toString(), streams: digest.streams, root: digest.root };
    const { events } = await runDecider(this.store, this.streams, anchorDecider, {
      streamId: ANCHOR_STREAM,
      command: {
        type: 'RecordAnchor',
        anchor,
        sinceFrontier: last ? (last.data as unknown as AnchorData).frontier : null,
      },
      context: undefined,
      metadata: { actor: { id: 'anchor-writer', role: 'SYSTEM' }, occurredAt: new Date().toISOString() },
      after: last
        ? { state: { frontier: (last.data as unknown as AnchorData).frontier }, version: last.streamVersion }
        : undefined,
    });
    if (events.length === 0) return null;
    this.logger.log(`anchor over ${anchor.streams} streams: ${anchor.root}`);
    return anchor;
  }
}
