import { type ExternalAccount, formatJsonPath, notionTokenRequestSchema } from '@unfurlkit/core';

/** A code exchange the token endpoint can go on with. */
export interface CodeExchange {
  grant: 'authorization_code';
  code: string;
  redirectUri: string | undefined;
  /** Undefined when the integration sent none (tolerated: then every connect makes a new connection). */
  account: ExternalAccount | undefined;
}

/** A refresh of the connection's Notion tokens. */
export interface RefreshGrant {
  grant: 'refresh_token';
  refreshToken: string;
}

export type TokenRequestReading =
  | { ok: true; request: CodeExchange | RefreshGrant; warnings: string[] }
  | { ok: false; code: 'invalid_request' | 'unsupported_grant_type'; message: string };

/** The warning (or, strict, the refusal) for an exchange without `external_account`. */
export const MISSING_ACCOUNT_MESSAGE =
  'body.external_account is missing: Link Preview integrations send {key, name} of the account, which names the connection and makes a reconnection of the same account update it; without it every connect adds another connection.';

/**
 * The grant checks of `POST /v1/oauth/token`, in Notion's order: a JSON object, a `grant_type`, one of
 * `authorization_code` and `refresh_token`, a well-formed body, and (`authorization_code`) the
 * `external_account {key, name}` Link Preview integrations send: tolerated when missing, with a warning,
 * unless `strict`.
 *
 * @example
 * readTokenRequest({ grant_type: 'refresh_token', refresh_token: 'r' }, false); // { ok: true, request: { grant: 'refresh_token', … } }
 */
export function readTokenRequest(body: unknown, strict: boolean): TokenRequestReading {
  if (body === null || typeof body !== 'object' || Array.isArray(body)) {
    return { ok: false, code: 'invalid_request', message: 'The body must be a JSON object.' };
  }
  const grantType = (body as { grant_type?: unknown }).grant_type;
  if (typeof grantType !== 'string' || grantType === '') {
    return { ok: false, code: 'invalid_request', message: 'body.grant_type should be defined.' };
  }
  if (grantType !== 'authorization_code' && grantType !== 'refresh_token') {
    return {
      ok: false,
      code: 'unsupported_grant_type',
      message: `Unsupported grant_type "${grantType}"; use "authorization_code" or "refresh_token".`,
    };
  }
  const parsed = notionTokenRequestSchema.safeParse(body);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    const where = issue ? formatJsonPath(['body', ...(issue.path as (string | number)[])]).slice(2) : 'body';
    return { ok: false, code: 'invalid_request', message: `${where}: ${issue?.message ?? 'invalid'}.` };
  }
  if (parsed.data.grant_type === 'refresh_token') {
    return {
      ok: true,
      request: { grant: 'refresh_token', refreshToken: parsed.data.refresh_token },
      warnings: [],
    };
  }
  const { code, redirect_uri: redirectUri, external_account: account } = parsed.data;
  if (!account && strict) return { ok: false, code: 'invalid_request', message: MISSING_ACCOUNT_MESSAGE };
  return {
    ok: true,
    request: { grant: 'authorization_code', code, redirectUri, account },
    warnings: account ? [] : [MISSING_ACCOUNT_MESSAGE],
  };
}
