/**
 * The token of an `Authorization: Bearer <token>` header (RFC 6750 §2.1: b64token), or undefined. One parser for
 * every bearer-protected route (unfurl, deletion, changes, metrics).
 */
const BEARER = /^Bearer +([A-Za-z0-9\-._~+/]+=*) *$/i;

export function parseBearer(authorization: string | undefined): string | undefined {
  return BEARER.exec(authorization ?? '')?.[1];
}
