import type { EmulatorContext } from '../context/emulator-context.js';
import type { Integration } from '../settings/settings-service.js';
import type { Connection } from '../store/connection-store.js';
import { checkAuthorizationCode } from './check-authorization-code.js';
import { issueNotionTokens } from './issue-notion-tokens.js';
import type { CodeExchange } from './read-token-request.js';

export type CodeExchangeResult =
  | { ok: true; connection: Connection; tokens: ReturnType<typeof issueNotionTokens> }
  | { ok: false; message: string };

/**
 * The code exchange of `POST /v1/oauth/token`: the code is known, at most 10 minutes old, for the same
 * `redirect_uri` and unused (atomically); then the connection of (person, `external_account.key`) gets new
 * Notion tokens, or a new connection is made: pending until its connect flow comes back to the callback.
 * `warnings` are what Notion tolerated in the request; they are shown on the connection.
 */
export async function exchangeNotionCode(
  context: EmulatorContext,
  exchange: CodeExchange,
  warnings: string[],
  integration: Integration,
): Promise<CodeExchangeResult> {
  const now = context.clock();
  const check = checkAuthorizationCode(
    await context.store.authorizations.findByCode(exchange.code),
    exchange.redirectUri,
    now,
  );
  if (!check.ok) return check;
  if (check.authorization.integrationId !== integration.id) {
    return {
      ok: false,
      message: `Invalid code: it was issued for another integration than ${integration.settings.name} (check the Notion client id).`,
    };
  }
  if (!(await context.store.authorizations.useCode(exchange.code, now))) {
    return { ok: false, message: 'Invalid code: this code has already been used.' };
  }
  const tokens = issueNotionTokens(context);
  // Without external_account nothing tells a reconnection from a new account: each exchange is its own.
  const account = exchange.account ?? {
    key: `no-external-account:${context.random.uuid()}`,
    name: integration.settings.name,
  };
  const connection = await context.store.connections.upsertExchanged({
    newId: context.random.uuid(),
    newBotId: context.random.uuid(),
    integrationId: integration.id,
    person: check.authorization.person,
    externalKey: account.key,
    externalName: account.name,
    tokens,
    warnings,
    now,
  });
  await context.store.authorizations.setConnection(exchange.code, connection.id);
  context.rateLimiter.forget(connection.id);
  context.events.emit({ person: connection.person, reason: 'connected' });
  return { ok: true, connection, tokens };
}
