import { describe, expect, it } from 'vitest';
import type { IntegrationStore } from '../../src/store/store.js';
import { aConsentRequest, countTrue, MINUTE, T0 } from '../store-fixtures.js';

/** Every printable ASCII character (RFC 6749's VSCHAR, what `state` may hold), returned byte for byte. */
const ALL_VSCHAR = Array.from({ length: 0x7e - 0x20 + 1 }, (_, i) => String.fromCharCode(0x20 + i)).join('');

export function consentRequestContract(store: () => IntegrationStore): void {
  describe('consent requests', () => {
    it('round-trips every field, the sealed Notion code included', async () => {
      const request = aConsentRequest();
      await store().consents.createAuthorizationRequest(request);
      expect(await store().consents.findAuthorizationRequest(request.idHash)).toEqual(request);
    });

    it('round-trips nulls, every VSCHAR in state, non-ASCII names and a long sealed secret unchanged', async () => {
      const request = aConsentRequest({
        scope: null,
        state: ALL_VSCHAR,
        accountName: 'Zoë Ørsted — 東京 🚀',
        notionCode: { keyId: 'key-2025-06', sealed: 'A-_z'.repeat(1_000) },
      });
      await store().consents.createAuthorizationRequest(request);
      expect(await store().consents.findAuthorizationRequest(request.idHash)).toEqual(request);
      const withoutState = aConsentRequest({ state: null });
      await store().consents.createAuthorizationRequest(withoutState);
      expect((await store().consents.findAuthorizationRequest(withoutState.idHash))?.state).toBeNull();
    });

    it('finds nothing for an unknown id hash', async () => {
      expect(await store().consents.findAuthorizationRequest('0'.repeat(64))).toBeUndefined();
    });

    it('refuses a second request with the same id hash instead of overwriting the first', async () => {
      const request = aConsentRequest();
      await store().consents.createAuthorizationRequest(request);
      await expect(
        store().consents.createAuthorizationRequest(
          aConsentRequest({ idHash: request.idHash, accountId: 'intruder' }),
        ),
      ).rejects.toThrow();
      expect((await store().consents.findAuthorizationRequest(request.idHash))?.accountId).toBe(
        request.accountId,
      );
    });

    it('is used once: the first mark wins and keeps its time, later marks return false', async () => {
      const request = aConsentRequest();
      await store().consents.createAuthorizationRequest(request);
      expect(await store().consents.markAuthorizationRequestUsed(request.idHash, T0 + MINUTE)).toBe(true);
      expect(await store().consents.markAuthorizationRequestUsed(request.idHash, T0 + 2 * MINUTE)).toBe(
        false,
      );
      expect((await store().consents.findAuthorizationRequest(request.idHash))?.usedAt).toBe(T0 + MINUTE);
    });

    it('returns false when marking an unknown request used', async () => {
      expect(await store().consents.markAuthorizationRequestUsed('f'.repeat(64), T0)).toBe(false);
    });

    it('lets exactly one of several concurrent marks win', async () => {
      const request = aConsentRequest();
      await store().consents.createAuthorizationRequest(request);
      const results = await Promise.all(
        Array.from({ length: 6 }, (_, i) =>
          store().consents.markAuthorizationRequestUsed(request.idHash, T0 + i),
        ),
      );
      expect(countTrue(results)).toBe(1);
      const winner = results.indexOf(true);
      expect((await store().consents.findAuthorizationRequest(request.idHash))?.usedAt).toBe(T0 + winner);
    });
  });
}
