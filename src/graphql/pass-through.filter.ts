import { Catch, HttpException, Inject, Logger, type ArgumentsHost } from '@nestjs/common';
import type { GqlExceptionFilter } from '@nestjs/graphql';
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { AppConfig } from '../config/config.js';
import { Open311Error } from '../open311/open311-error.js';
import { formatOfPath, OPEN311_PATH, sendDocument } from '../open311/open311-format.js';
import { APP_CONFIG } from '../shared.module.js';

/** The codes of the plain HTTP answers, by status. */
const CODES: Record<number, string> = { 404: 'NOT_FOUND', 413: 'PAYLOAD_TOO_LARGE' };

/**
 * Hands every resolver error to Apollo untouched: formatError (format-error.ts) gives it its code
 * and logs only the unexpected ones, instead of Nest logging each refused command as an ERROR.
 * Outside GraphQL (/health, /metrics, a request Fastify refused before its handler) the answer is
 * JSON shaped like a GraphQL error, or under /open311/v2/ a GeoReport v2 error list.
 */
@Catch()
export class PassThroughFilter implements GqlExceptionFilter {
  constructor(@Inject(APP_CONFIG) private readonly config: AppConfig) {}

  catch(exception: unknown, host: ArgumentsHost): unknown {
    if (host.getType() !== 'http') return exception;
    const response = host.switchToHttp().getResponse<FastifyReply>();
    const url = host.switchToHttp().getRequest<FastifyRequest>().url;
    const fault = readingFault(exception);
    const status = fault?.statusCode ?? (exception instanceof HttpException ? exception.getStatus() : 500);
    if (status >= 500)
      new Logger('HTTP').error(exception instanceof Error ? (exception.stack ?? exception.message) : String(exception));
    const message = this.message(exception, fault, status);
    if (url.startsWith(`/${OPEN311_PATH}/`)) {
      const body = Open311Error.of(status, message).entries;
      sendDocument(response, formatOfPath(url), { root: 'errors', body }, status);
      return undefined;
    }
    void response.status(status).send({ errors: [{ message, extensions: { code: CODES[status] ?? codeOf(status) } }] });
    return undefined;
  }

  private message(exception: unknown, fault: ReadingFault | null, status: number): string {
    if (status >= 500) return 'Something went wrong on our side';
    if (status === 413)
      return `The request body is larger than ${this.config.requestBodyLimitBytes} bytes (REQUEST_BODY_LIMIT_BYTES)`;
    if (fault?.code === 'FST_ERR_CTP_INVALID_JSON_BODY' || fault?.code === 'FST_ERR_CTP_EMPTY_JSON_BODY')
      return 'The request body is not valid JSON';
    if (fault?.code === 'ERR_INVALID_URL') return 'The Host header (or X-Forwarded-Host or -Proto) names no host';
    if (fault) return 'The request body could not be read (send JSON, UTF-8, uncompressed or gzip)';
    return exception instanceof HttpException ? exception.message : 'Something went wrong on our side';
  }
}

function codeOf(status: number): string {
  return status >= 500 ? 'INTERNAL_SERVER_ERROR' : 'BAD_REQUEST';
}

interface ReadingFault {
  statusCode: number;
  code?: unknown;
}

/**
 * The error raised reading the request before its handler (its body too large, not JSON, cut short,
 * not inflatable; a Host from which Apollo's Fastify integration cannot build a URL), as it came or as
 * the cause of the HttpException Nest made of it; null for any other.
 */
function readingFault(exception: unknown): ReadingFault | null {
  const error = (exception instanceof HttpException ? exception.cause : exception) as Partial<ReadingFault> | undefined;
  if (error?.code === 'ERR_INVALID_URL') return { statusCode: 400, code: error.code };
  const status = error?.statusCode;
  return typeof status === 'number' && status >= 400 && status < 500 ? { statusCode: status, code: error!.code } : null;
}
