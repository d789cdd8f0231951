import { Inject, Injectable, Logger, type BeforeApplicationShutdown, type OnModuleInit } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { DataSource } from 'typeorm';
import { INITIAL_REPORT } from '../../contexts/reports/report.state.js';
import type { Database } from '../database/database.js';
import { PgListener } from '../database/pg-listener.js';
import { EVENT_STORE, type EventStore, type RecordedEvent } from '../event-store/event-store.port.js';
import { ProjectionEngine } from '../projection-engine/projection-engine.js';
import { DATABASE } from '../shared.module.js';
import { ReportStates } from '../reports/report-states.js';
import { foldSteps, leftAgency, stepsAfter, type ReportStep } from './report-steps.js';

const READ_MODEL = 'report-status';

/** One report event the report-status read model has committed, with the report's place as of it. */
export interface ReportEventChange {
  reportId: string;
  trackingId: string;
  /** The event's global position: a bigint, so a string (JSON has no bigint). */
  position: string;
  version: number;
  type: string;
  status: string;
  agencyId: string | null;
  /** The agency the event took the report away from (forwarded away, declined). */
  leftAgencyId: string | null;
}

/** What a subscription hears: each change in the projection's order, and when it may have missed some. */
export interface FeedListener {
  change(change: ReportEventChange): void;
  /** Changes may have been lost (the notification connection dropped, an announcement failed): catch up from the log. */
  resync(): void;
}

type FeedMessage = { changes: ReportEventChange[] } | { resync: true };

const CHANNEL = 'aduan_report_changes';
/** PostgreSQL refuses a NOTIFY payload of 8,000 bytes or more; the margin covers the envelope. */
const MAX_PAYLOAD_BYTES = 7_500;

/**
 * Tells subscribers of every instance about each report event, after report-status committed it.
 * The instance running report-status folds each changed report through the batch (a message shows
 * the report as of its event) and, on a real server, NOTIFYs the changes; every instance LISTENs
 * and hands them to its subscriptions. The embedded database is one process's alone, so there it
 * hands them over directly.
 */
@Injectable()
export class ChangeFeed implements OnModuleInit, BeforeApplicationShutdown {
  private readonly logger = new Logger('ChangeFeed');
  private readonly listeners = new Set<FeedListener>();
  private announcing: Promise<void> = Promise.resolve();
  private listener: PgListener | null = null;

  constructor(
    private readonly engine: ProjectionEngine,
    @Inject(EVENT_STORE) private readonly store: EventStore,
    @InjectDataSource() private readonly dataSource: DataSource,
    @Inject(DATABASE) private readonly database: Pick<Database, 'url' | 'kind'>,
    private readonly states: ReportStates,
  ) {}

  async onModuleInit(): Promise<void> {
    this.engine.onCommitted((projection, events) => {
      if (projection !== READ_MODEL) return;
      const reportEvents = events.filter((e) => e.streamId.startsWith('report-'));
      if (reportEvents.length === 0) return;
      // One batch after another: folding takes a while, and a later batch must not overtake an earlier one.
      this.announcing = this.announcing
        .then(() => this.announce(reportEvents))
        .catch((error: unknown) => {
          this.logger.warn(`could not announce changes, subscriptions catch up: ${(error as Error).message}`);
          return this.broadcast({ resync: true });
        })
        .catch(() => undefined);
    });
    if (this.database.kind !== 'external') return;
    this.listener = new PgListener(
      this.database.url,
      { [CHANNEL]: (payload) => this.deliver(JSON.parse(payload) as FeedMessage) },
      // Notifications sent while the connection was down are lost for good.
      () => this.deliver({ resync: true }),
    );
    await this.listener.start();
  }

  async beforeApplicationShutdown(): Promise<void> {
    await this.listener?.close();
  }

  /** Adds a listener; returns what removes it. */
  listen(listener: FeedListener): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  /**
   * Where report-status stands: every change up to it (in the store's order) was committed before
   * this call, and any change after it will still be heard live by a listener added before the call.
   */
  async horizon(): Promise<bigint> {
    const [row]: { position: string }[] = await this.dataSource.query(
      `SELECT position::text AS position FROM checkpoints WHERE name = $1`,
      [READ_MODEL],
    );
    return BigInt(row?.position ?? 0);
  }

  private async announce(events: RecordedEvent[]): Promise<void> {
    const byReport = new Map<string, RecordedEvent[]>();
    for (const e of events) {
      const own = byReport.get(reportIdOf(e));
      if (own) own.push(e);
      else byReport.set(reportIdOf(e), [e]);
    }
    const steps = new Map(
      await Promise.all(
        [...byReport].map(async ([reportId, own]) => [reportId, await this.steps(reportId, own)] as const),
      ),
    );
    const changes = events.map((e): ReportEventChange => {
      const step = steps.get(reportIdOf(e))!.get(e.streamVersion);
      if (!step) throw new Error(`${e.streamId} has no version ${e.streamVersion}`);
      const { trackingId, status, agencyId } = step.state;
      return {
        reportId: reportIdOf(e),
        trackingId,
        position: e.globalPosition.toString(),
        version: e.streamVersion,
        type: e.type,
        status,
        agencyId,
        leftAgencyId: leftAgency(step.event),
      };
    });
    for (const group of payloadGroups(changes)) await this.broadcast({ changes: group });
  }

  /**
   * The report as of each of its events in the batch (`own`): folded on from the state kept of it
   * (a new report's from the start), reading from its stream only the events between that state and
   * the batch. The last is kept for the report's next events and its status queries.
   */
  private async steps(reportId: string, own: RecordedEvent[]): Promise<Map<number, ReportStep>> {
    const first = own[0]!.streamVersion;
    const kept = this.states.kept(reportId);
    const from = kept && kept.version < first ? kept : INITIAL_REPORT;
    const consecutive = own.every((event, i) => event.streamVersion === first + i);
    const steps =
      from.version === first - 1 && consecutive
        ? foldSteps(from, own)
        : await stepsAfter(this.store, reportId, from, own.at(-1)!.streamVersion);
    const last = steps.at(-1);
    if (last) this.states.offer(reportId, last.state);
    return new Map(steps.map((step) => [step.event.streamVersion, step]));
  }

  private async broadcast(message: FeedMessage): Promise<void> {
    if (this.database.kind !== 'external') return this.deliver(message);
    await this.dataSource.query(`SELECT pg_notify($1, $2)`, [CHANNEL, JSON.stringify(message)]);
  }

  private deliver(message: FeedMessage): void {
    for (const listener of this.listeners) {
      if ('resync' in message) listener.resync();
      else for (const change of message.changes) listener.change(change);
    }
  }
}

function reportIdOf(event: RecordedEvent): string {
  return event.streamId.slice('report-'.length);
}

/** The changes in order, in groups whose NOTIFY payload stays under PostgreSQL's limit. */
export function* payloadGroups(changes: ReportEventChange[]): Generator<ReportEventChange[]> {
  let group: ReportEventChange[] = [];
  let bytes = 0;
  for (const change of changes) {
    const size = Buffer.byteLength(JSON.stringify(change)) + 1;
    if (group.length > 0 && bytes + size > MAX_PAYLOAD_BYTES) {
      yield group;
      group = [];
      bytes = 0;
    }
    group.push(change);
    bytes += size;
  }
  if (group.length > 0) yield group;
}
