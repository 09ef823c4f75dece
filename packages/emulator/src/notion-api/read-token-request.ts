import { type ExternalAccount, formatJsonPath, notionTokenRequestSchema } from '@unfurlkit/core';

/** A code exchange the token endpoint can go on with. */
export interface CodeExchange {
  code: string;
  redirectUri: string | undefined;
  account: ExternalAccount;
}

export type TokenRequestReading =
  | { ok: true; exchange: CodeExchange }
  | { ok: false; code: 'invalid_request' | 'invalid_grant' | 'unsupported_grant_type'; message: string };

/**
 * The grant checks of `POST /v1/oauth/token`, in Notion's order: a JSON object, a `grant_type`, no refresh
 * (Notion issued `refresh_token: null`), only `authorization_code`, a well-formed body, and the
 * `external_account {key, name}` Link Preview integrations must send.
 *
 * @example
 * readTokenRequest({ grant_type: 'refresh_token', refresh_token: 'r' }); // { ok: false, code: 'invalid_grant', … }
 */
export function readTokenRequest(body: unknown): TokenRequestReading {
  if (body === null || typeof body !== 'object' || Array.isArray(body)) {
    return { ok: false, code: 'invalid_request', message: 'The body must be a JSON object.' };
  }
  const grantType = (body as { grant_type?: unknown }).grant_type;
  if (typeof grantType !== 'string' || grantType === '') {
    return { ok: false, code: 'invalid_request', message: 'body.grant_type should be defined.' };
  }
  if (grantType === 'refresh_token') {
    return {
      ok: false,
      code: 'invalid_grant',
      message: 'This connection has no refresh token (Notion issued refresh_token: null); reconnect instead.',
    };
  }
  if (grantType !== 'authorization_code') {
    return {
      ok: false,
      code: 'unsupported_grant_type',
      message: `Unsupported grant_type "${grantType}"; Link Preview integrations use "authorization_code".`,
    };
  }
  const parsed = notionTokenRequestSchema.safeParse(body);
  if (!parsed.success || parsed.data.grant_type !== 'authorization_code') {
    const issue = parsed.error?.issues[0];
    const where = issue ? formatJsonPath(['body', ...(issue.path as (string | number)[])]).slice(2) : 'body';
    return { ok: false, code: 'invalid_request', message: `${where}: ${issue?.message ?? 'invalid'}.` };
  }
  const { code, redirect_uri: redirectUri, external_account: account } = parsed.data;
  if (!account) {
    return {
      ok: false,
      code: 'invalid_request',
      message:
        'body.external_account should be defined: Link Preview integrations send {key, name} of the account.',
    };
  }
  return { ok: true, exchange: { code, redirectUri, account } };
}
