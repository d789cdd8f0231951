/**
 * The event types every layer speaks: what the store records and hands to readers. The kernel
 * imports nothing from the rest of src/, so projections/ can depend on it (and contexts/ need not).
 */

/** The actor who caused an event: a person, an integrator key or the system itself. */
export interface EventActor {
  id: string;
  role: string;
  agencyId?: string;
}

/** Who, why and when; free fields (channel, integratorKeyId, ...) travel alongside. */
export interface EventMetadata {
  correlationId: string;
  causationId?: string | null;
  actor: EventActor;
  /** ISO-8601 instant at which the fact happened in the world (the command's `now`). */
  occurredAt: string;
  [field: string]: unknown;
}

export interface RecordedEvent<Type extends string = string, Data extends object = Record<string, unknown>> {
  eventId: string;
  type: Type;
  schemaVersion: number;
  data: Data;
  metadata: EventMetadata;
  streamId: string;
  /** 1 for the first event of a stream, then consecutive. */
  streamVersion: number;
  /** Unique across the store; see readAll for the order readers follow. */
  globalPosition: bigint;
  recordedAt: Date;
  /** Hex SHA-256 chaining this event to the previous one of its stream (hash-chain.ts). */
  hash: string;
}

/** Where an imported event came from (metadata.import, written by the importer). */
export interface ImportProvenance {
  source: string;
  originalId: string;
  batchId: string;
}

/** The provenance of an imported event; null for one recorded live. */
export function importProvenanceOf(recorded: Pick<RecordedEvent, 'metadata'>): ImportProvenance | null {
  const provenance = recorded.metadata.import as Partial<ImportProvenance> | undefined;
  return typeof provenance?.source === 'string' && typeof provenance.originalId === 'string'
    ? { source: provenance.source, originalId: provenance.originalId, batchId: String(provenance.batchId ?? '') }
    : null;
}
