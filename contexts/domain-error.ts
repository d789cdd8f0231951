/** Stable, machine-readable reasons a command is refused; the API maps them to GraphQL codes. */
export type DomainErrorCode =
  | 'ILLEGAL_TRANSITION'
  | 'NOT_ASSIGNED_AGENCY'
  | 'FORBIDDEN'
  | 'NOT_FOUND'
  | 'CONFLICT'
  | 'BAD_USER_INPUT'
  | 'AGENCY_NOT_CONNECTED'
  | 'UNIT_NOT_IN_AGENCY'
  /** A query asked to see a position the read models have not reached in time. */
  | 'READ_MODEL_BEHIND';

export class DomainError extends Error {
  constructor(
    readonly code: DomainErrorCode,
    message: string,
    readonly details: Record<string, unknown> = {},
  ) {
    super(message);
    this.name = 'DomainError';
  }
}

/** Exhaustiveness check at the end of every switch over a union. */
export function unreachable(value: never): never {
  throw new Error(`Unhandled case: ${JSON.stringify(value)}`);
}
