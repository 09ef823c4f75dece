/** RFC 6750 §2.1: the scheme in any case, spaces, a b64token, optional trailing spaces. */
const BEARER = /^Bearer +([A-Za-z0-9\-._~+/]+=*) *$/i;

/**
 * The token of an `Authorization: Bearer <token>` header, or undefined when the header is missing, another
 * scheme or not a b64token. The token comes only from this header, never the query or the body.
 *
 * @example
 * parseBearer('Bearer ufk_at_abc') // 'ufk_at_abc'
 */
export function parseBearer(authorization: string | undefined): string | undefined {
  return BEARER.exec(authorization ?? '')?.[1];
}
