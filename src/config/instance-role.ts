/**
 * INSTANCE_ROLE splits the work of instances sharing one database: `api` instances serve GraphQL,
 * the console and Open311 and run nothing in the background; `worker` instances run the background
 * work and serve /health and /metrics only; `all` (the default) does both. Each background service
 * asks runsBackgroundWork before it starts; the HTTP setup asks servesApi (src/bootstrap.ts).
 */
export const INSTANCE_ROLES = ['all', 'api', 'worker'] as const;
export type InstanceRole = (typeof INSTANCE_ROLES)[number];

/** The part of AppConfig these read (config.ts imports this file, so not named from there). */
type Role = { instanceRole?: InstanceRole };

/** The projections (and the webhook outbox), the deadline watcher, the anchor writer and webhook delivery. */
export function runsBackgroundWork(config: Role): boolean {
  return config.instanceRole !== 'api';
}

/**
 * Whether this instance records and sends webhooks (and prunes their messages): it runs background work,
 * and neither WEBHOOK_POLL_INTERVAL_MS nor PROJECTION_POLL_INTERVAL_MS (the outbox is a projection) is 0.
 */
export function sendsWebhooks(
  config: Role & { webhooks: { pollIntervalMs: number }; projections: { pollIntervalMs: number } },
): boolean {
  return config.webhooks.pollIntervalMs > 0 && config.projections.pollIntervalMs > 0 && runsBackgroundWork(config);
}

/** GraphQL (HTTP and WebSocket), the console and Open311; a worker serves only /health and /metrics. */
export function servesApi(config: Role): boolean {
  return config.instanceRole !== 'worker';
}

/** What the startup log line says the instance does. */
export function roleSummary(config: Role): string {
  const role = config.instanceRole ?? 'all';
  if (role === 'api')
    return 'INSTANCE_ROLE=api: runs no projection, deadline watcher, anchor writer or webhook delivery (workers do)';
  if (role === 'worker')
    return 'INSTANCE_ROLE=worker: runs the projections, deadline watcher, anchor writer and webhook delivery, serves /health and /metrics only';
  return 'INSTANCE_ROLE=all: serves the API and runs the projections, deadline watcher, anchor writer and webhook delivery';
}
