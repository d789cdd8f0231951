import type { EntityManager } from 'typeorm';
import type { RecordedEvent } from './event.js';

/**
 * What a projection writes through: statements only. The runner opens and commits the transaction
 * itself (with the checkpoint's move), so a projection must not begin or commit one of its own.
 */
export type ProjectionTx = Pick<EntityManager, 'query'>;

/**
 * A read model: given a batch of events in the store's global order, the row changes they cause,
 * written through the transaction it is handed (the same one that moves its checkpoint). It must
 * be idempotent per event, so a batch applied to rows that already saw part of it changes nothing
 * twice, and replaying from position 0 gives the same rows as running live.
 */
export interface Projection {
  readonly name: string;
  /** The tables it owns (in the public schema): what a rebuild builds anew and swaps in. */
  readonly tables: readonly string[];
  apply(events: readonly RecordedEvent[], tx: ProjectionTx): Promise<void>;
}

/**
 * Whether `event` is the next of its stream after `version`, the last one a read model applied:
 * false when it was applied already (a batch replayed), an error when one between them is missing.
 */
export function isNextInStream(event: RecordedEvent, version: number): boolean {
  if (event.streamVersion <= version) return false;
  if (event.streamVersion !== version + 1) {
    throw new Error(`${event.streamId} version ${event.streamVersion} follows version ${version}: an event is missing`);
  }
  return true;
}
