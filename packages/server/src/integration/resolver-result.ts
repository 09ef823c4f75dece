import type { Attribute } from '@unfurlkit/core';

/**
 * What a resolver answers when it cannot show the content: a typed value, not a thrown error, because "you may
 * not see this" is an expected outcome that Notion shows as an error operation (SPEC §3), not a failure.
 */
export class ResolverError {
  readonly kind = 'unfurlkit.resolver-error';
  constructor(
    readonly status: number,
    readonly message: string,
  ) {}
}

export type ResolveResult = Attribute[] | ResolverError;

export function isResolverError(value: unknown): value is ResolverError {
  return value instanceof ResolverError;
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
