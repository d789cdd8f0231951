import { expect } from '@jest/globals';
import { XMLParser, XMLValidator } from 'fast-xml-parser';
import { OPEN311_SCHEMAS, type Open311SchemaName } from './open311-schemas.js';

/** The XML root of each answer, and the element of each list's items (GeoReport v2's XML examples). */
const ROOTS: Record<Open311SchemaName, string> = {
  discovery: 'discovery',
  services: 'services',
  serviceDefinition: 'service_definition',
  requests: 'service_requests',
  request: 'service_requests',
  created: 'service_requests',
  updates: 'service_request_updates',
  errors: 'errors',
};
const ITEMS: Record<string, string> = {
  services: 'service',
  attributes: 'attribute',
  values: 'value',
  endpoints: 'endpoint',
  formats: 'format',
  service_requests: 'request',
  service_request_updates: 'request_update',
  errors: 'error',
};

const parser = new XMLParser({
  ignoreDeclaration: true,
  parseTagValue: false,
  trimValues: false,
  isArray: (name) => Object.values(ITEMS).includes(name),
});

export interface Open311Answer {
  status: number;
  headers: Headers;
  text: string;
}

/**
 * Calls the bridge over HTTP as an Open311 client would, keeping every answer's text in `seen`
 * (for checks that no identity ever leaves it), and checks each answer in both formats: the JSON
 * against the JSON Schema of its kind, the XML well-formed, UTF-8, and holding the same values.
 */
export function open311Client(baseUrl: string, seen: string[] = []) {
  const url = (path: string, query: Record<string, string> = {}) => {
    const target = new URL(`${baseUrl}/open311/v2/${path}`);
    for (const [name, value] of Object.entries(query)) target.searchParams.append(name, value);
    return target;
  };
  const remember = async (response: Response): Promise<Open311Answer> => {
    const text = await response.text();
    seen.push(text);
    return { status: response.status, headers: response.headers, text };
  };

  async function get(path: string, query: Record<string, string> = {}): Promise<Open311Answer> {
    return remember(await fetch(url(path, query)));
  }

  async function post(
    path: string,
    form: Record<string, string | string[]>,
    headers: Record<string, string> = {},
  ): Promise<Open311Answer> {
    const body = new URLSearchParams();
    for (const [name, value] of Object.entries(form))
      for (const item of Array.isArray(value) ? value : [value]) body.append(name, item);
    return remember(
      await fetch(url(path), {
        method: 'POST',
        headers: { 'content-type': 'application/x-www-form-urlencoded; charset=utf-8', ...headers },
        body,
      }),
    );
  }

  /** One resource in both formats (`path` without its extension); answers the JSON after checking both. */
  async function both(
    path: string,
    schema: Open311SchemaName,
    { query = {}, status = 200 }: { query?: Record<string, string>; status?: number } = {},
  ): Promise<any> {
    return checked(await get(`${path}.json`, query), await get(`${path}.xml`, query), schema, status);
  }

  return { get, post, both, checked };
}

/** The JSON answer valid against its schema, the XML answer the same values; the JSON's value returned. */
export function checked(json: Open311Answer, xml: Open311Answer, schema: Open311SchemaName, status = 200): any {
  expect({ json: json.status, xml: xml.status }).toEqual({ json: status, xml: status });
  expect(json.headers.get('content-type')).toBe('application/json; charset=utf-8');
  expect(xml.headers.get('content-type')).toBe('text/xml; charset=utf-8');
  const value = JSON.parse(json.text) as unknown;
  const validate = OPEN311_SCHEMAS[schema];
  if (!validate(value)) throw new Error(`${schema}: ${JSON.stringify(validate.errors)} in ${json.text.slice(0, 500)}`);
  expect(xml.text.startsWith('<?xml version="1.0" encoding="UTF-8"?>')).toBe(true);
  expect(XMLValidator.validate(xml.text)).toBe(true);
  const root = ROOTS[schema];
  expect(parser.parse(xml.text)).toEqual({ [root]: asParsedXml(root, value) });
  return value;
}

/** What fast-xml-parser reads from the XML of a JSON value: text for every scalar, '' for null and for an empty list. */
function asParsedXml(name: string, value: unknown): unknown {
  if (value === null) return '';
  if (Array.isArray(value)) {
    const item = ITEMS[name]!;
    return value.length === 0 ? '' : { [item]: value.map((entry) => asParsedXml(item, entry)) };
  }
  if (typeof value === 'object')
    return Object.fromEntries(Object.entries(value).map(([key, entry]) => [key, asParsedXml(key, entry)]));
  return String(value);
}
