import type pg from 'pg';
import { AppendNotifier } from './append-notifier.js';
import type { EventLog } from './event-log.port.js';
import type { EventStore } from './event-store.port.js';
import { KurrentDbEventLog } from './kurrentdb-event-log.js';
import { KurrentDbEventStore } from './kurrentdb-event-store.js';
import { PostgresEventLog } from './postgres-event-log.js';
import { PostgresEventStore } from './postgres-event-store.js';

export interface OpenedEventStore {
  /** The events as stored, without upcasting. */
  stored: EventStore;
  log: EventLog;
  close(): Promise<void>;
}

/**
 * The event store EVENT_STORE names: PostgreSQL's events table (the pool's database), or KurrentDB
 * at `kurrentDbUrl` while PostgreSQL keeps the read models and their checkpoints. On a real
 * PostgreSQL server (`external`), hot statements are prepared and every append, to either store,
 * is announced on it (append-notifier.ts), so the runners of every instance wake at once.
 */
export function openEventStore(
  pool: pg.Pool,
  options: { external: boolean; kurrentDbUrl?: string | null },
): OpenedEventStore {
  const onAppended = options.external ? new AppendNotifier(pool).appended : undefined;
  if (options.kurrentDbUrl) {
    const stored = KurrentDbEventStore.connect(options.kurrentDbUrl, { onAppended });
    return { stored, log: new KurrentDbEventLog(stored), close: () => stored.close() };
  }
  const stored = new PostgresEventStore(pool, { preparedStatements: options.external, onAppended });
  return { stored, log: new PostgresEventLog(pool), close: async () => undefined };
}
