import type { Readable } from 'node:stream';
import type { FastifyRequest } from 'fastify';
import type { FormValues } from '../../contexts/open311/service-request-form.js';
import { Open311Error } from './open311-error.js';

/** As many fields as a form may carry (body-parser's default, which the service used before). */
const MAX_PARAMETERS = 1000;

/**
 * Reads the application/x-www-form-urlencoded body GeoReport v2 posts, up to `limit` bytes
 * (REQUEST_BODY_LIMIT_BYTES). The service hands such bodies to their handler unread (bootstrap.ts),
 * so a refusal here is written in Open311's format, and the request's correlation scope holds.
 */
export async function readForm(request: FastifyRequest, limit: number): Promise<FormValues> {
  const [type, ...parameters] = (request.headers['content-type'] ?? '').split(';').map((part) => part.trim());
  if (type?.toLowerCase() !== 'application/x-www-form-urlencoded' || !isReadable(request.body))
    throw Open311Error.of(400, 'Send the service request as application/x-www-form-urlencoded; charset=utf-8');
  const charset = parameters
    .find((p) => p.toLowerCase().startsWith('charset='))
    ?.slice(8)
    .replace(/"/g, '');
  if (charset && charset.toLowerCase() !== 'utf-8') throw unreadable(415);
  const text = await readText(request.body, request.raw, limit);
  const fields = new URLSearchParams(text);
  // No prototype: a field named __proto__ or toString is a field like any other.
  const form = Object.create(null) as Record<string, string | string[]>;
  let count = 0;
  for (const [name, value] of fields) {
    if (++count > MAX_PARAMETERS) throw Open311Error.of(413, 'The request body has too many parameters');
    const earlier = form[name];
    form[name] = earlier === undefined ? value : [...(Array.isArray(earlier) ? earlier : [earlier]), value];
  }
  return form;
}

/**
 * The body as text; past `limit` it is refused at once: an inflating stream is destroyed (nothing more
 * is inflated) and the request's own bytes are drained unread, so the connection stays usable.
 */
function readText(body: Readable, raw: Readable, limit: number): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let length = 0;
    const collect = (chunk: Buffer) => {
      length += chunk.length;
      if (length <= limit) return void chunks.push(chunk);
      body.off('data', collect);
      if (body !== raw) body.destroy();
      raw.resume();
      reject(Open311Error.of(413, `The request body is larger than ${limit} bytes (REQUEST_BODY_LIMIT_BYTES)`));
    };
    body.on('data', collect);
    body.once('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
    body.once('error', () => reject(unreadable(400)));
  });
}

function unreadable(status: number): Open311Error {
  return Open311Error.of(status, 'The request body could not be read (application/x-www-form-urlencoded, UTF-8)');
}

function isReadable(body: unknown): body is Readable {
  return typeof (body as Readable | null)?.pipe === 'function';
}
