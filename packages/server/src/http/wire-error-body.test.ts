import { describe, expect, it } from 'vitest';
import { wireErrorBody } from './wire-error-body.js';

describe('wireErrorBody', () => {
  it('is RFC 6749 §5.2 with the request id', () => {
    expect(wireErrorBody('invalid_grant', 'the code was already used', 'req-1')).toEqual({
      error: 'invalid_grant',
      error_description: 'the code was already used',
      request_id: 'req-1',
    });
  });

  it('leaves out a description it was not given', () => {
    expect(wireErrorBody('invalid_token', undefined, 'req-2')).toEqual({
      error: 'invalid_token',
      request_id: 'req-2',
    });
    expect(wireErrorBody('not_found', undefined, 'req-3')).toEqual({
      error: 'not_found',
      request_id: 'req-3',
    });
  });

  it('answers a path nothing serves as not_found, in the same shape', () => {
    expect(wireErrorBody('not_found', 'no route GET /x', 'req-4')).toEqual({
      error: 'not_found',
      error_description: 'no route GET /x',
      request_id: 'req-4',
    });
  });
});
