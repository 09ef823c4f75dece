import { describe, expect, it } from 'vitest';
import type { IntegrationStore } from '../../src/store/store.js';
import {
  aConsentRequest,
  anAccessToken,
  aPreview,
  aRefreshToken,
  givenGrant,
  MINUTE,
  T0,
} from '../store-fixtures.js';

export function purgeExpiredContract(store: () => IntegrationStore): void {
  describe('purgeExpired', () => {
    it('returns 0 when there is nothing to purge', async () => {
      expect(await store().purgeExpired(T0)).toBe(0);
    });

    it('drops requests, codes and tokens that expired before now, and counts them', async () => {
      const now = T0 + 60 * MINUTE;
      const { connection, grant, code } = await givenGrant(store()); // code expires at T0 + 10 min
      const oldRequest = aConsentRequest({ expiresAt: now - 1 });
      const oldAccess = anAccessToken(grant.id, { expiresAt: now - 1 });
      const oldRefresh = aRefreshToken(grant.id, { expiresAt: now - 1, usedAt: T0 });
      const preview = aPreview(connection.id);
      await store().consents.createAuthorizationRequest(oldRequest);
      await store().grants.saveAccessToken(oldAccess);
      await store().grants.saveRefreshToken(oldRefresh);
      await store().previews.record(preview);

      expect(await store().purgeExpired(now)).toBe(4);

      expect(await store().consents.findAuthorizationRequest(oldRequest.idHash)).toBeUndefined();
      expect(await store().grants.findAuthorizationCode(code.codeHash)).toBeUndefined();
      expect(await store().grants.findAccessToken(oldAccess.tokenHash)).toBeUndefined();
      expect(await store().grants.findRefreshToken(oldRefresh.tokenHash)).toBeUndefined();
      // Not expiring things: the grant (audit trail), the connection and its previews stay.
      expect(await store().grants.findGrant(grant.id)).toEqual(grant);
      expect(await store().connections.find(connection.id)).toEqual(connection);
      expect(await store().previews.listOfUri(preview.uri)).toEqual([preview]);
    });

    it('respects now: keeps what expires at or after it, and tokens that never expire', async () => {
      const now = T0 + 60 * MINUTE;
      const { grant, code } = await givenGrant(store());
      const atNow = aConsentRequest({ expiresAt: now });
      const later = aConsentRequest({ expiresAt: now + 1 });
      const forever = anAccessToken(grant.id, { expiresAt: null });
      const foreverRefresh = aRefreshToken(grant.id, { expiresAt: null });
      const accessLater = anAccessToken(grant.id, { expiresAt: now + MINUTE });
      await store().consents.createAuthorizationRequest(atNow);
      await store().consents.createAuthorizationRequest(later);
      await store().grants.saveAccessToken(forever);
      await store().grants.saveRefreshToken(foreverRefresh);
      await store().grants.saveAccessToken(accessLater);

      // Before the code's expiry nothing goes; the clock the caller passes is the only clock.
      expect(await store().purgeExpired(T0)).toBe(0);
      expect(await store().grants.findAuthorizationCode(code.codeHash)).toEqual(code);

      expect(await store().purgeExpired(now)).toBe(1); // only the code
      expect(await store().consents.findAuthorizationRequest(atNow.idHash)).toEqual(atNow);
      expect(await store().consents.findAuthorizationRequest(later.idHash)).toEqual(later);
      expect(await store().grants.findAccessToken(forever.tokenHash)).toEqual(forever);
      expect(await store().grants.findRefreshToken(foreverRefresh.tokenHash)).toEqual(foreverRefresh);
      expect(await store().grants.findAccessToken(accessLater.tokenHash)).toEqual(accessLater);

      expect(await store().purgeExpired(now + 2 * MINUTE)).toBe(3);
      expect(await store().grants.findAccessToken(forever.tokenHash)).toEqual(forever);
      expect(await store().grants.findRefreshToken(foreverRefresh.tokenHash)).toEqual(foreverRefresh);
    });
  });
}
