import type { Attribute } from '@unfurlkit/core';

const RESOLVER_ERROR_KIND = 'unfurlkit.resolver-error';

/**
 * What a resolver answers when it cannot show the content: a typed value, not a thrown error, because "you may
 * not see this" is an expected outcome that Notion shows as an error operation (SPEC §3), not a failure.
 *
 * Recognised by its `kind` brand, never by `instanceof`: `unfurlkit serve --config integration.ts` loads the
 * module through tsx, which gives it its own copy of this package, so its `ResolverError` is another class.
 * `instanceof ResolverError` still works across copies for the product's own code (`Symbol.hasInstance`).
 */
export class ResolverError {
  readonly kind = RESOLVER_ERROR_KIND;
  constructor(
    readonly status: number,
    readonly message: string,
  ) {}

  static [Symbol.hasInstance](value: unknown): boolean {
    return isResolverError(value);
  }
}

export type ResolveResult = Attribute[] | ResolverError;

/**
 * Whether a resolver's answer is a typed error, from any copy of this package: the brand plus a usable status
 * and message.
 *
 * @example isResolverError(forbidden()) // true
 * @example isResolverError({ kind: 'unfurlkit.resolver-error', status: 403, message: 'no' }) // true
 */
export function isResolverError(value: unknown): value is ResolverError {
  if (typeof value !== 'object' || value === null) return false;
  const candidate = value as Partial<ResolverError>;
  return (
    candidate.kind === RESOLVER_ERROR_KIND &&
    Number.isInteger(candidate.status) &&
    (candidate.status as number) >= 400 &&
    (candidate.status as number) <= 599 &&
    typeof candidate.message === 'string'
  );
}

/** 404: the content does not exist (or no longer does). @example return notFound(); */
export function notFound(message = 'Content not found'): ResolverError {
  return new ResolverError(404, message);
}

/** 403: it exists but this person may not see it. Never return the data. @example return forbidden(); */
export function forbidden(message = 'You do not have access to this content'): ResolverError {
  return new ResolverError(403, message);
}

/** 401: this person must sign in again in the product. */
export function unauthorized(message = 'Sign in again to see this content'): ResolverError {
  return new ResolverError(401, message);
}

/** 400: the link is malformed or not one this integration previews. */
export function badRequest(message = 'This link cannot be previewed'): ResolverError {
  return new ResolverError(400, message);
}

/** 410: the content was deleted on purpose. */
export function gone(message = 'This content was deleted'): ResolverError {
  return new ResolverError(410, message);
}

/**
 * Any other status (4xx or 5xx).
 * @example return unfurlError(429, 'Too many previews, try again in a minute');
 */
export function unfurlError(status: number, message: string): ResolverError {
  if (!Number.isInteger(status) || status < 400 || status > 599) {
    throw new RangeError(`an unfurl error status is 400–599, got ${status}`);
  }
  return new ResolverError(status, message);
}
