import { parseBearer } from '@unfurlkit/core/http';
import type { FastifyReply } from 'fastify';
import type { ServerContext } from '../../context/server-context.js';
import { hashSecret } from '../../crypto/tokens.js';
import { sendBearerChallenge } from '../../http/wire-errors.js';
import type { AccessTokenRecord, GrantRecord } from '../../store/store.js';

export type BearerCheck =
  | { ok: true; grant: GrantRecord; token: AccessTokenRecord }
  | { ok: false; description: string; presented: boolean };

/**
 * RFC 6750 bearer check for the resource endpoints (SECURITY: resource endpoints): the token comes only from the
 * `Authorization` header (never the query or body), is looked up by its SHA-256 digest, and must be unexpired and
 * unrevoked with a live grant. `acceptInactive` lets the deletion callback accept a token that is already revoked
 * or expired, so a repeated deletion is harmless and answered 200 (idempotent).
 */
export async function checkBearer(
  authorization: string | undefined,
  context: ServerContext,
  options: { acceptInactive?: boolean } = {},
): Promise<BearerCheck> {
  if (authorization === undefined || authorization === '') {
    return { ok: false, presented: false, description: 'an Authorization: Bearer header is required' };
  }
  const presented = parseBearer(authorization);
  if (presented === undefined) {
    return { ok: false, presented: true, description: 'the Authorization header is not a Bearer token' };
  }
  const found = await context.store.grants.findAccessTokenGrant(hashSecret(presented));
  if (!found) return { ok: false, presented: true, description: 'unknown access token' };
  const { token, grant } = found;
  if (options.acceptInactive) return { ok: true, grant, token };
  if (token.revokedAt !== null || grant.revokedAt !== null || !found.connectionExists) {
    return { ok: false, presented: true, description: 'the access token was revoked' };
  }
  if (token.expiresAt !== null && context.clock() >= token.expiresAt) {
    return { ok: false, presented: true, description: 'the access token expired' };
  }
  return { ok: true, grant, token };
}

/**
 * 401 with the challenge RFC 6750 §3 prescribes: no error code when no token was sent, `invalid_token` when one
 * was and it is not good, so Notion knows to refresh or re-run the authorization.
 */
export function sendBearerFailure(
  reply: FastifyReply,
  failure: Extract<BearerCheck, { ok: false }>,
): FastifyReply {
  const challenge = failure.presented
    ? `Bearer realm="unfurlkit", error="invalid_token", error_description="${failure.description}"`
    : 'Bearer realm="unfurlkit"';
  const error = failure.presented ? 'invalid_token' : 'invalid_request';
  return sendBearerChallenge(reply, { error, challenge }, failure.description);
}
