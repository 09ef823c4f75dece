import type { Client } from '@notionhq/client';
import { classifyRefreshFailure } from './refresh-notion-token.js';

/** What a revocation came to; `reason` never holds the token. */
export type RevokeOutcome = { ok: true } | { ok: false; reason: string };

/**
 * `POST /v1/oauth/revoke` with `{token}` (Basic auth): tells Notion a token is no longer wanted. Best effort:
 * never throws, and takes at most one `NOTION_TIMEOUT_MS` (the lifecycle SDK does not retry).
 *
 * @example
 * const outcome = await revokeNotionToken(createLifecycleSdk(options), config.notion, accessToken);
 */
export async function revokeNotionToken(
  sdk: Client,
  credentials: { clientId: string; clientSecret: string },
  token: string,
): Promise<RevokeOutcome> {
  try {
    await sdk.oauth.revoke({
      client_id: credentials.clientId,
      client_secret: credentials.clientSecret,
      token,
    });
    return { ok: true };
  } catch (error) {
    return { ok: false, reason: classifyRefreshFailure(error).reason };
  }
}
