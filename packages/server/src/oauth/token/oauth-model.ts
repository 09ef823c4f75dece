import OAuth2Server from '@node-oauth/oauth2-server';
import { safeEqual } from '@unfurlkit/core/http';
import type { ServerContext } from '../../context/server-context.js';
import { hashSecret, newSecret } from '../../crypto/tokens.js';
import type { AccessTokenRecord, GrantRecord, RefreshTokenRecord } from '../../store/store.js';
import { scopeList } from '../authorize/checks/check-scope.js';
import { openRotatedPair, reuseDecision, sealRotatedPair, type TokenPair } from './refresh-reuse.js';

const { InvalidGrantError } = OAuth2Server;

/** The library's "user": which grant the tokens belong to. */
export interface GrantUser {
  grantId: string;
  accountId: string;
}

/**
 * The glue between `@node-oauth/oauth2-server` and our store, made per request. Per request because two rules
 * need facts the library does not hand its model: the request's `redirect_uri` (a mismatch is `invalid_grant`,
 * RFC 6749 §5.2, where the library would say `invalid_request`) and our injected clock (the library compares
 * expiry with the wall clock; we check expiry here and hand it dates it will not trip over).
 *
 * Security rules enforced here: a replayed code revokes every token issued from it (RFC 6749 §4.1.2); a rotated
 * refresh token presented again revokes the whole grant (RFC 9700 §4.14.2), except within
 * `REFRESH_REUSE_GRACE_SECONDS` of its rotation, where the retry (or the loser of a concurrent refresh) gets the
 * same pair the rotation issued (refresh-reuse.ts; docs/security.md).
 */
export function createOAuthModel(
  context: ServerContext,
  request: { redirectUri: unknown },
): OAuth2Server.AuthorizationCodeModel & OAuth2Server.RefreshTokenModel {
  const scope: ModelScope = {
    context,
    redirectUri: request.redirectUri,
    now: context.clock(),
    client: { id: context.config.oauth.clientId, grants: ['authorization_code', 'refresh_token'] },
  };
  return {
    getClient: async (clientId, clientSecret) => getClient(scope, clientId, clientSecret),
    getAuthorizationCode: (code) => getAuthorizationCode(scope, code),
    revokeAuthorizationCode: (code) => revokeAuthorizationCode(scope, code),
    // A refresh has chosen its pair already (rotateRefreshToken, or the kept one on a retry).
    generateAccessToken: async () => scope.issued?.accessToken ?? newSecret('access', context.random),
    generateRefreshToken: async () => scope.issued?.refreshToken ?? newSecret('refresh', context.random),
    saveToken: (token, tokenClient, user) => saveToken(scope, token, tokenClient, user),
    getRefreshToken: (refreshToken) => getRefreshToken(scope, refreshToken),
    revokeToken: (token) => revokeToken(scope, token),
    async saveAuthorizationCode() {
      // Never called: our codes are issued by the consent route, which the library's authorize flow cannot model.
      throw new Error('saveAuthorizationCode is not used');
    },
    async getAccessToken() {
      // Bearer checks are ours (oauth/bearer): the library's accepts tokens from form bodies and omits
      // error="invalid_token" from WWW-Authenticate, both against SECURITY.md.
      return null;
    },
  };
}

/** What every model method of one token request shares. */
interface ModelScope {
  context: ServerContext;
  /** The request's `redirect_uri`, which the library does not hand its model. */
  redirectUri: unknown;
  /** The injected clock, read once per request. */
  now: number;
  /** The one client: Notion. */
  client: OAuth2Server.Client;
  /** A refresh grant's pair, saved already: by this request's rotation, or the one kept for a retry. */
  issued?: TokenPair;
}

/** A date the library's own expiry check (on the wall clock) will not trip over: we checked expiry already. */
const notBefore = () => new Date(Date.now() + 60_000);

async function revokeGrant({ context, now }: ModelScope, grantId: string, reason: string): Promise<void> {
  await context.store.grants.revokeGrant(grantId, now);
  context.logger.warn({ grantId, reason }, 'grant revoked');
}

function getClient(
  { context, client }: ModelScope,
  clientId: string,
  clientSecret: string | undefined,
): OAuth2Server.Client | null {
  const idOk = safeEqual(clientId, context.config.oauth.clientId);
  const secretOk = safeEqual(clientSecret ?? '', context.config.oauth.clientSecret);
  return idOk && secretOk ? client : null;
}

