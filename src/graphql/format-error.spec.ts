import { describe, expect, it } from '@jest/globals';
import { DeadlineExceededError, UnavailableError } from '@kurrent/kurrentdb-client';
import { GraphQLError } from 'graphql';
import { formatError } from './format-error.js';

const format = (error: unknown) =>
  formatError({ message: 'x' }, new GraphQLError('x', { originalError: error as Error }));

describe('formatError', () => {
  it('answers SERVICE_UNAVAILABLE when the event store or database cannot be reached', () => {
    const refused = Object.assign(new Error('connect ECONNREFUSED 127.0.0.1:5432'), { code: 'ECONNREFUSED' });
    const shutdown = Object.assign(new Error('terminating connection due to administrator command'), { code: '57P01' });
    // The KurrentDB client's own classes: its errors' name is plain 'Error' (convertBridgeError.js builds them).
    const kurrent = [
      new UnavailableError(undefined, 'UnavailableError'),
      new DeadlineExceededError(undefined, 'DeadlineExceededError'),
    ];
    for (const error of [refused, shutdown, ...kurrent, { message: 'query failed', driverError: refused }]) {
      expect(format(error).extensions).toEqual({ code: 'SERVICE_UNAVAILABLE' });
    }
  });

  it('keeps unexpected errors to a generic INTERNAL_SERVER_ERROR, without their details', () => {
    const formatted = format(new TypeError('Cannot read properties of undefined (reading "secret")'));
    expect(formatted.extensions).toEqual({ code: 'INTERNAL_SERVER_ERROR' });
    expect(formatted.message).not.toContain('secret');
  });
});
