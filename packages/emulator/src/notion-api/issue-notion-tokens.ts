import type { EmulatorContext } from '../context/emulator-context.js';
import type { IssuedNotionTokens } from '../store/connection-store.js';

/**
 * A fresh pair of Notion tokens under the policy in force: an access token, and, when tokens expire
 * (`--notion-token-ttl`), a refresh token and the expiry. With a TTL of 0 there is no refresh token
 * (Notion's `refresh_token: null`) and the access token never expires.
 */
export function issueNotionTokens(context: EmulatorContext): IssuedNotionTokens & { ttlSeconds: number } {
  const now = context.clock();
  const { ttlSeconds } = context.notionTokens.get();
  return {
    accessToken: `ntn_${context.random.token(32)}`,
    refreshToken: ttlSeconds > 0 ? `nrt_${context.random.token(32)}` : null,
    expiresAt: ttlSeconds > 0 ? now + ttlSeconds * 1_000 : null,
    issuedAt: now,
    ttlSeconds,
  };
}
