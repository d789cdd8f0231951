import { ConsoleLogger, type LogLevel } from '@nestjs/common';

/**
 * Nest's console logger, writing every level to stderr: it writes warnings and logs to stdout, which a
 * bench run in-process keeps for its JSON (a pool's "idle database connection was lost" when the
 * scratch database is dropped came out before the result).
 */
export class StderrLogger extends ConsoleLogger {
  protected override printMessages(
    messages: unknown[],
    context?: string,
    logLevel?: LogLevel,
    _writeStreamType?: 'stdout' | 'stderr',
    errorStack?: unknown,
    params?: Record<string, unknown>,
  ): void {
    super.printMessages(messages, context, logLevel, 'stderr', errorStack, params);
  }
}
