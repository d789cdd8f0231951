import { DeadlineExceededError, UnavailableError } from '@kurrent/kurrentdb-client';
import { unwrapResolverError } from '@apollo/server/errors';
import { HttpException, Logger } from '@nestjs/common';
import { GraphQLError, type GraphQLFormattedError } from 'graphql';
import { DomainError, type DomainErrorCode } from '../../contexts/domain-error.js';
import { UnauthenticatedError } from '../auth/token-verifier.js';
import { EventStoreError } from '../event-store/errors.js';

/** The GraphQL code of each domain refusal; the domain's own code travels as `reason` where they differ. */
const DOMAIN_CODES: Record<DomainErrorCode, string> = {
  ILLEGAL_TRANSITION: 'ILLEGAL_TRANSITION',
  NOT_ASSIGNED_AGENCY: 'FORBIDDEN',
  FORBIDDEN: 'FORBIDDEN',
  NOT_FOUND: 'NOT_FOUND',
  CONFLICT: 'CONFLICT',
  BAD_USER_INPUT: 'BAD_USER_INPUT',
  AGENCY_NOT_CONNECTED: 'BAD_USER_INPUT',
  UNIT_NOT_IN_AGENCY: 'BAD_USER_INPUT',
  READ_MODEL_BEHIND: 'READ_MODEL_BEHIND',
};

const EVENT_STORE_CODES: Record<string, string> = {
  CONCURRENCY_CONFLICT: 'CONFLICT',
  DUPLICATE_EVENT_ID: 'CONFLICT',
  INVALID_EVENT: 'BAD_USER_INPUT',
  UNKNOWN_POSITION: 'BAD_USER_INPUT',
};

/** Codes graphql-js and Apollo give to requests that never reached a resolver; kept as they are. */
const REQUEST_CODES = new Set([
  'GRAPHQL_PARSE_FAILED',
  'GRAPHQL_VALIDATION_FAILED',
  'BAD_USER_INPUT',
  'UNAUTHENTICATED',
  'FORBIDDEN',
  'PERSISTED_QUERY_NOT_FOUND',
  'OPERATION_RESOLUTION_FAILURE',
  'BAD_REQUEST',
]);

const logger = new Logger('GraphQL');

/** One place maps every error to `extensions.code` and a message a person understands; no stack traces leave. */
export function formatError(formatted: GraphQLFormattedError, error: unknown): GraphQLFormattedError {
  const unwrapped = unwrapResolverError(error);
  // Errors from a subscription's subscribe step arrive wrapped without a path, which Apollo's unwrap leaves alone.
  const original = unwrapped instanceof GraphQLError && unwrapped.originalError ? unwrapped.originalError : unwrapped;
  const base = { message: formatted.message, locations: formatted.locations, path: formatted.path };
  if (original instanceof DomainError) {
    const code = DOMAIN_CODES[original.code];
    return {
      ...base,
      message: original.message,
      extensions: { code, ...(code !== original.code ? { reason: original.code } : {}), ...original.details },
    };
  }
  if (original instanceof EventStoreError)
    return {
      ...base,
      message: original.message,
      extensions: { code: EVENT_STORE_CODES[original.code] ?? 'CONFLICT', reason: original.code },
    };
  if (original instanceof UnauthenticatedError)
    return { ...base, message: original.message, extensions: { code: 'UNAUTHENTICATED' } };
  if (original instanceof HttpException && original.getStatus() === 400) {
    const response = original.getResponse() as { message?: string | string[] };
    const problems = Array.isArray(response.message) ? response.message : [response.message ?? original.message];
    return {
      ...base,
      message: `Invalid input: ${problems.join('; ')}`,
      extensions: { code: 'BAD_USER_INPUT', problems },
    };
  }
  if (databaseUnavailable(original)) {
    return {
      ...base,
      message:
        'The database cannot be reached right now; try again shortly (a retried submission with the same idempotencyKey is not duplicated)',
      extensions: { code: 'SERVICE_UNAVAILABLE' },
    };
  }
  const code = formatted.extensions?.code;
  if (code === 'RATE_LIMITED')
    return { ...base, extensions: { code, retryAfterSeconds: formatted.extensions!.retryAfterSeconds } };
  if (typeof code === 'string' && REQUEST_CODES.has(code)) return { ...base, extensions: { code } };
  // graphql-js's own complaint about the request found while executing it (an argument it could not coerce, such as null for a non-null `first`).
  if (
    original instanceof GraphQLError &&
    !original.originalError &&
    (typeof code !== 'string' || code === 'INTERNAL_SERVER_ERROR')
  )
    return { ...base, message: original.message, extensions: { code: 'BAD_USER_INPUT' } };
  logger.error(original instanceof Error ? (original.stack ?? original.message) : String(original));
  return {
    ...base,
    message: 'Something went wrong on our side. Nothing you were not told about was recorded; please try again.',
    extensions: { code: 'INTERNAL_SERVER_ERROR' },
  };
}

/** PostgreSQL's connection-exception and shutdown codes, the socket errors of a lost server, and the KurrentDB client's UnavailableError and DeadlineExceededError. */
const UNAVAILABLE = new Set([
  'ECONNREFUSED',
  'ECONNRESET',
  'ETIMEDOUT',
  'EPIPE',
  '57P01',
  '57P02',
  '57P03',
  '08000',
  '08001',
  '08003',
  '08004',
  '08006',
]);

function databaseUnavailable(error: unknown): boolean {
  for (
    let e = error as { code?: unknown; driverError?: unknown; cause?: unknown; message?: unknown } | undefined,
      depth = 0;
    e && depth < 4;
    depth++
  ) {
    if (typeof e.code === 'string' && UNAVAILABLE.has(e.code)) return true;
    if (e instanceof UnavailableError || e instanceof DeadlineExceededError) return true;
    if (
      typeof e.message === 'string' &&
      /Connection terminated|timeout exceeded when trying to connect|Client has encountered a connection error/.test(
        e.message,
      )
    )
      return true;
    e = (e.driverError ?? e.cause) as typeof e;
  }
  return false;
}
