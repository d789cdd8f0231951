import express, { type Request, type Response } from 'express';
import type { FormValues } from '../../contexts/open311/service-request-form.js';
import { Open311Error } from './open311-error.js';

/**
 * Reads the application/x-www-form-urlencoded body GeoReport v2 posts, up to `limit` bytes
 * (REQUEST_BODY_LIMIT_BYTES). Awaited inside the handler, so the request's correlation scope holds
 * after it (the service's own body parser runs before that scope and reads only JSON).
 */
export async function readForm(request: Request, response: Response, limit: number): Promise<FormValues> {
  if (!request.is('application/x-www-form-urlencoded'))
    throw Open311Error.of(400, 'Send the service request as application/x-www-form-urlencoded; charset=utf-8');
  const parse = express.urlencoded({ extended: false, limit });
  await new Promise<void>((resolve, reject) =>
    parse(request, response, (error?: unknown) => (error ? reject(bodyRefusal(error, limit)) : resolve())),
  );
  return (request.body ?? {}) as FormValues;
}

function bodyRefusal(error: unknown, limit: number): Open311Error {
  const { type, status } = error as { type?: string; status?: number };
  if (type === 'entity.too.large')
    return Open311Error.of(413, `The request body is larger than ${limit} bytes (REQUEST_BODY_LIMIT_BYTES)`);
  if (type === 'parameters.too.many') return Open311Error.of(413, 'The request body has too many parameters');
  return Open311Error.of(
    status && status < 500 ? status : 400,
    'The request body could not be read (application/x-www-form-urlencoded, UTF-8)',
  );
}
