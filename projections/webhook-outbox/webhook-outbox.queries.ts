import type { DataSource } from 'typeorm';
import { DomainError } from '../../contexts/domain-error.js';
import type { WebhookEndpoint } from '../../contexts/webhooks/webhook-endpoint.js';
import type { EndpointStatus } from './webhook-outbox.projection.js';

type Db = Pick<DataSource, 'query'>;

/** PENDING: to be tried (again); DELIVERED: a 2xx came back; FAILED: retries ran out or 410 Gone; CANCELLED: its endpoint was deleted first. */
export const DELIVERY_STATES = ['PENDING', 'DELIVERED', 'FAILED', 'CANCELLED'] as const;
export type DeliveryState = (typeof DELIVERY_STATES)[number];

/** An endpoint as the outbox consumer keeps it, with how its deliveries are going. */
export interface EndpointHealth {
  endpoint: WebhookEndpoint;
  status: EndpointStatus;
  /** The global position of its last event. */
  position: string;
  /** Since when every attempt failed; null while the last one succeeded. */
  failingSince: string | null;
  lastSuccessAt: string | null;
  lastFailureAt: string | null;
  /** Messages waiting to be delivered (retries included). */
  pending: number;
  /** When the oldest of them was recorded; null with none. */
  oldestPendingAt: string | null;
}

export interface AttemptRow {
  attempt: number;
  attemptedAt: string;
  /** The HTTP status; null when no answer came (refused destination, timeout, network). */
  status: number | null;
  durationMs: number;
  error: string | null;
}

export interface DeliveryRow {
  /** The `webhook-id` header. */
  messageId: string;
  endpointId: string;
  eventId: string;
  streamId: string;
  streamVersion: number;
  position: string;
  eventType: string;
  /** Exactly what is sent. */
  body: string;
  correlationId: string | null;
  recordedAt: string;
  state: DeliveryState;
  retries: number;
  nextAttemptAt: string;
  lastStatus: number | null;
  lastError: string | null;
  deliveredAt: string | null;
  /** Every try, oldest first. */
  attempts: AttemptRow[];
}

export interface DeliveryFilter {
  state?: DeliveryState | null;
  eventType?: string | null;
}

export interface DeliveryPage {
  nodes: DeliveryRow[];
  hasNextPage: boolean;
  endCursor: string | null;
}

interface EndpointRecord {
  endpoint: WebhookEndpoint;
  status: EndpointStatus;
  position: string;
  failing_since: Date | null;
  last_success_at: Date | null;
  last_failure_at: Date | null;
  pending: number;
  oldest_pending_at: Date | null;
}

interface MessageRecord {
  message_id: string;
  endpoint_id: string;
  event_id: string;
  stream_id: string;
  stream_version: number;
  global_position: string;
  event_type: string;
  body: string;
  correlation_id: string | null;
  recorded_at: Date;
  state: DeliveryState;
  retries: number;
  next_attempt_at: Date;
  last_status: number | null;
  last_error: string | null;
  delivered_at: Date | null;
}

const MESSAGE_COLUMNS = `m.message_id, m.endpoint_id, m.event_id, m.stream_id, m.stream_version, m.global_position::text AS global_position,
  m.event_type, m.body, m.correlation_id, m.recorded_at, m.state, m.retries, m.next_attempt_at, m.last_status, m.last_error, m.delivered_at`;

/** Endpoints that are not deleted, oldest first: those of one owner principal, or (null) everyone's. */
export async function endpointsOf(db: Db, owner: string | null): Promise<EndpointHealth[]> {
  const rows: EndpointRecord[] = await db.query(
    `SELECT e.endpoint, e.status, e.position::text AS position, e.failing_since, e.last_success_at, e.last_failure_at,
            q.pending, q.oldest_pending_at
       FROM webhook_endpoints e
       CROSS JOIN LATERAL (SELECT count(*)::int AS pending, min(m.recorded_at) AS oldest_pending_at
                             FROM webhook_messages m WHERE m.endpoint_id = e.endpoint_id AND m.state = 'PENDING') q
      WHERE e.status <> 'DELETED' AND ($1::text IS NULL OR e.owner = $1)
      ORDER BY e.endpoint->>'createdAt', e.endpoint_id`,
    [owner],
  );
  return rows.map((row) => ({
    endpoint: row.endpoint,
    status: row.status,
    position: row.position,
    failingSince: iso(row.failing_since),
    lastSuccessAt: iso(row.last_success_at),
    lastFailureAt: iso(row.last_failure_at),
    pending: row.pending,
    oldestPendingAt: iso(row.oldest_pending_at),
  }));
}

