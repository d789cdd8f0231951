import { createHash } from 'node:crypto';
import type { ReportEvent } from '../../contexts/reports/report.events.js';
import { evolve, INITIAL_REPORT, type ReportState } from '../../contexts/reports/report.state.js';
import {
  evolveEndpoint,
  INITIAL_ENDPOINT,
  WEBHOOK_ENDPOINT_STREAM_PREFIX,
  type WebhookEndpoint,
  type WebhookEndpointEvent,
} from '../../contexts/webhooks/webhook-endpoint.js';
import {
  agenciesConcerned,
  endpointReaches,
  webhookEventType,
  webhookPayload,
} from '../../contexts/webhooks/webhook-message.js';
import { importProvenanceOf, type RecordedEvent } from '../../src/kernel/event.js';
import { isNextInStream, type Projection, type ProjectionTx } from '../../src/kernel/projection.js';

export const WEBHOOK_OUTBOX = 'webhook-outbox';

/** The stable `webhook-id` of an event sent to an endpoint: a retry or a redelivery carries the same one. */
export function webhookMessageId(endpointId: string, eventId: string): string {
  return `msg_${createHash('sha256').update(`${endpointId}:${eventId}`).digest('base64url').slice(0, 27)}`;
}

export type EndpointStatus = 'ENABLED' | 'DISABLED' | 'DELETED';

export function endpointStatus(endpoint: WebhookEndpoint): EndpointStatus {
  return endpoint.deleted ? 'DELETED' : endpoint.disabled ? 'DISABLED' : 'ENABLED';
}

/**
 * webhook-outbox: the log is the outbox. In the log's order it folds every endpoint and every
 * report (status and agency, without any text), and for each report event of a message type writes
 * one message row per endpoint enabled at that moment whose owner may see the report; the rows and
 * the checkpoint commit together, so nothing is sent for an event that did not commit and nothing
 * committed is missed. Imported history is folded but not announced. Not a read model: a rebuild
 * would send everything again, so the projection engine does not run it (src/webhooks does).
 */
export class WebhookOutboxProjection implements Projection {
  readonly name = WEBHOOK_OUTBOX;
  readonly tables = ['webhook_endpoints', 'webhook_reports', 'webhook_messages'] as const;

  async apply(events: readonly RecordedEvent[], tx: ProjectionTx): Promise<void> {
    const endpointEvents = events.filter((e) => e.streamId.startsWith(WEBHOOK_ENDPOINT_STREAM_PREFIX));
    const reportEvents = events.filter((e) => e.streamId.startsWith('report-'));
    if (endpointEvents.length === 0 && reportEvents.length === 0) return;
    const endpointRows: { endpoint: WebhookEndpoint }[] = await tx.query(
      `SELECT endpoint FROM webhook_endpoints WHERE status <> 'DELETED' OR endpoint_id = ANY($1::uuid[])`,
      [[...new Set(endpointEvents.map(endpointIdOf))]],
    );
    const endpoints = new Map(endpointRows.map((row) => [row.endpoint.endpointId, row.endpoint]));
    const reportRows: { stream_id: string; state: ReportState }[] = await tx.query(
      `SELECT stream_id, state FROM webhook_reports WHERE stream_id = ANY($1::text[])`,
      [[...new Set(reportEvents.map((e) => e.streamId))]],
    );
    const reports = new Map(reportRows.map((row) => [row.stream_id, row.state]));
    const changedEndpoints = new Map<string, bigint>();
    const changedReports = new Set<string>();
    const messages: MessageRow[] = [];
    /** When each endpoint deleted in this batch was deleted: its pending messages are cancelled as of then. */
    const deletedAt = new Map<string, string>();

    for (const event of events) {
      const at = event.metadata.occurredAt;
      if (event.streamId.startsWith(WEBHOOK_ENDPOINT_STREAM_PREFIX)) {
        const id = endpointIdOf(event);
        const state = endpoints.get(id) ?? INITIAL_ENDPOINT;
        if (!isNextInStream(event, state.version)) continue;
        endpoints.set(id, evolveEndpoint(state, event as unknown as WebhookEndpointEvent, at));
        changedEndpoints.set(id, event.globalPosition);
        if (event.type === 'WebhookEndpointDeleted') deletedAt.set(id, at);
      } else if (event.streamId.startsWith('report-')) {
        const before = reports.get(event.streamId) ?? INITIAL_REPORT;
        if (!isNextInStream(event, before.version)) continue;
        const reportEvent = { type: event.type, data: event.data } as ReportEvent;
        const after = withoutText(evolve(before, reportEvent, at));
        reports.set(event.streamId, after);
        changedReports.add(event.streamId);
        const type = webhookEventType(event.type);
        if (type === null || importProvenanceOf(event) !== null) continue;
        const agencies = agenciesConcerned(before, after);
        const body = JSON.stringify(
          webhookPayload(type, reportEvent, after, { occurredAt: at, position: event.globalPosition.toString() }),
        );
        for (const endpoint of endpoints.values()) {
          if (endpointStatus(endpoint) !== 'ENABLED' || !endpointReaches(endpoint, type, after, agencies)) continue;
          messages.push({
            message_id: webhookMessageId(endpoint.endpointId, event.eventId),
            endpoint_id: endpoint.endpointId,
            event_id: event.eventId,
            stream_id: event.streamId,
            stream_version: event.streamVersion,
            global_position: event.globalPosition.toString(),
            event_type: type,
            body,
            correlation_id: event.metadata.correlationId ?? null,
            recorded_at: event.recordedAt.toISOString(),
          });
        }
      }
    }
    await this.write(tx, endpoints, changedEndpoints, deletedAt, reports, changedReports, messages);
  }

