import type { FastifyRequest } from 'fastify';

/**
 * A form post from this site (or from a client that sends no Origin, like curl): browsers send `Origin` with
 * every POST, so another site's form is recognised and refused.
 */
export function sameOrigin(request: FastifyRequest): boolean {
  const origin = request.headers.origin;
  if (origin === undefined) return true;
  return origin === `${request.protocol}://${request.host}`;
}
