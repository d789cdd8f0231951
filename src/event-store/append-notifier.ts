import { Logger } from '@nestjs/common';
import type pg from 'pg';

/** The channel on which every instance hears that events were appended. */
export const APPENDED_CHANNEL = 'aduan_events';
/** The shortest gap between two notifications from one process: a burst of appends costs one. */
const MIN_GAP_MS = 5;

/**
 * Tells every instance (its own included) that events were appended, by a NOTIFY sent after the
 * append committed, outside its transaction: a NOTIFY inside the append would take PostgreSQL's
 * global notification lock at every commit and serialize the writers (it cost a third of the
 * append rate in bench/append.ts). Appends close together share one notification; the last
 * append of a burst is always followed by one, so no listener misses the newest events.
 */
export class AppendNotifier {
  private readonly logger = new Logger('AppendNotifier');
  private sending = false;
  private pending = false;

  constructor(private readonly pool: pg.Pool) {}

  readonly appended = (): void => {
    if (this.pool.ending) return;
    if (this.sending) {
      this.pending = true;
      return;
    }
    this.sending = true;
    this.pending = false;
    this.pool
      .query(`SELECT pg_notify($1, '')`, [APPENDED_CHANNEL])
      .catch((error: Error) =>
        this.logger.warn(
          `could not announce appended events (runners will find them at their next poll): ${error.message}`,
        ),
      )
      .then(() => new Promise((resolve) => setTimeout(resolve, MIN_GAP_MS)))
      .finally(() => {
        this.sending = false;
        if (this.pending) this.appended();
      });
  };
}