async function getAuthorizationCode(
  scope: ModelScope,
  code: string,
): Promise<OAuth2Server.AuthorizationCode | null> {
  const { store } = scope.context;
  const codeHash = hashSecret(code);
  const record = await store.grants.findAuthorizationCode(codeHash);
  if (!record) return null;
  if (record.usedAt !== null) {
    await revokeGrant(scope, record.grantId, 'authorization code replayed');
    throw new InvalidGrantError('Invalid grant: authorization code was already used');
  }
  if (scope.now >= record.expiresAt)
    throw new InvalidGrantError('Invalid grant: authorization code has expired');
  const grant = await store.grants.findGrant(record.grantId);
  if (!grant || grant.revokedAt !== null)
    throw new InvalidGrantError('Invalid grant: authorization was revoked');
  if (scope.redirectUri !== record.redirectUri) {
    // Consume it, as the library does before its own redirect check: a code fished with a wrong redirect_uri must
    // not stay usable.
    await store.grants.markAuthorizationCodeUsed(codeHash, scope.now);
    await revokeGrant(scope, record.grantId, 'authorization code presented with another redirect_uri');
    throw new InvalidGrantError('Invalid grant: redirect_uri does not match the authorization request');
  }
  return {
    authorizationCode: code,
    expiresAt: notBefore(),
    redirectUri: '',
    scope: record.scope === null ? undefined : scopeList(record.scope),
    client: { ...scope.client, id: record.clientId },
    user: { grantId: record.grantId, accountId: record.accountId } satisfies GrantUser,
  };
}

async function revokeAuthorizationCode(
  scope: ModelScope,
  { authorizationCode, user }: OAuth2Server.AuthorizationCode,
): Promise<boolean> {
  if (await scope.context.store.grants.markAuthorizationCodeUsed(hashSecret(authorizationCode), scope.now))
    return true;
  // Lost a race with another exchange of the same code: that is a replay too.
  await revokeGrant(scope, (user as GrantUser).grantId, 'authorization code replayed concurrently');
  return false;
}

async function saveToken(
  scope: ModelScope,
  token: OAuth2Server.Token,
  tokenClient: OAuth2Server.Client,
  user: OAuth2Server.User,
): Promise<OAuth2Server.Token> {
  const { context, now } = scope;
  const { store, config } = context;
  const { grantId } = user as GrantUser;
  const ttl = config.oauth.accessTokenTtl;
  if (scope.issued) return issuedToken(token, tokenClient, user, ttl);
  await store.grants.saveAccessToken(accessTokenRecord(token.accessToken, grantId, now, ttl));
  // Long-lived access tokens need no refresh token (SPEC §2 step 6: refresh only when short-lived).
  const refreshToken = ttl > 0 ? token.refreshToken : undefined;
  if (refreshToken) {
    await store.grants.saveRefreshToken(
      refreshTokenRecord(refreshToken, grantId, now, config.oauth.refreshTokenTtl),
    );
  }
  return {
    accessToken: token.accessToken,
    ...(refreshToken ? { refreshToken } : {}),
    ...(token.scope ? { scope: token.scope } : {}),
    client: tokenClient,
    user,
  };
}

/** The token answer as the library builds it, for a pair that is in the store already. */
function issuedToken(
  token: OAuth2Server.Token,
  tokenClient: OAuth2Server.Client,
  user: OAuth2Server.User,
  ttl: number,
): OAuth2Server.Token {
  return {
    accessToken: token.accessToken,
    ...(ttl > 0 && token.refreshToken ? { refreshToken: token.refreshToken } : {}),
    ...(token.scope ? { scope: token.scope } : {}),
    client: tokenClient,
    user,
  };
}