/** An endpoint's messages, `first` at a time after the cursor `after`: the newest event first, each with its attempts. */
export async function deliveriesOf(
  db: Db,
  endpointId: string,
  filter: DeliveryFilter | null,
  first: number,
  after: string | null,
): Promise<DeliveryPage> {
  const values: unknown[] = [endpointId];
  const bind = (value: unknown) => `$${values.push(value)}`;
  const where = ['m.endpoint_id = $1::uuid'];
  if (filter?.state) where.push(`m.state = ${bind(filter.state)}`);
  if (filter?.eventType) where.push(`m.event_type = ${bind(filter.eventType)}`);
  if (after) {
    const [position, messageId] = decodeCursor(after);
    where.push(`(m.global_position, m.message_id) < (${bind(position)}::bigint, ${bind(messageId)})`);
  }
  const rows: MessageRecord[] = await db.query(
    `SELECT ${MESSAGE_COLUMNS} FROM webhook_messages m WHERE ${where.join(' AND ')}
      ORDER BY m.global_position DESC, m.message_id DESC LIMIT ${bind(first + 1)}`,
    values,
  );
  const nodes = await withAttempts(db, rows.slice(0, first));
  const last = nodes.at(-1);
  return {
    nodes,
    hasNextPage: rows.length > first,
    endCursor: last ? Buffer.from(`${last.position}:${last.messageId}`).toString('base64url') : null,
  };
}

/** The endpoint a message was made for; null for an id no message has. */
export async function messageEndpoint(db: Db, messageId: string): Promise<string | null> {
  const rows: { endpoint_id: string }[] = await db.query(
    `SELECT endpoint_id FROM webhook_messages WHERE message_id = $1`,
    [messageId],
  );
  return rows[0]?.endpoint_id ?? null;
}

/**
 * Sends a message again: due now, with all its retries ahead of it (its attempts so far and its last
 * error stay, for the record). A message still PENDING is left as it is, since it is going to be
 * sent anyway and may be in flight right now; a deleted endpoint's messages stay as they are.
 * Returns null for an unknown id.
 */
export async function requeueMessage(db: Db, messageId: string, now: Date): Promise<DeliveryRow | null> {
  // Locking the endpoint row waits for an outbox transaction deleting it (which cancels its pending
  // messages) and then sees it deleted, so no message is made pending behind that cancellation. The
  // statement ends in a SELECT because TypeORM answers an UPDATE with [rows, count], not the rows.
  const updated: MessageRecord[] = await db.query(
    `WITH live AS (
       SELECT e.endpoint_id FROM webhook_endpoints e JOIN webhook_messages m ON m.endpoint_id = e.endpoint_id
        WHERE m.message_id = $1 AND e.status <> 'DELETED' FOR SHARE OF e),
     requeued AS (
       UPDATE webhook_messages m SET state = 'PENDING', retries = 0, next_attempt_at = $2, claimed_by = NULL, claimed_until = NULL
         FROM live WHERE m.message_id = $1 AND m.endpoint_id = live.endpoint_id AND m.state <> 'PENDING'
       RETURNING m.*)
     SELECT ${MESSAGE_COLUMNS} FROM requeued m`,
    [messageId, now],
  );
  if (updated.length > 0) return (await withAttempts(db, updated))[0]!;
  const rows: (MessageRecord & { endpoint_status: EndpointStatus | null })[] = await db.query(
    `SELECT ${MESSAGE_COLUMNS}, e.status AS endpoint_status
       FROM webhook_messages m LEFT JOIN webhook_endpoints e ON e.endpoint_id = m.endpoint_id WHERE m.message_id = $1`,
    [messageId],
  );
  const row = rows[0];
  if (!row) return null;
  if (row.endpoint_status === 'DELETED' || row.endpoint_status === null)
    throw new DomainError(
      'CONFLICT',
      `Webhook message ${messageId} belongs to a deleted endpoint and cannot be sent again`,
    );
  return (await withAttempts(db, [row]))[0]!;
}

