import { CODE_LIFETIME_MS } from '../runtime/lifetimes.js';
import type { Authorization } from '../store/authorization-store.js';

/** Whether Notion's code may be traded; the message when not (`invalid_grant`). */
export type CodeCheck = { ok: true; authorization: Authorization } | { ok: false; message: string };

/**
 * Notion's code at the token endpoint: known, at most 10 minutes old, and presented with the `redirect_uri`
 * it was issued for (when one is sent). That it is unused is decided by the store, atomically, afterwards.
 *
 * @example
 * checkAuthorizationCode(undefined, undefined, now); // { ok: false, message: 'Invalid code: this code is unknown.' }
 */
export function checkAuthorizationCode(
  authorization: Authorization | undefined,
  redirectUri: string | undefined,
  now: number,
): CodeCheck {
  if (!authorization) return { ok: false, message: 'Invalid code: this code is unknown.' };
  if (now - authorization.createdAt > CODE_LIFETIME_MS) {
    return { ok: false, message: 'Invalid code: this code has expired (10 minutes).' };
  }
  if (redirectUri !== undefined && redirectUri !== authorization.redirectUri) {
    return {
      ok: false,
      message: 'Invalid redirect_uri: it does not match the one this code was issued for.',
    };
  }
  return { ok: true, authorization };
}
