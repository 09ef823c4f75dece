import type { Client } from '@notionhq/client';
import { classifyRefreshFailure } from './refresh-notion-token.js';

/** Whether Notion still accepts a token, or why it could not say. */
export type IntrospectOutcome =
  | { ok: true; active: boolean; scope: string | null; issuedAt: number | null }
  | { ok: false; reason: string };

/**
 * `POST /v1/oauth/introspect` with `{token}` (Basic auth): asks Notion whether a token is active. Never throws;
 * `issuedAt` is epoch ms (Notion's `iat` is in seconds).
 *
 * @example
 * const outcome = await introspectNotionToken(createLifecycleSdk(options), config.notion, accessToken);
 * if (outcome.ok && !outcome.active) console.log('Notion no longer accepts this token');
 */
export async function introspectNotionToken(
  sdk: Client,
  credentials: { clientId: string; clientSecret: string },
  token: string,
): Promise<IntrospectOutcome> {
  try {
    const answer = (await sdk.oauth.introspect({
      client_id: credentials.clientId,
      client_secret: credentials.clientSecret,
      token,
    })) as { active?: unknown; scope?: unknown; iat?: unknown };
    return {
      ok: true,
      active: answer.active === true,
      scope: typeof answer.scope === 'string' ? answer.scope : null,
      issuedAt: typeof answer.iat === 'number' ? answer.iat * 1000 : null,
    };
  } catch (error) {
    return { ok: false, reason: classifyRefreshFailure(error).reason };
  }
}
