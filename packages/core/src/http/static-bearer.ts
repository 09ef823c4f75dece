import { parseBearer } from './parse-bearer.js';
import { safeEqual } from './safe-equal.js';

/**
 * Why a request failed a static bearer check, as RFC 6750 §3.1 names it: `invalid_request` when no Bearer token
 * was sent (the challenge then carries no error), `invalid_token` when one was and it is not the configured one.
 */
export interface BearerRefusal {
  error: 'invalid_request' | 'invalid_token';
  /** The `WWW-Authenticate` value to answer with (RFC 6750 §3). */
  challenge: string;
}

/**
 * Checks an `Authorization` header against one configured token (an operator's API token, not an OAuth grant),
 * in constant time. Undefined when the token matches, the refusal otherwise.
 *
 * @example
 * const refusal = checkStaticBearer(request.headers.authorization, config.metricsToken, 'metrics');
 * if (refusal) return reply.code(401).header('www-authenticate', refusal.challenge).send({ error: refusal.error });
 */
export function checkStaticBearer(
  authorization: string | undefined,
  expected: string,
  realm: string,
): BearerRefusal | undefined {
  const presented = parseBearer(authorization);
  if (presented === undefined) return { error: 'invalid_request', challenge: `Bearer realm="${realm}"` };
  if (safeEqual(presented, expected)) return undefined;
  return { error: 'invalid_token', challenge: `Bearer realm="${realm}", error="invalid_token"` };
}
