import { describe, expect, it } from 'vitest';
import type { IntegrationStore } from '../../src/store/store.js';
import { aHash, anAccessToken, aRefreshToken, countTrue, givenGrant, MINUTE, T0 } from '../store-fixtures.js';

export function tokenContract(store: () => IntegrationStore): void {
  describe('access and refresh tokens', () => {
    it('round-trips access tokens, with and without an expiry', async () => {
      const { grant } = await givenGrant(store());
      const expiring = anAccessToken(grant.id);
      const forever = anAccessToken(grant.id, { expiresAt: null });
      await store().grants.saveAccessToken(expiring);
      await store().grants.saveAccessToken(forever);
      expect(await store().grants.findAccessToken(expiring.tokenHash)).toEqual(expiring);
      expect(await store().grants.findAccessToken(forever.tokenHash)).toEqual(forever);
    });

    it('finds an access token with its grant in one call, and says whether the connection still exists', async () => {
      const { grant, connection } = await givenGrant(store());
      const token = anAccessToken(grant.id);
      await store().grants.saveAccessToken(token);
      expect(await store().grants.findAccessTokenGrant(token.tokenHash)).toEqual({
        token,
        grant,
        connectionExists: true,
      });
      await store().grants.revokeGrant(grant.id, T0 + MINUTE);
      await store().connections.delete(connection.id);
      const after = await store().grants.findAccessTokenGrant(token.tokenHash);
      expect(after?.connectionExists).toBe(false);
      expect(after?.grant.revokedAt).toBe(T0 + MINUTE);
      expect(after?.token.revokedAt).toBe(T0 + MINUTE);
      expect(await store().grants.findAccessTokenGrant(aHash())).toBeUndefined();
    });

    it('round-trips refresh tokens, with and without an expiry', async () => {
      const { grant } = await givenGrant(store());
      const expiring = aRefreshToken(grant.id);
      const forever = aRefreshToken(grant.id, { expiresAt: null });
      await store().grants.saveRefreshToken(expiring);
      await store().grants.saveRefreshToken(forever);
      expect(await store().grants.findRefreshToken(expiring.tokenHash)).toEqual(expiring);
      expect(await store().grants.findRefreshToken(forever.tokenHash)).toEqual(forever);
    });

    it('finds a refresh token with its grant in one call, revocations included', async () => {
      const { grant } = await givenGrant(store());
      const token = aRefreshToken(grant.id);
      await store().grants.saveRefreshToken(token);
      expect(await store().grants.findRefreshTokenGrant(token.tokenHash)).toEqual({ token, grant });
      await store().grants.markRefreshTokenUsed(token.tokenHash, T0 + MINUTE);
      await store().grants.revokeGrant(grant.id, T0 + 2 * MINUTE);
      const after = await store().grants.findRefreshTokenGrant(token.tokenHash);
      expect(after?.token).toEqual({ ...token, usedAt: T0 + MINUTE, revokedAt: T0 + 2 * MINUTE });
      expect(after?.grant).toEqual({ ...grant, revokedAt: T0 + 2 * MINUTE });
      expect(await store().grants.findRefreshTokenGrant(aHash())).toBeUndefined();
    });

    it('keeps times up to 2^53 − 1 exact, as numbers', async () => {
      const { grant } = await givenGrant(store());
      const far = anAccessToken(grant.id, { expiresAt: Number.MAX_SAFE_INTEGER });
      await store().grants.saveAccessToken(far);
      const found = await store().grants.findAccessToken(far.tokenHash);
      expect(found?.expiresAt).toBe(Number.MAX_SAFE_INTEGER);
      expect(typeof found?.createdAt).toBe('number');
    });

    it('finds nothing for an unknown hash, or for a hash of the other kind of token', async () => {
      const { grant } = await givenGrant(store());
      const access = anAccessToken(grant.id);
      await store().grants.saveAccessToken(access);
      expect(await store().grants.findAccessToken(aHash())).toBeUndefined();
      expect(await store().grants.findRefreshToken(aHash())).toBeUndefined();
      expect(await store().grants.findRefreshToken(access.tokenHash)).toBeUndefined();
    });

    it('refuses a duplicate token hash, and a token of a grant that does not exist', async () => {
      const { grant } = await givenGrant(store());
      const token = anAccessToken(grant.id);
      await store().grants.saveAccessToken(token);
      await expect(
        store().grants.saveAccessToken(anAccessToken(grant.id, { tokenHash: token.tokenHash })),
      ).rejects.toThrow();
      await expect(store().grants.saveAccessToken(anAccessToken('no-such-grant'))).rejects.toThrow();
      await expect(store().grants.saveRefreshToken(aRefreshToken('no-such-grant'))).rejects.toThrow();
    });

    it('rotates a refresh token once: the first mark wins and keeps its time', async () => {
      const { grant } = await givenGrant(store());
      const token = aRefreshToken(grant.id);
      await store().grants.saveRefreshToken(token);
      expect(await store().grants.markRefreshTokenUsed(token.tokenHash, T0 + MINUTE)).toBe(true);
      expect(await store().grants.markRefreshTokenUsed(token.tokenHash, T0 + 2 * MINUTE)).toBe(false);
      expect((await store().grants.findRefreshToken(token.tokenHash))?.usedAt).toBe(T0 + MINUTE);
      expect(await store().grants.markRefreshTokenUsed(aHash(), T0)).toBe(false);
    });

    it('lets exactly one of two concurrent refreshes win', async () => {
      const { grant } = await givenGrant(store());
      const token = aRefreshToken(grant.id);
      await store().grants.saveRefreshToken(token);
      const results = await Promise.all([
        store().grants.markRefreshTokenUsed(token.tokenHash, T0 + 1),
        store().grants.markRefreshTokenUsed(token.tokenHash, T0 + 2),
      ]);
      expect(countTrue(results)).toBe(1);
    });

    it('does not let a revoked refresh token be used', async () => {
      const { grant } = await givenGrant(store());
      const token = aRefreshToken(grant.id);
      await store().grants.saveRefreshToken(token);
      await store().grants.revokeGrant(grant.id, T0 + 1);
      expect(await store().grants.markRefreshTokenUsed(token.tokenHash, T0 + 2)).toBe(false);
      expect((await store().grants.findRefreshToken(token.tokenHash))?.usedAt).toBeNull();
    });
  });
}
