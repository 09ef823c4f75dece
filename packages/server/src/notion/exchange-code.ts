import { type Client, isNotionClientError } from '@notionhq/client';
import { type AuthorizeErrorCode, type ExternalAccount, notionTokenResponseSchema } from '@unfurlkit/core';
import { z } from 'zod';
import { notionErrorCode as notionCode } from './notion-error-code.js';

/**
 * Notion's token answer with the lifetime Notion now gives its tokens (`expires_in`, seconds; absent or null:
 * the token does not expire). Kept here, not in the shared schema, as only the server acts on it.
 */
const exchangeAnswerSchema = notionTokenResponseSchema.extend({
  expires_in: z.number().positive().nullable().optional(),
});
export type NotionTokenAnswer = z.infer<typeof exchangeAnswerSchema>;

/** What the code exchange came to: Notion's token, or the OAuth error to redirect with (never thrown). */
export type CodeExchangeOutcome =
  | { ok: true; token: NotionTokenAnswer }
  | { ok: false; error: AuthorizeErrorCode; description: string; cause: string };

/**
 * Trades Notion's code for Notion's access token for this person (SPEC §2 step 4): `POST /v1/oauth/token`
 * through the SDK (Basic auth with the integration's Notion credentials, `external_account` so Notion recognises
 * a reconnection). Never throws: every failure becomes an OAuth error for the redirect, so the person restarts the
 * flow from Notion; the cause (never a secret) is for the log.
 *
 * @example
 * const outcome = await exchangeCode(createInteractiveSdk(options), config.notion, code, { key, name });
 * if (!outcome.ok) log.warn({ cause: outcome.cause }, 'Notion code exchange failed');
 */
export async function exchangeCode(
  sdk: Client,
  credentials: { clientId: string; clientSecret: string },
  code: string,
  account: ExternalAccount,
): Promise<CodeExchangeOutcome> {
  try {
    const answer = await sdk.oauth.token({
      client_id: credentials.clientId,
      client_secret: credentials.clientSecret,
      grant_type: 'authorization_code',
      code,
      external_account: { key: account.key, name: account.name },
    });
    const parsed = exchangeAnswerSchema.safeParse(answer);
    if (!parsed.success) {
      return failure(
        'server_error',
        'Notion answered the code exchange with an unexpected shape',
        parsed.error.message,
      );
    }
    return { ok: true, token: parsed.data };
  } catch (error) {
    return classify(error);
  }
}

function failure(error: AuthorizeErrorCode, description: string, cause: string): CodeExchangeOutcome {
  return { ok: false, error, description, cause };
}

function classify(error: unknown): CodeExchangeOutcome {
  if (isNotionClientError(error)) {
    const status = 'status' in error ? Number(error.status) : undefined;
    const code = notionCode(error as { code: string; body?: unknown });
    const cause = `${code}${status ? ` (HTTP ${status})` : ''}: ${error.message}`;
    if (code === 'invalid_grant') {
      return failure(
        'invalid_request',
        "Notion's authorization code expired or was already used; connect again",
        cause,
      );
    }
    if (code === 'invalid_client' || code === 'unauthorized') {
      return failure(
        'server_error',
        'This service is misconfigured: Notion refused its client credentials',
        cause,
      );
    }
    if (
      code === 'notionhq_client_request_timeout' ||
      (status !== undefined && status >= 500) ||
      status === 429
    ) {
      return failure('temporarily_unavailable', 'Notion did not answer in time; try connecting again', cause);
    }
    return failure('server_error', 'Notion refused to connect this account; try again', cause);
  }
  return failure(
    'temporarily_unavailable',
    'Notion could not be reached; try connecting again',
    String(error),
  );
}
