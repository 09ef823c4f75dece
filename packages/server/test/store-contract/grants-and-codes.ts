import { describe, expect, it } from 'vitest';
import type { IntegrationStore } from '../../src/store/store.js';
import {
  aCode,
  aConnectionInput,
  aGrant,
  anAccessToken,
  aRefreshToken,
  countTrue,
  givenGrant,
  MINUTE,
  T0,
} from '../store-fixtures.js';

export function grantAndCodeContract(store: () => IntegrationStore): void {
  describe('grants and authorization codes', () => {
    it('creates a grant with its code, both found as written', async () => {
      const { grant, code } = await givenGrant(store(), { grant: { scope: null } });
      expect(await store().grants.findGrant(grant.id)).toEqual(grant);
      expect(await store().grants.findAuthorizationCode(code.codeHash)).toEqual(code);
    });

    it('finds nothing for an unknown grant id or code hash', async () => {
      expect(await store().grants.findGrant('no-such-grant')).toBeUndefined();
      expect(await store().grants.findAuthorizationCode('0'.repeat(64))).toBeUndefined();
    });

    it('creates neither grant nor code when the code cannot be stored (one transaction)', async () => {
      const { connection, code } = await givenGrant(store());
      const orphan = aGrant(connection.id);
      await expect(
        store().grants.createGrantWithCode(orphan, aCode(orphan, { codeHash: code.codeHash })),
      ).rejects.toThrow();
      expect(await store().grants.findGrant(orphan.id)).toBeUndefined();
    });

    it('uses a code once: the first mark wins and keeps its time', async () => {
      const { code } = await givenGrant(store());
      expect(await store().grants.markAuthorizationCodeUsed(code.codeHash, T0 + MINUTE)).toBe(true);
      expect(await store().grants.markAuthorizationCodeUsed(code.codeHash, T0 + 2 * MINUTE)).toBe(false);
      expect((await store().grants.findAuthorizationCode(code.codeHash))?.usedAt).toBe(T0 + MINUTE);
      expect(await store().grants.markAuthorizationCodeUsed('f'.repeat(64), T0)).toBe(false);
    });

    it('lets exactly one of two concurrent exchanges of the same code win', async () => {
      const { code } = await givenGrant(store());
      const results = await Promise.all([
        store().grants.markAuthorizationCodeUsed(code.codeHash, T0 + 1),
        store().grants.markAuthorizationCodeUsed(code.codeHash, T0 + 2),
      ]);
      expect(countTrue(results)).toBe(1);
    });

    it('lets exactly one of many concurrent exchanges win, every time', async () => {
      for (let round = 0; round < 5; round++) {
        const { code } = await givenGrant(store());
        const results = await Promise.all(
          Array.from({ length: 8 }, () =>
            store().grants.markAuthorizationCodeUsed(code.codeHash, T0 + round),
          ),
        );
        expect(countTrue(results)).toBe(1);
      }
    });

    it('revokes a grant with every access and refresh token under it, and nothing else', async () => {
      const { grant } = await givenGrant(store());
      const { grant: other } = await givenGrant(store());
      const tokens = [anAccessToken(grant.id), anAccessToken(grant.id, { expiresAt: null })];
      const refresh = [aRefreshToken(grant.id), aRefreshToken(grant.id, { usedAt: T0 })];
      const untouchedAccess = anAccessToken(other.id);
      const untouchedRefresh = aRefreshToken(other.id);
      for (const t of [...tokens, untouchedAccess]) await store().grants.saveAccessToken(t);
      for (const t of [...refresh, untouchedRefresh]) await store().grants.saveRefreshToken(t);

      await store().grants.revokeGrant(grant.id, T0 + MINUTE);

      expect((await store().grants.findGrant(grant.id))?.revokedAt).toBe(T0 + MINUTE);
      for (const t of tokens)
        expect((await store().grants.findAccessToken(t.tokenHash))?.revokedAt).toBe(T0 + MINUTE);
      for (const t of refresh)
        expect((await store().grants.findRefreshToken(t.tokenHash))?.revokedAt).toBe(T0 + MINUTE);
      expect(await store().grants.findGrant(other.id)).toEqual(other);
      expect(await store().grants.findAccessToken(untouchedAccess.tokenHash)).toEqual(untouchedAccess);
      expect(await store().grants.findRefreshToken(untouchedRefresh.tokenHash)).toEqual(untouchedRefresh);
    });

    it('revokes idempotently, keeping the first revocation time of grant and tokens', async () => {
      const { grant } = await givenGrant(store());
      const earlier = anAccessToken(grant.id, { revokedAt: T0 + 1 });
      const live = aRefreshToken(grant.id);
      await store().grants.saveAccessToken(earlier);
      await store().grants.saveRefreshToken(live);
      await store().grants.revokeGrant(grant.id, T0 + MINUTE);
      await store().grants.revokeGrant(grant.id, T0 + 2 * MINUTE);
      expect((await store().grants.findGrant(grant.id))?.revokedAt).toBe(T0 + MINUTE);
      expect((await store().grants.findAccessToken(earlier.tokenHash))?.revokedAt).toBe(T0 + 1);
      expect((await store().grants.findRefreshToken(live.tokenHash))?.revokedAt).toBe(T0 + MINUTE);
      await expect(store().grants.revokeGrant('no-such-grant', T0)).resolves.toBeUndefined();
    });

    it('revokes every grant of a connection with their tokens, counting only the live ones', async () => {
      const connection = await store().connections.upsert(aConnectionInput(), T0);
      const { grant: a } = await givenGrant(store(), { connection });
      const { grant: b } = await givenGrant(store(), { connection });
      const { grant: dead } = await givenGrant(store(), { connection, grant: { revokedAt: T0 } });
      const { grant: elsewhere } = await givenGrant(store());
      const tokenOfB = anAccessToken(b.id);
      const refreshOfA = aRefreshToken(a.id);
      const tokenElsewhere = anAccessToken(elsewhere.id);
      await store().grants.saveAccessToken(tokenOfB);
      await store().grants.saveRefreshToken(refreshOfA);
      await store().grants.saveAccessToken(tokenElsewhere);

      expect(await store().grants.revokeGrantsOfConnection(connection.id, T0 + MINUTE)).toBe(2);

      expect((await store().grants.findGrant(a.id))?.revokedAt).toBe(T0 + MINUTE);
      expect((await store().grants.findGrant(b.id))?.revokedAt).toBe(T0 + MINUTE);
      expect((await store().grants.findGrant(dead.id))?.revokedAt).toBe(T0);
      expect((await store().grants.findAccessToken(tokenOfB.tokenHash))?.revokedAt).toBe(T0 + MINUTE);
      expect((await store().grants.findRefreshToken(refreshOfA.tokenHash))?.revokedAt).toBe(T0 + MINUTE);
      expect(await store().grants.findGrant(elsewhere.id)).toEqual(elsewhere);
      expect(await store().grants.findAccessToken(tokenElsewhere.tokenHash)).toEqual(tokenElsewhere);

      expect(await store().grants.revokeGrantsOfConnection(connection.id, T0 + 2 * MINUTE)).toBe(0);
      expect((await store().grants.findGrant(a.id))?.revokedAt).toBe(T0 + MINUTE);
      expect(await store().grants.revokeGrantsOfConnection('no-such-connection', T0)).toBe(0);
    });
  });
}
