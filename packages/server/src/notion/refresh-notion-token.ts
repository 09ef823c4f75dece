import { type Client, isNotionClientError } from '@notionhq/client';
import { z } from 'zod';
import { notionErrorCode, notionErrorStatus } from './notion-error-code.js';

/** Notion's answer to a refresh, as much of it as the server keeps. */
const refreshAnswerSchema = z.object({
  access_token: z.string().min(1),
  refresh_token: z.string().min(1).nullable().optional(),
  expires_in: z.number().positive().nullable().optional(),
});

/**
 * What a refresh came to: a new pair; `refused` when Notion will never accept this refresh token (revoked,
 * rotated away, expired: the person must reconnect); `transient` when asking again later may work.
 */
export type RefreshOutcome =
  | { kind: 'refreshed'; accessToken: string; refreshToken: string | null; expiresInSeconds: number | null }
  | { kind: 'refused'; reason: string }
  | { kind: 'transient'; reason: string };

/**
 * `POST /v1/oauth/token` with `grant_type=refresh_token` (Basic auth with the integration's Notion credentials).
 * Never throws: every answer, timeout and network failure becomes a {@link RefreshOutcome}; no token is ever in
 * a reason.
 *
 * @example
 * const outcome = await refreshNotionToken(createLifecycleSdk(options), config.notion, refreshToken);
 * if (outcome.kind === 'refused') log.warn({ reason: outcome.reason }, 'reconnect needed');
 */
export async function refreshNotionToken(
  sdk: Client,
  credentials: { clientId: string; clientSecret: string },
  refreshToken: string,
): Promise<RefreshOutcome> {
  try {
    const answer = await sdk.oauth.token({
      client_id: credentials.clientId,
      client_secret: credentials.clientSecret,
      grant_type: 'refresh_token',
      refresh_token: refreshToken,
    });
    const parsed = refreshAnswerSchema.safeParse(answer);
    if (!parsed.success)
      return { kind: 'transient', reason: 'Notion answered the refresh with an unexpected shape' };
    return {
      kind: 'refreshed',
      accessToken: parsed.data.access_token,
      refreshToken: parsed.data.refresh_token ?? null,
      expiresInSeconds: parsed.data.expires_in ?? null,
    };
  } catch (error) {
    return classifyRefreshFailure(error);
  }
}

/**
 * A 400 or 401 from the token endpoint is final (Notion's `invalid_grant`, `invalid_client`, …): asking again
 * with the same refresh token cannot work. Timeouts, network failures, 429 and 5xx are worth another try.
 */
export function classifyRefreshFailure(error: unknown): Exclude<RefreshOutcome, { kind: 'refreshed' }> {
  if (!isNotionClientError(error)) {
    const message = error instanceof Error ? error.message : String(error);
    const timeout = error instanceof Error && error.name === 'TimeoutError';
    return { kind: 'transient', reason: timeout ? 'timeout' : `network: ${message}` };
  }
  const status = notionErrorStatus(error);
  const code = notionErrorCode(error as { code: string; body?: unknown });
  const reason = `${code}${status ? ` (HTTP ${status})` : ''}`;
  if (status !== undefined && status >= 400 && status < 500 && status !== 408 && status !== 429)
    return { kind: 'refused', reason };
  return { kind: 'transient', reason };
}
