import { REPORT_KINDS, type ReportKind } from '../reports/report.events.js';
import type { FieldProblem } from './field-problem.js';

/** GeoReport v2 limits a description to 4,000 characters. */
export const MAX_DESCRIPTION = 4_000;
/** As many media URLs as a report takes attachments. */
const MAX_MEDIA = 10;
const MAX_CONTACT_FIELD = 200;
const TITLE_MAX = 100;
const NUMBER = /^[+-]?(\d+(\.\d*)?|\.\d+)$/;
// eslint-disable-next-line no-control-regex -- NUL is what PostgreSQL cannot store
const UNSTORABLE = /[\u0000\uD800-\uDFFF]/u;

export type FormValues = Readonly<Record<string, string | string[] | undefined>>;

/** A POST requests form as aduan reads it, before the rules GraphQL's submitReport checks too. */
export interface ServiceRequestForm {
  serviceCode: string;
  kind: ReportKind;
  anonymous: boolean;
  confidential: boolean;
  description: string;
  location: { address: string | null; lat: number | null; lon: number | null };
  mediaUrls: string[];
  /** Who the person is: sealed as the reporter's identity, never shown by the bridge. */
  contact: {
    name: string | null;
    email: string | null;
    phone: string | null;
    deviceId: string | null;
    accountId: string | null;
  };
  /** FixMyStreet's attribute[fixmystreet_id]: the client's own id of the report, sent with every attempt. */
  clientToken: string | null;
}

/**
 * Reads the form of POST requests: service_code, a location (lat and long, or address_string),
 * the description (required by aduan, at most 4,000 characters), media_url (repeatable, a scheme of
 * `mediaSchemes`), the contact fields and the attributes of the service definition. Empty values
 * count as not given; attributes the definition does not name are left aside (FixMyStreet sends its own).
 */
export function readServiceRequestForm(
  form: FormValues,
  mediaSchemes: readonly string[],
): { form: ServiceRequestForm } | { problems: FieldProblem[] } {
  const problems: FieldProblem[] = [];
  const problem = (field: string, description: string) => problems.push({ field, description });
  const values = (field: string): string[] => {
    const raw = form[field];
    const list = (Array.isArray(raw) ? raw : raw === undefined ? [] : [raw]).map((value) => value.trim());
    if (list.some((value) => UNSTORABLE.test(value)))
      problem(field, `${field} must not contain the NUL character or unpaired surrogates`);
    return list.filter((value) => value !== '');
  };
  const one = (field: string): string | null => {
    const list = values(field);
    if (list.length > 1) problem(field, `${field} may be given once`);
    return list[0] ?? null;
  };
  const number = (field: string): number | null => {
    const text = one(field);
    if (text !== null && !NUMBER.test(text)) problem(field, `${field} must be a decimal number (WGS84 degrees)`);
    return text !== null && NUMBER.test(text) ? Number(text) : null;
  };
  const choice = <T extends string>(code: string, allowed: readonly T[], fallback: T): T => {
    const field = `attribute[${code}]`;
    const text = one(field);
    if (text === null) return fallback;
    const found = allowed.find((value) => value.toLowerCase() === text.toLowerCase());
    if (!found) problem(field, `${field} must be one of ${allowed.join(', ')}`);
    return found ?? fallback;
  };
  const contact = (field: string): string | null => {
    const text = one(field);
    if (text !== null && text.length > MAX_CONTACT_FIELD)
      problem(field, `${field} may be at most ${MAX_CONTACT_FIELD} characters`);
    return text;
  };

  const serviceCode = one('service_code');
  if (serviceCode === null) problem('service_code', 'service_code is required');
  const lat = number('lat');
  const lon = number('long');
  const address = one('address_string');
  if ((lat === null) !== (lon === null)) problem(lat === null ? 'lat' : 'long', 'lat and long are sent together');
  if ((lat === null || lon === null) && address === null)
    problem(
      'address_string',
      one('address_id') === null
        ? 'lat and long, or address_string, is required: where it is'
        : 'address_id is not supported here: send lat and long, or address_string',
    );
  const description = one('description');
  if (description === null) problem('description', 'description is required: what happened, where and since when');
  else if ([...description].length > MAX_DESCRIPTION)
    problem('description', `description may be at most ${MAX_DESCRIPTION.toLocaleString('en')} characters`);
  const mediaUrls = values('media_url');
  if (mediaUrls.length > MAX_MEDIA) problem('media_url', `media_url may be given at most ${MAX_MEDIA} times`);
  for (const url of mediaUrls) {
    const scheme = URL.canParse(url) ? new URL(url).protocol.slice(0, -1) : null;
    if (scheme === null) problem('media_url', `media_url must be an absolute URL: ${url.slice(0, 100)}`);
    else if (!mediaSchemes.includes(scheme))
      problem('media_url', `media_url must use ${mediaSchemes.join(' or ')}, not ${scheme}`);
  }
  const kind = choice('kind', REPORT_KINDS, 'COMPLAINT');
  const anonymous = choice('anonymous', ['true', 'false'], 'false') === 'true';
  const confidential = choice('confidential', ['true', 'false'], 'false') === 'true';
  const name = [contact('first_name'), contact('last_name')].filter(Boolean).join(' ') || null;
  const parsed: ServiceRequestForm = {
    serviceCode: serviceCode ?? '',
    kind,
    anonymous,
    confidential,
    description: description ?? '',
    location: { address, lat, lon },
    mediaUrls,
    contact: {
      name,
      email: contact('email'),
      phone: contact('phone'),
      deviceId: contact('device_id'),
      accountId: contact('account_id'),
    },
    clientToken: contact('attribute[fixmystreet_id]'),
  };
  return problems.length > 0 ? { problems } : { form: parsed };
}

/**
 * A report's title, which Open311 does not have: the description's first line, cut at a word to
 * 100 characters; a line shorter than a title may be (5) gets the service's name before it.
 */
export function titleFrom(description: string, serviceName: string): string {
  const line = (description.trim().split(/\r?\n/)[0] ?? '').replace(/\s+/g, ' ').trim();
  const text = line.length >= 5 ? line : `${serviceName}: ${line}`;
  const chars = [...text];
  if (chars.length <= TITLE_MAX) return text;
  const cut = chars.slice(0, TITLE_MAX - 1).join('');
  const space = cut.lastIndexOf(' ');
  return `${space >= TITLE_MAX / 2 ? cut.slice(0, space) : cut}…`;
}
