import { describe, expect, it } from 'vitest';
import type { RefreshRotation } from '../../src/store/grant-store.js';
import type { IntegrationStore } from '../../src/store/store.js';
import {
  aHash,
  anAccessToken,
  aRefreshToken,
  aSealedSecret,
  countTrue,
  givenGrant,
  MINUTE,
  T0,
} from '../store-fixtures.js';

/** A rotation of `tokenHash` at `now` under `grantId`: a fresh pair and its sealed copy. */
function aRotation(grantId: string, tokenHash: string, now: number): RefreshRotation {
  return {
    tokenHash,
    now,
    successor: aSealedSecret(),
    accessToken: anAccessToken(grantId, { createdAt: now }),
    refreshToken: aRefreshToken(grantId, { createdAt: now }),
  };
}

export function refreshRotationContract(store: () => IntegrationStore): void {
  describe('refresh rotation with a kept pair (REFRESH_REUSE_GRACE_SECONDS)', () => {
    it('marks the token used, keeps the sealed pair on it and saves the new tokens, at once', async () => {
      const { grant } = await givenGrant(store());
      const token = aRefreshToken(grant.id);
      await store().grants.saveRefreshToken(token);
      const rotation = aRotation(grant.id, token.tokenHash, T0 + MINUTE);
      expect(await store().grants.rotateRefreshToken(rotation)).toBe(true);
      expect(await store().grants.findRefreshToken(token.tokenHash)).toEqual({
        ...token,
        usedAt: T0 + MINUTE,
        successor: rotation.successor,
      });
      expect(await store().grants.findAccessToken(rotation.accessToken.tokenHash)).toEqual(
        rotation.accessToken,
      );
      expect(await store().grants.findRefreshToken(rotation.refreshToken.tokenHash)).toEqual(
        rotation.refreshToken,
      );
    });

    it('lets exactly one of ten concurrent rotations win; the others save nothing and see its pair', async () => {
      const { grant } = await givenGrant(store());
      const token = aRefreshToken(grant.id);
      await store().grants.saveRefreshToken(token);
      const rotations = Array.from({ length: 10 }, (_, i) => aRotation(grant.id, token.tokenHash, T0 + i));
      const results = await Promise.all(rotations.map((r) => store().grants.rotateRefreshToken(r)));
      expect(countTrue(results)).toBe(1);
      const winner = rotations[results.indexOf(true)]!;
      expect((await store().grants.findRefreshToken(token.tokenHash))?.successor).toEqual(winner.successor);
      for (const loser of rotations.filter((_, i) => !results[i])) {
        expect(await store().grants.findAccessToken(loser.accessToken.tokenHash)).toBeUndefined();
        expect(await store().grants.findRefreshToken(loser.refreshToken.tokenHash)).toBeUndefined();
      }
    });

    it('does not rotate a revoked, used or unknown token', async () => {
      const { grant } = await givenGrant(store());
      const revoked = aRefreshToken(grant.id);
      const used = aRefreshToken(grant.id, { usedAt: T0 });
      await store().grants.saveRefreshToken(revoked);
      await store().grants.saveRefreshToken(used);
      await store().grants.revokeGrant(grant.id, T0 + 1);
      const { grant: other } = await givenGrant(store());
      const usedElsewhere = aRefreshToken(other.id, { usedAt: T0 });
      await store().grants.saveRefreshToken(usedElsewhere);
      for (const hash of [revoked.tokenHash, usedElsewhere.tokenHash, aHash()]) {
        expect(await store().grants.rotateRefreshToken(aRotation(grant.id, hash, T0 + 2))).toBe(false);
      }
      expect((await store().grants.findRefreshToken(revoked.tokenHash))?.successor).toBeNull();
    });

    it('forgets kept pairs of tokens used before a time, and only those', async () => {
      const { grant } = await givenGrant(store());
      const early = aRefreshToken(grant.id);
      const late = aRefreshToken(grant.id);
      await store().grants.saveRefreshToken(early);
      await store().grants.saveRefreshToken(late);
      await store().grants.rotateRefreshToken(aRotation(grant.id, early.tokenHash, T0 + MINUTE));
      await store().grants.rotateRefreshToken(aRotation(grant.id, late.tokenHash, T0 + 3 * MINUTE));
      expect(await store().grants.forgetRotatedPairs(T0 + 2 * MINUTE)).toBe(1);
      const forgotten = await store().grants.findRefreshToken(early.tokenHash);
      expect(forgotten).toMatchObject({ usedAt: T0 + MINUTE, successor: null });
      expect((await store().grants.findRefreshToken(late.tokenHash))?.successor).not.toBeNull();
      expect(await store().grants.forgetRotatedPairs(T0 + 2 * MINUTE)).toBe(0);
    });
  });
}
