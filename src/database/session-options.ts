/**
 * What every query connection of the service sets as it opens (libpq's `options`): no parallel
 * workers. The service's queries are many and small, and a plan that launches workers has them
 * compete with the other requests for the same cores: the 2,000-agency ranking on a
 * 1,000,000-report store, 8 clients on 2 cores, answered 119 queries/s with two workers a query and
 * 255 without (one client: 14.5 and 10.3 ms). Index builds (max_parallel_maintenance_workers) keep
 * their workers.
 */
export const SESSION_OPTIONS = '-c max_parallel_workers_per_gather=0';
