import type { FastifyReply } from 'fastify';

/** Where GeoReport v2 is served. */
export const OPEN311_PATH = 'open311/v2';

export const OPEN311_FORMATS = ['xml', 'json'] as const;
export type Open311Format = (typeof OPEN311_FORMATS)[number];

export const CONTENT_TYPES: Record<Open311Format, string> = {
  xml: 'text/xml; charset=utf-8',
  json: 'application/json; charset=utf-8',
};

/** An answer before it is written: the XML root element's name and the JSON value (the Spark convention). */
export interface Open311Document {
  root: string;
  body: unknown;
}

/** The element each list's items get in XML: <services><service>…, <values><value>…, <errors><error>… */
const ITEM_ELEMENTS: Record<string, string> = {
  services: 'service',
  attributes: 'attribute',
  values: 'value',
  endpoints: 'endpoint',
  formats: 'format',
  service_requests: 'request',
  service_request_updates: 'request_update',
  errors: 'error',
};

export function formatOf(extension: string): Open311Format | null {
  return (OPEN311_FORMATS as readonly string[]).includes(extension) ? (extension as Open311Format) : null;
}

/** The format a request's path ends in (`.json` or `.xml`), XML for any other: how an answer to a path no route takes is written. */
export function formatOfPath(url: string): Open311Format {
  return formatOf(/\.([a-z]+)$/.exec(url.split('?', 1)[0]!)?.[1] ?? '') ?? 'xml';
}

/** Writes the document as JSON (the value itself) or as XML (the same value under its root element), UTF-8. */
export function sendDocument(
  reply: FastifyReply,
  format: Open311Format,
  document: Open311Document,
  status = 200,
): void {
  const text =
    format === 'json'
      ? JSON.stringify(document.body)
      : `<?xml version="1.0" encoding="UTF-8"?>\n${element(document.root, document.body)}\n`;
  void reply.status(status).header('Content-Type', CONTENT_TYPES[format]).send(Buffer.from(text, 'utf8'));
}

/** The Spark convention backwards: a list is an element holding one element per item, null an empty element. */
function element(name: string, value: unknown): string {
  if (value === null || value === undefined) return `<${name}/>`;
  if (Array.isArray(value)) {
    const item = ITEM_ELEMENTS[name];
    if (!item) throw new Error(`No XML element is named for the items of ${name}`);
    return `<${name}>${value.map((entry) => element(item, entry)).join('')}</${name}>`;
  }
  if (typeof value === 'object')
    return `<${name}>${Object.entries(value)
      .map(([key, entry]) => element(key, entry))
      .join('')}</${name}>`;
  return `<${name}>${escapeXml(String(value))}</${name}>`;
}

// eslint-disable-next-line no-control-regex -- the characters XML 1.0 cannot hold, even escaped
const NOT_XML = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\uFFFE\uFFFF]/g;
const ENTITIES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&apos;' };

/** Markup characters escaped; characters XML 1.0 has no way to write become U+FFFD. */
function escapeXml(text: string): string {
  return text.replace(NOT_XML, '\uFFFD').replace(/[&<>"']/g, (char) => ENTITIES[char]!);
}
