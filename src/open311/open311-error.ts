import { DomainError } from '../../contexts/domain-error.js';
import type { FieldProblem } from '../../contexts/open311/field-problem.js';
import { UnauthenticatedError } from '../auth/token-verifier.js';

/** One entry of a GeoReport v2 error list; the code is the HTTP status, as the specification suggests. */
export interface Open311ErrorEntry {
  code: number;
  description: string;
}

/**
 * A refusal as GeoReport v2 writes it: a list of { code, description } with 400 for bad input, 403
 * for a missing or bad api_key, 404 for what does not exist (and 413 and 429 for the limits).
 */
export class Open311Error extends Error {
  constructor(
    readonly status: number,
    readonly entries: Open311ErrorEntry[],
    readonly retryAfterSeconds: number | null = null,
  ) {
    super(entries.map((entry) => entry.description).join('; '));
    this.name = 'Open311Error';
  }

  static of(status: number, description: string): Open311Error {
    return new Open311Error(status, [{ code: status, description }]);
  }

  static badInput(problems: readonly FieldProblem[]): Open311Error {
    return new Open311Error(
      400,
      problems.map((problem) => ({ code: 400, description: problem.description })),
    );
  }
}

/** What a refusal from the commands or the key registry is to an Open311 client; null for the service's own faults. */
export function open311ErrorOf(error: unknown): Open311Error | null {
  if (error instanceof Open311Error) return error;
  if (error instanceof UnauthenticatedError) return Open311Error.of(403, `api_key: ${error.message}`);
  if (!(error instanceof DomainError)) return null;
  switch (error.code) {
    case 'NOT_FOUND':
      return Open311Error.of(404, error.message);
    case 'FORBIDDEN':
    case 'NOT_ASSIGNED_AGENCY':
      return Open311Error.of(403, error.message);
    default:
      return Open311Error.of(400, error.message);
  }
}
