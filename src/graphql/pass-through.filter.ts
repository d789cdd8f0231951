import { Catch, HttpException, Logger, type ArgumentsHost } from '@nestjs/common';
import type { GqlExceptionFilter } from '@nestjs/graphql';
import type { Response } from 'express';

/**
 * Hands every resolver error to Apollo untouched: formatError (format-error.ts) gives it its code
 * and logs only the unexpected ones, instead of Nest logging each refused command as an ERROR.
 */
@Catch()
export class PassThroughFilter implements GqlExceptionFilter {
  catch(exception: unknown, host: ArgumentsHost): unknown {
    if (host.getType() !== 'http') return exception;
    // The plain HTTP routes (/health, /metrics) answer JSON errors too.
    const response = host.switchToHttp().getResponse<Response>();
    const status = exception instanceof HttpException ? exception.getStatus() : 500;
    if (status >= 500)
      new Logger('HTTP').error(exception instanceof Error ? (exception.stack ?? exception.message) : String(exception));
    response.status(status).json({
      errors: [
        {
          message: status >= 500 ? 'Something went wrong on our side' : (exception as Error).message,
          extensions: {
            code: status === 404 ? 'NOT_FOUND' : status >= 500 ? 'INTERNAL_SERVER_ERROR' : 'BAD_REQUEST',
          },
        },
      ],
    });
    return undefined;
  }
}
