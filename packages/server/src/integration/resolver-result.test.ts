import { describe, expect, it } from 'vitest';
import {
  badRequest,
  forbidden,
  gone,
  isResolverError,
  notFound,
  ResolverError,
  unauthorized,
  unfurlError,
} from './resolver-result.js';

describe('isResolverError', () => {
  it('recognises every typed error by its status', () => {
    const cases: Array<[ResolverError, number]> = [
      [badRequest(), 400],
      [unauthorized(), 401],
      [forbidden(), 403],
      [notFound(), 404],
      [gone(), 410],
      [unfurlError(429, 'slow down'), 429],
    ];
    for (const [error, status] of cases) {
      expect(isResolverError(error)).toBe(true);
      expect(error.status).toBe(status);
    }
  });

  it('recognises a resolver error made by another copy of the package (same brand, another class)', () => {
    // A config module loaded through tsx builds its errors with its own copy of this file.
    class CopiedResolverError {
      readonly kind = 'unfurlkit.resolver-error';
      constructor(
        readonly status: number,
        readonly message: string,
      ) {}
    }
    const copied = new CopiedResolverError(403, 'not yours');
    expect(isResolverError(copied)).toBe(true);
    // The product's own `instanceof` checks work across copies too.
    expect(copied instanceof ResolverError).toBe(true);
  });

  it('refuses look-alikes: attributes, a wrong brand, a status outside 400–599, no message', () => {
    for (const value of [
      [],
      [{ id: 'title' }],
      null,
      'forbidden',
      { kind: 'other', status: 403, message: 'x' },
      { kind: 'unfurlkit.resolver-error', status: 200, message: 'x' },
      { kind: 'unfurlkit.resolver-error', status: 403.5, message: 'x' },
      { kind: 'unfurlkit.resolver-error', status: 403 },
    ]) {
      expect(isResolverError(value), JSON.stringify(value)).toBe(false);
      expect(value instanceof ResolverError).toBe(false);
    }
  });
});