/** The attempts of all these messages in one query. */
async function withAttempts(db: Db, rows: MessageRecord[]): Promise<DeliveryRow[]> {
  if (rows.length === 0) return [];
  const attempts: {
    message_id: string;
    attempt: number;
    attempted_at: Date;
    status: number | null;
    duration_ms: number;
    error: string | null;
  }[] = await db.query(
    `SELECT message_id, attempt, attempted_at, status, duration_ms, error FROM webhook_attempts
      WHERE message_id = ANY($1::text[]) ORDER BY message_id, attempt_id`,
    [rows.map((row) => row.message_id)],
  );
  const byMessage = new Map<string, AttemptRow[]>();
  for (const a of attempts) {
    const list = byMessage.get(a.message_id) ?? [];
    list.push({
      attempt: a.attempt,
      attemptedAt: a.attempted_at.toISOString(),
      status: a.status,
      durationMs: a.duration_ms,
      error: a.error,
    });
    byMessage.set(a.message_id, list);
  }
  return rows.map((row) => ({
    messageId: row.message_id,
    endpointId: row.endpoint_id,
    eventId: row.event_id,
    streamId: row.stream_id,
    streamVersion: row.stream_version,
    position: row.global_position,
    eventType: row.event_type,
    body: row.body,
    correlationId: row.correlation_id,
    recordedAt: row.recorded_at.toISOString(),
    state: row.state,
    retries: row.retries,
    nextAttemptAt: row.next_attempt_at.toISOString(),
    lastStatus: row.last_status,
    lastError: row.last_error,
    deliveredAt: iso(row.delivered_at),
    attempts: byMessage.get(row.message_id) ?? [],
  }));
}

const iso = (instant: Date | null) => instant?.toISOString() ?? null;

/** Only what this query wrote: a global position (a bigint) and a message id. */
function decodeCursor(cursor: string): [string, string] {
  const match = /^(\d{1,19}):(msg_[A-Za-z0-9_-]{1,100})$/.exec(Buffer.from(cursor, 'base64url').toString('utf8'));
  if (!match || BigInt(match[1]!) > 9_223_372_036_854_775_807n)
    throw new DomainError('BAD_USER_INPUT', 'after is not a cursor this query returned', { argument: 'after' });
  return [match[1]!, match[2]!];
}

/**
 * Deletes at most `limit` settled messages (delivered, failed or cancelled) that settled before `before`,
 * oldest first, with their attempts; returns how many went. A message settled at its last delivery or attempt,
 * or when its endpoint was deleted: the later of delivered_at and next_attempt_at. Rows another transaction
 * holds (a redelivery, another instance's pruning) are skipped, and a message made PENDING meanwhile stays.
 */
export async function pruneSettledDeliveries(db: Db, before: Date, limit: number): Promise<number> {
  const [{ pruned }]: { pruned: number }[] = await db.query(
    `WITH gone AS (
       DELETE FROM webhook_messages m
        WHERE m.message_id IN (SELECT message_id FROM webhook_messages
                                WHERE state <> 'PENDING' AND greatest(delivered_at, next_attempt_at) < $1
                                ORDER BY greatest(delivered_at, next_attempt_at) LIMIT $2 FOR UPDATE SKIP LOCKED)
          AND m.state <> 'PENDING' AND greatest(m.delivered_at, m.next_attempt_at) < $1
       RETURNING m.message_id),
     attempts AS (DELETE FROM webhook_attempts a USING gone WHERE a.message_id = gone.message_id)
     SELECT count(*)::int AS pruned FROM gone`,
    [before.toISOString(), limit],
  );
  return pruned!;
}