  private async write(
    tx: ProjectionTx,
    endpoints: Map<string, WebhookEndpoint>,
    changedEndpoints: Map<string, bigint>,
    deletedAt: Map<string, string>,
    reports: Map<string, ReportState>,
    changedReports: Set<string>,
    messages: MessageRow[],
  ): Promise<void> {
    if (changedEndpoints.size > 0) {
      const rows = [...changedEndpoints].map(([id, position]) => {
        const endpoint = endpoints.get(id)!;
        const status = endpointStatus(endpoint);
        return { endpoint_id: id, owner: endpoint.owner.principal, status, endpoint, position: position.toString() };
      });
      await tx.query(
        `INSERT INTO webhook_endpoints (endpoint_id, owner, status, endpoint, position)
         SELECT * FROM json_to_recordset($1::json) AS r(endpoint_id uuid, owner text, status text, endpoint jsonb, position bigint)
         ON CONFLICT (endpoint_id) DO UPDATE SET owner = EXCLUDED.owner, status = EXCLUDED.status, endpoint = EXCLUDED.endpoint,
           position = EXCLUDED.position,
           -- Enabled again: its failures so far no longer count towards the five days.
           failing_since = CASE WHEN EXCLUDED.status = 'ENABLED' AND webhook_endpoints.status <> 'ENABLED' THEN NULL
                                ELSE webhook_endpoints.failing_since END`,
        [JSON.stringify(rows)],
      );
      // Settled when the endpoint was deleted (next_attempt_at says when, for pruning: pruneSettledDeliveries).
      if (deletedAt.size > 0)
        await tx.query(
          `UPDATE webhook_messages m SET state = 'CANCELLED', next_attempt_at = d.at
             FROM json_to_recordset($1::json) AS d(endpoint_id uuid, at timestamptz)
            WHERE m.endpoint_id = d.endpoint_id AND m.state = 'PENDING'`,
          [JSON.stringify([...deletedAt].map(([endpoint_id, at]) => ({ endpoint_id, at })))],
        );
    }
    if (changedReports.size > 0)
      await tx.query(
        `INSERT INTO webhook_reports (stream_id, state) SELECT * FROM json_to_recordset($1::json) AS r(stream_id text, state jsonb)
         ON CONFLICT (stream_id) DO UPDATE SET state = EXCLUDED.state`,
        [JSON.stringify([...changedReports].map((id) => ({ stream_id: id, state: reports.get(id) })))],
      );
    if (messages.length > 0) {
      // Arrays, not JSON: a body is JSON already, and encoding it again in a JSON parameter doubled the work.
      const column = <K extends keyof MessageRow>(key: K) => messages.map((message) => message[key]);
      await tx.query(
        `INSERT INTO webhook_messages (message_id, endpoint_id, event_id, stream_id, stream_version, global_position, event_type, body,
                                       correlation_id, recorded_at, next_attempt_at)
         SELECT *, r.recorded_at FROM unnest($1::text[], $2::uuid[], $3::uuid[], $4::text[], $5::int[], $6::bigint[], $7::text[], $8::text[],
                                             $9::text[], $10::timestamptz[])
           AS r(message_id, endpoint_id, event_id, stream_id, stream_version, global_position, event_type, body, correlation_id, recorded_at)
         ON CONFLICT (message_id) DO NOTHING`,
        [
          column('message_id'),
          column('endpoint_id'),
          column('event_id'),
          column('stream_id'),
          column('stream_version'),
          column('global_position'),
          column('event_type'),
          column('body'),
          column('correlation_id'),
          column('recorded_at'),
        ],
      );
    }
  }
}

interface MessageRow {
  message_id: string;
  endpoint_id: string;
  event_id: string;
  stream_id: string;
  stream_version: number;
  global_position: string;
  event_type: string;
  body: string;
  correlation_id: string | null;
  recorded_at: string;
}

function endpointIdOf(event: RecordedEvent): string {
  return event.streamId.slice(WEBHOOK_ENDPOINT_STREAM_PREFIX.length);
}

/** What deciding who is told needs of a report (status, agency, owner, confidentiality), without what anyone wrote. */
function withoutText(state: ReportState): ReportState {
  return { ...state, title: '', description: '', identity: null, attachments: [], location: null };
}
