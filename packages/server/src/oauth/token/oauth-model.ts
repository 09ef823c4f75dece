import OAuth2Server from '@node-oauth/oauth2-server';
import { safeEqual } from '@unfurlkit/core/http';
import { hashSecret, newSecret } from '../../crypto/tokens.js';
import type { ServerContext } from '../../server-context.js';
import { scopeList } from '../authorize/checks/check-scope.js';

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
 * refresh token presented again revokes the whole grant (RFC 9700 §4.14.2), including the loser of a concurrent
 * double refresh (no grace window: documented in docs/security.md).
 */
export function createOAuthModel(
  context: ServerContext,
  request: { redirectUri: unknown },
): OAuth2Server.AuthorizationCodeModel & OAuth2Server.RefreshTokenModel {
  const { store, config, clock, logger } = context;
  const now = clock();
  const notBefore = () => new Date(Date.now() + 60_000);
  const client = { id: config.oauth.clientId, grants: ['authorization_code', 'refresh_token'] };

  const revoke = async (grantId: string, reason: string) => {
    await store.revokeGrant(grantId, now);
    logger.warn({ grantId, reason }, 'grant revoked');
  };

  return {
    async getClient(clientId, clientSecret) {
      const idOk = safeEqual(clientId, config.oauth.clientId);
      const secretOk = safeEqual(clientSecret ?? '', config.oauth.clientSecret);
      return idOk && secretOk ? client : null;
    },

    async getAuthorizationCode(code) {
      const codeHash = hashSecret(code);
      const record = await store.findAuthorizationCode(codeHash);
      if (!record) return null;
      if (record.usedAt !== null) {
        await revoke(record.grantId, 'authorization code replayed');
        throw new InvalidGrantError('Invalid grant: authorization code was already used');
      }
      if (now >= record.expiresAt)
        throw new InvalidGrantError('Invalid grant: authorization code has expired');
      const grant = await store.findGrant(record.grantId);
      if (!grant || grant.revokedAt !== null)
        throw new InvalidGrantError('Invalid grant: authorization was revoked');
      if (request.redirectUri !== record.redirectUri) {
        // Consume it, as the library does before its own redirect check: a code fished with a wrong
        // redirect_uri must not stay usable.
        await store.markAuthorizationCodeUsed(codeHash, now);
        await revoke(record.grantId, 'authorization code presented with another redirect_uri');
        throw new InvalidGrantError('Invalid grant: redirect_uri does not match the authorization request');
      }
      return {
        authorizationCode: code,
        expiresAt: notBefore(),
        redirectUri: '',
        scope: record.scope === null ? undefined : scopeList(record.scope),
        client: { ...client, id: record.clientId },
        user: { grantId: record.grantId, accountId: record.accountId } satisfies GrantUser,
      };
    },

    async revokeAuthorizationCode(code) {
      const { authorizationCode, user } = code;
      if (await store.markAuthorizationCodeUsed(hashSecret(authorizationCode), now)) return true;
      // Lost a race with another exchange of the same code: that is a replay too.
      await revoke((user as GrantUser).grantId, 'authorization code replayed concurrently');
      return false;
    },

    async generateAccessToken() {
      return newSecret('access', context.random);
    },

    async generateRefreshToken() {
      return newSecret('refresh', context.random);
    },

    async saveToken(token, tokenClient, user) {
      const { grantId } = user as GrantUser;
      const ttl = config.oauth.accessTokenTtl;
      await store.saveAccessToken({
        tokenHash: hashSecret(token.accessToken),
        grantId,
        createdAt: now,
        expiresAt: ttl > 0 ? now + ttl * 1000 : null,
        revokedAt: null,
      });
      // Long-lived access tokens need no refresh token (SPEC §2 step 6: refresh only when short-lived).
      const refreshToken = ttl > 0 ? token.refreshToken : undefined;
      if (refreshToken) {
        const refreshTtl = config.oauth.refreshTokenTtl;
        await store.saveRefreshToken({
          tokenHash: hashSecret(refreshToken),
          grantId,
          createdAt: now,
          expiresAt: refreshTtl > 0 ? now + refreshTtl * 1000 : null,
          usedAt: null,
          revokedAt: null,
        });
      }
      return {
        accessToken: token.accessToken,
        ...(refreshToken ? { refreshToken } : {}),
        ...(token.scope ? { scope: token.scope } : {}),
        client: tokenClient,
        user,
      };
    },

    async getRefreshToken(refreshToken) {
      const record = await store.findRefreshToken(hashSecret(refreshToken));
      if (!record) return null;
      if (record.usedAt !== null) {
        await revoke(record.grantId, 'rotated refresh token reused');
        throw new InvalidGrantError('Invalid grant: refresh token was already used');
      }
      const grant = await store.findGrant(record.grantId);
      if (record.revokedAt !== null || !grant || grant.revokedAt !== null) {
        throw new InvalidGrantError('Invalid grant: refresh token was revoked');
      }
      if (record.expiresAt !== null && now >= record.expiresAt) {
        throw new InvalidGrantError('Invalid grant: refresh token has expired');
      }
      return {
        refreshToken,
        scope: grant.scope === null ? undefined : scopeList(grant.scope),
        client: { ...client, id: grant.clientId },
        user: { grantId: grant.id, accountId: grant.accountId } satisfies GrantUser,
      };
    },

    async revokeToken(token) {
      if (await store.markRefreshTokenUsed(hashSecret(token.refreshToken), now)) return true;
      await revoke((token.user as GrantUser).grantId, 'refresh token reused concurrently');
      return false;
    },

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
