import type { ExpectedVersion } from './event-store.port.js';

/** Base of every error the event store throws on purpose; `code` is stable and machine-readable. */
export abstract class EventStoreError extends Error {
  abstract readonly code: string;
}

export class WrongExpectedVersionError extends EventStoreError {
  readonly code = 'CONCURRENCY_CONFLICT';
  constructor(
    readonly streamId: string,
    readonly expected: ExpectedVersion,
    /** The stream's version when the append was refused; 0 when it has no events. */
    readonly actual: number,
  ) {
    super(`Stream ${streamId} is at version ${actual}, but version ${expected} was expected`);
    this.name = 'WrongExpectedVersionError';
  }
}

export class DuplicateEventIdError extends EventStoreError {
  readonly code = 'DUPLICATE_EVENT_ID';
  constructor(
    readonly streamId: string,
    detail: string,
  ) {
    super(`Cannot append to ${streamId}: ${detail}`);
    this.name = 'DuplicateEventIdError';
  }
}

export class InvalidEventError extends EventStoreError {
  readonly code = 'INVALID_EVENT';
  constructor(message: string) {
    super(message);
    this.name = 'InvalidEventError';
  }
}

export class UnknownPositionError extends EventStoreError {
  readonly code = 'UNKNOWN_POSITION';
  constructor(readonly position: bigint) {
    super(`No event has global position ${position}`);
    this.name = 'UnknownPositionError';
  }
}
