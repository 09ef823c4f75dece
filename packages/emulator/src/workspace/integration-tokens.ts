import { formatJsonPath, tokenErrorSchema, tokenSuccessSchema } from '@unfurlkit/core';
import type { EmulatorContext } from '../context/emulator-context.js';
import { callbackUrl } from '../runtime/callback-url.js';
import type { Integration } from '../settings/settings-service.js';
import type { Connection } from '../store/connection-store.js';
import { callIntegration, excerpt, type IntegrationAnswer } from './integration-client.js';

/** The integration's tokens for one connection, as Notion keeps them. */
export interface IntegrationTokens {
  accessToken: string;
  refreshToken: string | null;
  expiresAt: number | null;
}

export type TokenResult = { ok: true; tokens: IntegrationTokens } | { ok: false; problem: string };

/**
 * Notion as the OAuth client of the integration (SPEC §2 steps 6–7): the code exchange and the refresh at
 * the Token URL, form-encoded with the client credentials.
 */
export async function exchangeCode(
  context: EmulatorContext,
  integration: Integration,
  code: string,
): Promise<TokenResult> {
  return requestTokens(context, integration, 'token', {
    grant_type: 'authorization_code',
    code,
    redirect_uri: callbackUrl(context),
  });
}

const refreshing = new WeakMap<EmulatorContext, Map<string, Promise<TokenResult>>>();

/**
 * Refreshes a connection's tokens. Concurrent refreshes of one connection share one request: an integration
 * that rotates refresh tokens treats a second use of the old one as theft (SPEC §2 step 7).
 */
export function refreshTokens(context: EmulatorContext, connection: Connection): Promise<TokenResult> {
  const inFlight = refreshing.get(context) ?? new Map<string, Promise<TokenResult>>();
  refreshing.set(context, inFlight);
  const running = inFlight.get(connection.id);
  if (running) return running;
  const promise = (async (): Promise<TokenResult> => {
    const integration = context.settings.byId(connection.integrationId);
    if (!integration)
      return { ok: false, problem: 'the integration of this connection is no longer configured' };
    // The caller's copy may predate a refresh that already finished (another preview of this connection
    // refreshed first): the stored tokens are then the fresh ones, and refreshing again would spend a
    // rotated-away refresh token, which a rotating integration treats as theft.
    const stored = await context.store.connections.get(connection.id);
    if (!stored) return { ok: false, problem: 'the connection was removed' };
    if (
      stored.integrationAccessToken &&
      stored.integrationAccessToken !== connection.integrationAccessToken
    ) {
      return { ok: true, tokens: tokensOf(stored, stored.integrationAccessToken) };
    }
    const refreshToken = stored.integrationRefreshToken;
    if (!refreshToken) {
      return { ok: false, problem: 'the access token expired and the integration gave no refresh token' };
    }
    const result = await requestTokens(context, integration, 'refresh', {
      grant_type: 'refresh_token',
      refresh_token: refreshToken,
      redirect_uri: callbackUrl(context),
    });
    if (result.ok) {
      // Keep the old refresh token when the integration does not rotate it.
      const tokens = { ...result.tokens, refreshToken: result.tokens.refreshToken ?? refreshToken };
      await context.store.connections.setIntegrationTokens(connection.id, tokens, context.clock());
      return { ok: true, tokens };
    }
    return result;
  })().finally(() => inFlight.delete(connection.id));
  inFlight.set(connection.id, promise);
  return promise;
}

function tokensOf(connection: Connection, accessToken: string): IntegrationTokens {
  return {
    accessToken,
    refreshToken: connection.integrationRefreshToken,
    expiresAt: connection.integrationExpiresAt,
  };
}

/** The connection's access token, refreshed first when `expires_in` has passed. */
export async function freshAccessToken(
  context: EmulatorContext,
  connection: Connection,
): Promise<{ ok: true; accessToken: string } | { ok: false; problem: string }> {
  if (!connection.integrationAccessToken) {
    return { ok: false, problem: 'this connection has no access token from the integration; reconnect' };
  }
  const expired =
    connection.integrationExpiresAt !== null && context.clock() >= connection.integrationExpiresAt;
  if (!expired) return { ok: true, accessToken: connection.integrationAccessToken };
  const refreshed = await refreshTokens(context, connection);
  return refreshed.ok ? { ok: true, accessToken: refreshed.tokens.accessToken } : refreshed;
}

async function requestTokens(
  context: EmulatorContext,
  integration: Integration,
  kind: 'token' | 'refresh',
  grant: Record<string, string>,
): Promise<TokenResult> {
  const body = new URLSearchParams({
    ...grant,
    client_id: integration.settings.oauth.clientId,
    client_secret: integration.settings.oauth.clientSecret,
  }).toString();
  const answer = await callIntegration(context, {
    kind,
    integration,
    method: 'POST',
    url: integration.settings.oauth.tokenUrl,
    headers: { 'content-type': 'application/x-www-form-urlencoded', accept: 'application/json' },
    body,
  });
  return interpretTokenAnswer(answer, context.clock());
}

/** Reads the Token URL's answer: RFC 6749 §5.1 success, §5.2 error, or something else entirely. */
export function interpretTokenAnswer(answer: IntegrationAnswer, now: number): TokenResult {
  if (answer.kind === 'no-answer') return { ok: false, problem: `the Token URL ${answer.message}` };
  if (answer.status >= 200 && answer.status < 300) {
    const parsed = tokenSuccessSchema.safeParse(answer.json);
    if (parsed.success) {
      const { access_token, refresh_token, expires_in } = parsed.data;
      return {
        ok: true,
        tokens: {
          accessToken: access_token,
          refreshToken: refresh_token ?? null,
          expiresAt: expires_in === undefined ? null : now + expires_in * 1_000,
        },
      };
    }
    if (answer.json === undefined) {
      return {
        ok: false,
        problem: `the Token URL answered ${answer.status} but not with JSON: ${excerpt(answer.text)}`,
      };
    }
    const issues = parsed.error.issues.map(
      (i) => `${formatJsonPath(i.path as (string | number)[])}: ${i.message}`,
    );
    return { ok: false, problem: `the Token URL's answer is not a token response (${issues.join('; ')})` };
  }
  const error = tokenErrorSchema.safeParse(answer.json);
  if (error.success) {
    const description = error.data.error_description ? `: ${error.data.error_description}` : '';
    return {
      ok: false,
      problem: `the Token URL answered ${answer.status} ${error.data.error}${description}`,
    };
  }
  return {
    ok: false,
    problem: `the Token URL answered ${answer.status}: ${excerpt(answer.text) || '(empty body)'}`,
  };
}