async function getRefreshToken(
  scope: ModelScope,
  refreshToken: string,
): Promise<OAuth2Server.RefreshToken | null> {
  const { store } = scope.context;
  const found = await store.grants.findRefreshTokenGrant(hashSecret(refreshToken));
  if (!found) return null;
  const { token: record } = found;
  let grant: GrantRecord | undefined = found.grant;
  if (record.usedAt !== null) {
    const kept = record.revokedAt === null ? await retriedPair(scope, record) : undefined;
    if (!kept) {
      await revokeGrant(scope, record.grantId, 'rotated refresh token reused');
      throw new InvalidGrantError('Invalid grant: refresh token was already used');
    }
    scope.issued = kept;
    // Read again after the retry's checks: a revocation in between must win over the kept pair.
    grant = await store.grants.findGrant(record.grantId);
  }
  if (record.revokedAt !== null || !grant || grant.revokedAt !== null) {
    throw new InvalidGrantError('Invalid grant: refresh token was revoked');
  }
  if (record.expiresAt !== null && scope.now >= record.expiresAt) {
    throw new InvalidGrantError('Invalid grant: refresh token has expired');
  }
  return {
    refreshToken,
    scope: grant.scope === null ? undefined : scopeList(grant.scope),
    client: { ...scope.client, id: grant.clientId },
    user: { grantId: grant.id, accountId: grant.accountId } satisfies GrantUser,
  };
}

/**
 * The pair a rotated refresh token was exchanged for, when presenting it again is a retry within the grace
 * window (refresh-reuse.ts) and that pair is still the grant's newest: undefined means reuse. A retry whose
 * successor was itself rotated already is refused without revoking: the client has moved on.
 */
async function retriedPair(scope: ModelScope, record: RefreshTokenRecord): Promise<TokenPair | undefined> {
  const { context, now } = scope;
  const graceMs = context.config.oauth.refreshReuseGraceSeconds * 1000;
  if (reuseDecision(record, now, graceMs) !== 'retry' || !record.successor) return undefined;
  const pair = openRotatedPair(context.secretBox, record.tokenHash, record.successor);
  if (!pair) return undefined;
  const next = await context.store.grants.findRefreshToken(hashSecret(pair.refreshToken));
  if (next && (next.usedAt !== null || next.revokedAt !== null)) {
    throw new InvalidGrantError('Invalid grant: refresh token was already used; use the newest one');
  }
  context.logger.info({ grantId: record.grantId }, 'refresh retried within the reuse grace window');
  return pair;
}

/**
 * The library's "revoke the old refresh token" step, which for us is the whole rotation: a new pair, saved with
 * the old token marked used in one transaction. Of concurrent refreshes one rotates; the others get its pair
 * while inside the grace window, and revoke the grant after it.
 */
async function revokeToken(scope: ModelScope, token: OAuth2Server.RefreshToken): Promise<boolean> {
  if (scope.issued) return true; // a retry: the pair exists already
  const { context, now } = scope;
  const { config, store } = context;
  const tokenHash = hashSecret(token.refreshToken);
  const { grantId } = token.user as GrantUser;
  const pair = {
    accessToken: newSecret('access', context.random),
    refreshToken: newSecret('refresh', context.random),
  };
  const rotated = await store.grants.rotateRefreshToken({
    tokenHash,
    now,
    successor: sealRotatedPair(context.secretBox, tokenHash, pair),
    accessToken: accessTokenRecord(pair.accessToken, grantId, now, config.oauth.accessTokenTtl),
    refreshToken: refreshTokenRecord(pair.refreshToken, grantId, now, config.oauth.refreshTokenTtl),
  });
  if (rotated) {
    scope.issued = pair;
    return true;
  }
  const current = await store.grants.findRefreshToken(tokenHash);
  const kept = current && current.revokedAt === null ? await retriedPair(scope, current) : undefined;
  if (kept) {
    scope.issued = kept;
    return true;
  }
  await revokeGrant(scope, grantId, 'refresh token reused concurrently');
  return false;
}

/** A new access token as stored: its digest only, expiring after `ttlSeconds` (0: never). */
function accessTokenRecord(
  token: string,
  grantId: string,
  now: number,
  ttlSeconds: number,
): AccessTokenRecord {
  return {
    tokenHash: hashSecret(token),
    grantId,
    createdAt: now,
    expiresAt: ttlSeconds > 0 ? now + ttlSeconds * 1000 : null,
    revokedAt: null,
  };
}

/** A new refresh token as stored: unused, no successor yet, expiring after `ttlSeconds` (0: never). */
function refreshTokenRecord(
  token: string,
  grantId: string,
  now: number,
  ttlSeconds: number,
): RefreshTokenRecord {
  return { ...accessTokenRecord(token, grantId, now, ttlSeconds), usedAt: null, successor: null };
}
