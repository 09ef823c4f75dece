import { describe, expect, it } from 'vitest';
import { bodyRefusal, exposedRefusal } from './body-refusal.js';

const SERVER_ERROR = { status: 500, error: 'server_error', description: 'internal error' };

describe('bodyRefusal', () => {
  it('answers an oversized body 413', () => {
    expect(bodyRefusal({ statusCode: 413, message: 'x' }, 'application/json')).toEqual({
      status: 413,
      error: 'invalid_request',
      description: 'the body is too large',
    });
  });

  it('answers any other client error 400, naming the body expected and never echoing the parser', () => {
    for (const statusCode of [400, 415]) {
      const refusal = bodyRefusal(
        { statusCode, message: 'Unexpected token in "ufk_at_secret"' },
        'application/json',
      );
      expect(refusal).toEqual({
        status: 400,
        error: 'invalid_request',
        description: 'the body must be application/json',
      });
    }
    expect(bodyRefusal({ statusCode: 400, message: 'x' }, undefined).description).toBe('malformed request');
  });

  it('answers a failure of the server 500 without its message', () => {
    expect(bodyRefusal({ message: 'database is down' }, 'application/json')).toEqual(SERVER_ERROR);
    expect(bodyRefusal({ statusCode: 503, message: 'x' }, undefined)).toEqual(SERVER_ERROR);
  });
});

describe('exposedRefusal', () => {
  it("keeps a client error's status and message", () => {
    expect(exposedRefusal({ statusCode: 404, message: 'no such item' })).toEqual({
      status: 404,
      error: 'invalid_request',
      description: 'no such item',
    });
  });

  it('hides a failure of the server', () => {
    expect(exposedRefusal({ message: 'secret internals' })).toEqual(SERVER_ERROR);
    expect(exposedRefusal({ statusCode: 502, message: 'x' })).toEqual(SERVER_ERROR);
  });
});
