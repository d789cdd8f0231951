import { Inject, Injectable, Logger, type OnApplicationShutdown, type OnModuleInit } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { PubSub } from 'graphql-subscriptions';
import type { DataSource } from 'typeorm';
import type { Database } from '../database/database.js';
import { PgListener } from '../database/pg-listener.js';
import { reportSummaries } from '../../projections/report-status/report-status.queries.js';
import { ProjectionEngine } from '../projection-engine/projection-engine.js';
import { DATABASE } from '../shared.module.js';

/** A report whose read model just changed, as subscribers hear of it. */
export interface ReportChange {
  reportId: string;
  trackingId: string;
  agencyId: string | null;
  /** Agencies the report left in this change (forwarded away, declined): their inboxes hear of it too. */
  leftAgencyIds: string[];
  status: string;
  /** The last event of the report the read model has applied. */
  position: string;
}

export const REPORT_CHANGED = 'reportChanged';
const CHANNEL = 'aduan_report_changes';
const NOTIFY_GROUP = 25;

/**
 * Tells subscribers of every instance about reports whose read model changed, after the
 * projection committed. The instance that runs report-status reads the changed rows and, on a
 * real server, NOTIFYs them; every instance LISTENs and publishes to its own subscribers. The
 * embedded database is one process's alone, so there it publishes directly.
 */
@Injectable()
export class ChangeFeed implements OnModuleInit, OnApplicationShutdown {
  readonly pubSub = new PubSub();
  private readonly logger = new Logger('ChangeFeed');
  private listener: PgListener | null = null;

  constructor(
    private readonly engine: ProjectionEngine,
    @InjectDataSource() private readonly dataSource: DataSource,
    @Inject(DATABASE) private readonly database: Pick<Database, 'url' | 'kind'>,
  ) {}

  async onModuleInit(): Promise<void> {
    this.engine.onCommitted((projection, events) => {
      if (projection !== 'report-status') return;
      // The batch's own events give each report's newest position (the later event wins) and the agencies it left.
      const positions = new Map<string, string>();
      const left = new Map<string, Set<string>>();
      for (const e of events) {
        if (!e.streamId.startsWith('report-')) continue;
        const reportId = e.streamId.slice('report-'.length);
        positions.set(reportId, e.globalPosition.toString());
        const from = leftAgency(e.type, e.data);
        if (from) left.set(reportId, (left.get(reportId) ?? new Set()).add(from));
      }
      if (positions.size > 0)
        void this.announce(positions, left).catch((error: unknown) =>
          this.logger.warn(`could not announce changes: ${(error as Error).message}`),
        );
    });
    if (this.database.kind !== 'external') return;
    this.listener = new PgListener(this.database.url, {
      [CHANNEL]: (payload) => {
        for (const change of JSON.parse(payload) as ReportChange[]) void this.pubSub.publish(REPORT_CHANGED, change);
      },
    });
    await this.listener.start();
  }

  async onApplicationShutdown(): Promise<void> {
    await this.listener?.close();
  }

  private async announce(positions: Map<string, string>, left: Map<string, Set<string>>): Promise<void> {
    const changes: ReportChange[] = (await reportSummaries(this.dataSource, [...positions.keys()])).map((report) => ({
      ...report,
      leftAgencyIds: [...(left.get(report.reportId) ?? [])].filter((agencyId) => agencyId !== report.agencyId),
      position: positions.get(report.reportId)!,
    }));
    if (this.database.kind !== 'external') {
      for (const change of changes) await this.pubSub.publish(REPORT_CHANGED, change);
      return;
    }
    // A NOTIFY payload holds under 8,000 bytes: a few dozen changes each, one round trip per group.
    for (let i = 0; i < changes.length; i += NOTIFY_GROUP) {
      await this.dataSource.query(`SELECT pg_notify($1, $2)`, [
        CHANNEL,
        JSON.stringify(changes.slice(i, i + NOTIFY_GROUP)),
      ]);
    }
  }
}

/** The agency a report event takes the report away from, if any. */
function leftAgency(type: string, data: object): string | null {
  if (type === 'ReportForwarded') return (data as { fromAgencyId: string }).fromAgencyId;
  if (type === 'DispositionDeclined') return (data as { agencyId: string }).agencyId;
  return null;
}
