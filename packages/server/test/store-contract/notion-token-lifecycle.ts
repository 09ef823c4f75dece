import { describe, expect, it } from 'vitest';
import type { IntegrationStore } from '../../src/store/store.js';
import { aConnectionInput, aSealedSecret, MINUTE, T0 } from '../store-fixtures.js';

/** Notion's refresh token and expiry on a connection, and the refresh lease that lets one process refresh. */
export function notionTokenLifecycleContract(store: () => IntegrationStore): void {
  describe("Notion's token lifecycle on a connection", () => {
    const withRefresh = () =>
      aConnectionInput({ refreshToken: aSealedSecret(), accessTokenExpiresAt: T0 + MINUTE });

    it('stores the refresh token and expiry; a reconnect replaces them (none given: none kept)', async () => {
      const input = withRefresh();
      const created = await store().connections.upsert(input, T0);
      expect(created.refreshToken).toEqual(input.refreshToken);
      expect(created.accessTokenExpiresAt).toBe(T0 + MINUTE);
      expect(await store().connections.find(created.id)).toEqual(created);
      const again = await store().connections.upsert(
        { ...input, accessToken: aSealedSecret(), refreshToken: null, accessTokenExpiresAt: null },
        T0 + MINUTE,
      );
      expect(again).toMatchObject({ id: created.id, refreshToken: null, accessTokenExpiresAt: null });
    });

    it('lets exactly one of several concurrent claims refresh, until the lease ends', async () => {
      const connection = await store().connections.upsert(withRefresh(), T0);
      const claims = await Promise.all(
        Array.from({ length: 6 }, () =>
          store().connections.claimRefresh(connection.id, connection.accessToken, T0, T0 + MINUTE),
        ),
      );
      expect(claims.filter(Boolean)).toHaveLength(1);
      // A crashed refresher's lease runs out: then someone else may take it.
      expect(
        await store().connections.claimRefresh(connection.id, connection.accessToken, T0 + MINUTE - 1, T0),
      ).toBe(false);
      expect(
        await store().connections.claimRefresh(
          connection.id,
          connection.accessToken,
          T0 + MINUTE,
          T0 + 2 * MINUTE,
        ),
      ).toBe(true);
    });

    it('saves a refreshed pair only over the token it refreshed, ending the lease', async () => {
      const connection = await store().connections.upsert(withRefresh(), T0);
      expect(
        await store().connections.claimRefresh(connection.id, connection.accessToken, T0, T0 + MINUTE),
      ).toBe(true);
      const refreshed = {
        accessToken: aSealedSecret(),
        refreshToken: aSealedSecret(),
        accessTokenExpiresAt: T0 + 2 * MINUTE,
      };
      expect(
        await store().connections.saveRefreshed(connection.id, connection.accessToken, refreshed, T0 + 1),
      ).toBe(true);
      expect(await store().connections.find(connection.id)).toEqual({
        ...connection,
        ...refreshed,
        updatedAt: T0 + 1,
      });
      // The old token is no longer the connection's: a late claim or save with it changes nothing.
      expect(
        await store().connections.claimRefresh(connection.id, connection.accessToken, T0 + 2, T0 + MINUTE),
      ).toBe(false);
      expect(
        await store().connections.saveRefreshed(
          connection.id,
          connection.accessToken,
          { ...refreshed, accessToken: aSealedSecret() },
          T0 + 2,
        ),
      ).toBe(false);
      // The lease ended with the save: the new token can be refreshed at once.
      expect(
        await store().connections.claimRefresh(connection.id, refreshed.accessToken, T0 + 2, T0 + MINUTE),
      ).toBe(true);
    });

    it('releases a lease after a failed refresh; never claims a revoked connection', async () => {
      const connection = await store().connections.upsert(withRefresh(), T0);
      const { accessToken } = connection;
      expect(await store().connections.claimRefresh(connection.id, accessToken, T0, T0 + MINUTE)).toBe(true);
      await store().connections.releaseRefresh(connection.id, accessToken);
      expect(await store().connections.claimRefresh(connection.id, accessToken, T0, T0 + MINUTE)).toBe(true);
      await store().connections.markRevoked(connection.id, T0 + 1);
      await store().connections.releaseRefresh(connection.id, accessToken);
      expect(await store().connections.claimRefresh(connection.id, accessToken, T0 + 2, T0 + MINUTE)).toBe(
        false,
      );
    });

    it('lists revoked connections, newest first, and counts connections by state', async () => {
      expect(await store().connections.countByState()).toEqual({ active: 0, revoked: 0 });
      const a = await store().connections.upsert(aConnectionInput({ accountName: 'Ada' }), T0);
      const b = await store().connections.upsert(aConnectionInput({ workspaceName: null }), T0);
      await store().connections.upsert(aConnectionInput(), T0);
      await store().connections.markRevoked(a.id, T0 + MINUTE);
      await store().connections.markRevoked(b.id, T0 + 2 * MINUTE);
      expect(await store().connections.listRevoked(10)).toEqual([
        {
          id: b.id,
          accountId: b.accountId,
          accountName: b.accountName,
          workspaceName: null,
          revokedAt: T0 + 2 * MINUTE,
        },
        {
          id: a.id,
          accountId: a.accountId,
          accountName: 'Ada',
          workspaceName: a.workspaceName,
          revokedAt: T0 + MINUTE,
        },
      ]);
      expect(await store().connections.listRevoked(1)).toHaveLength(1);
      expect(await store().connections.countByState()).toEqual({ active: 1, revoked: 2 });
    });
  });
}
