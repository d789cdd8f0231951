import { Inject, Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { DataSource } from 'typeorm';
import { reportStream, type ReportEvent } from '../../contexts/reports/report.events.js';
import { evolve, INITIAL_REPORT, type ReportState } from '../../contexts/reports/report.state.js';
import { foldHistory } from '../commands/run-command.js';
import { EVENT_STORE, type EventStore } from '../event-store/event-store.port.js';

const CHECKPOINT = 'deadline-schedule';
const BATCH = 500;

/**
 * Keeps deadline_schedule in step with the report events: for every report touched by a batch of
 * events it folds the report's stream and stores its earliest open deadline. Rows and checkpoint
 * are written in one transaction, and the checkpoint only moves from the position this run read
 * (a compare-and-set), so two instances catching up at once cannot move it backwards or skip.
 */
@Injectable()
export class DeadlineSchedule {
  constructor(
    @Inject(EVENT_STORE) private readonly store: EventStore,
    @InjectDataSource() private readonly dataSource: DataSource,
  ) {}

  /** Applies every report event after the checkpoint; returns how many were applied. */
  async catchUp(): Promise<number> {
    let applied = 0;
    for (;;) {
      const from = await this.checkpoint();
      const page = await this.store.readAll({ after: from, limit: BATCH, categories: ['report'] });
      if (page.events.length === 0) return applied;
      const reportIds = [...new Set(page.events.map((e) => e.streamId.slice('report-'.length)))];
      // Streams are read before the transaction opens: the embedded database runs one transaction at a time.
      const rows = await Promise.all(reportIds.map(async (reportId) => [reportId, nextDue(await this.fold(reportId))] as const));
      const moved = await this.dataSource.transaction(async (manager) => {
        for (const [reportId, due] of rows) {
          await manager.query(
            `INSERT INTO deadline_schedule (report_id, next_due_at) VALUES ($1, $2)
             ON CONFLICT (report_id) DO UPDATE SET next_due_at = EXCLUDED.next_due_at`,
            [reportId, due],
          );
        }
        const [, updated] = await manager.query(`UPDATE checkpoints SET position = $2, updated_at = now() WHERE name = $1 AND position = $3`, [
          CHECKPOINT,
          page.position.toString(),
          from.toString(),
        ]);
        if (updated !== 1) throw new CheckpointMoved();
        return true;
      }).catch((error: unknown) => {
        if (error instanceof CheckpointMoved) return false;
        throw error;
      });
      if (moved) applied += page.events.length;
    }
  }

  /** Reports with a deadline that passed before `now`, earliest first. */
  async due(now: Date, limit = 500): Promise<string[]> {
    const rows: { report_id: string }[] = await this.dataSource.query(
      `SELECT report_id FROM deadline_schedule WHERE next_due_at < $1 ORDER BY next_due_at LIMIT $2`,
      [now.toISOString(), limit],
    );
    return rows.map((row) => row.report_id);
  }

  private async checkpoint(): Promise<bigint> {
    await this.dataSource.query(`INSERT INTO checkpoints (name) VALUES ($1) ON CONFLICT (name) DO NOTHING`, [CHECKPOINT]);
    const [row]: { position: string }[] = await this.dataSource.query(`SELECT position::text AS position FROM checkpoints WHERE name = $1`, [CHECKPOINT]);
    return BigInt(row!.position);
  }

  private async fold(reportId: string): Promise<ReportState> {
    return foldHistory<ReportState, ReportEvent>({ initial: INITIAL_REPORT, evolve }, await this.store.readStream(reportStream(reportId)));
  }
}

class CheckpointMoved extends Error {}

function nextDue(state: ReportState): string | null {
  const open = Object.values(state.deadlines).filter((d) => d && !d.missed).map((d) => d!.dueAt);
  return open.length > 0 ? open.reduce((a, b) => (Date.parse(a) <= Date.parse(b) ? a : b)) : null;
}
