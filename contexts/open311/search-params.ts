import { parseTrackingId } from '../reports/tracking-id.js';
import type { FieldProblem } from './field-problem.js';
import { OPEN311_STATUSES, type Open311Status } from './open311-status.js';
import type { FormValues } from './service-request-form.js';
import { dateRange } from './w3c-datetime.js';

/** page and page_size, this bridge's extension: pages of at most GeoReport v2's 1,000 requests, 1,000 when not asked. */
export const MAX_PAGE_SIZE = 1_000;
const MAX_PAGE = 10_000;

export interface Window {
  from: Date;
  to: Date;
  limit: number;
  offset: number;
}

export interface RequestSearchParams extends Window {
  trackingIds: string[] | null;
  serviceCodes: string[] | null;
  statuses: Open311Status[] | null;
}

/** GET requests: service_request_id (which overrides the rest), service_code, status, start_date, end_date, page, page_size. */
export function readRequestSearch(
  query: FormValues,
  now: Date,
): { search: RequestSearchParams } | { problems: FieldProblem[] } {
  const problems: FieldProblem[] = [];
  const window = readWindow(query, now, problems);
  const ids = commaList(query, 'service_request_id', problems);
  const trackingIds = ids?.map((id) => {
    const trackingId = parseTrackingId(id);
    if (!trackingId)
      problems.push({
        field: 'service_request_id',
        description: `service_request_id ${id.slice(0, 20)} is not a tracking id (eight symbols, like 7K3M-9QX2)`,
      });
    return trackingId ?? '';
  });
  if (trackingIds && trackingIds.length > MAX_PAGE_SIZE)
    problems.push({
      field: 'service_request_id',
      description: `service_request_id may name at most ${MAX_PAGE_SIZE} requests`,
    });
  const serviceCodes = commaList(query, 'service_code', problems);
  const statuses = commaList(query, 'status', problems);
  const unknown = statuses?.filter((status) => !(OPEN311_STATUSES as readonly string[]).includes(status)) ?? [];
  if (unknown.length > 0)
    problems.push({ field: 'status', description: `status must be open or closed, not ${unknown.join(', ')}` });
  if (problems.length > 0 || !window) return { problems };
  return {
    search: {
      ...window,
      trackingIds: trackingIds ?? null,
      serviceCodes,
      statuses: statuses as Open311Status[] | null,
    },
  };
}

/** GET servicerequestupdates: start_date, end_date, page, page_size. */
export function readUpdateSearch(query: FormValues, now: Date): { search: Window } | { problems: FieldProblem[] } {
  const problems: FieldProblem[] = [];
  const window = readWindow(query, now, problems);
  return window && problems.length === 0 ? { search: window } : { problems };
}

function readWindow(query: FormValues, now: Date, problems: FieldProblem[]): Window | null {
  const range = dateRange(single(query, 'start_date', problems), single(query, 'end_date', problems), now);
  const pageSize = whole(query, 'page_size', MAX_PAGE_SIZE, MAX_PAGE_SIZE, problems);
  const page = whole(query, 'page', 1, MAX_PAGE, problems);
  if ('problems' in range) {
    problems.push(...range.problems);
    return null;
  }
  return { ...range, limit: pageSize, offset: (page - 1) * pageSize };
}

/** A parameter given once; empty is not given (GeoReport v2's optional arguments). */
function single(query: FormValues, field: string, problems: FieldProblem[]): string | null {
  const raw = query[field];
  if (Array.isArray(raw) && raw.filter((value) => value.trim() !== '').length > 1) {
    problems.push({ field, description: `${field} may be given once` });
    return null;
  }
  const value = (Array.isArray(raw) ? raw.find((v) => v.trim() !== '') : raw)?.trim();
  return value ? value : null;
}

/** A comma-separated list, which may also be given several times; null when empty. */
function commaList(query: FormValues, field: string, problems: FieldProblem[]): string[] | null {
  const raw = query[field];
  const items = (Array.isArray(raw) ? raw : raw === undefined ? [] : [raw])
    .flatMap((value) => value.split(','))
    .map((item) => item.trim())
    .filter(Boolean);
  if (items.some((item) => item.length > 100)) {
    problems.push({ field, description: `${field} holds an item longer than 100 characters` });
    return null;
  }
  return items.length > 0 ? [...new Set(items)] : null;
}

function whole(query: FormValues, field: string, fallback: number, max: number, problems: FieldProblem[]): number {
  const text = single(query, field, problems);
  if (text === null) return fallback;
  const value = /^\d{1,6}$/.test(text) ? Number(text) : 0;
  if (value < 1 || value > max) {
    problems.push({ field, description: `${field} must be a whole number from 1 to ${max}` });
    return fallback;
  }
  return value;
}
