import { AUTHORIZE_ERROR_CODES, AUTHORIZE_ERROR_TEXT, type AuthorizeErrorCode } from '@unfurlkit/core';
import type { EmulatorContext } from '../context/emulator-context.js';
import { STATE_LIFETIME_MS } from '../runtime/lifetimes.js';
import type { Connection } from '../store/connection-store.js';
import { exchangeCode } from './integration-tokens.js';

/** The query `/externalIntegrationAuthCallback` receives. */
export interface CallbackQuery {
  code?: string | undefined;
  state?: string | undefined;
  error?: string | undefined;
  error_description?: string | undefined;
}

export type CallbackResult =
  | { ok: true; person: string; connection: Connection }
  | { ok: false; person?: string; message: string; detail?: string };

/** Notion's text for an OAuth error: the standard one for a known code, the description, or "unknown error". */
export function authorizeErrorText(error: string, description: string | undefined): string {
  if ((AUTHORIZE_ERROR_CODES as readonly string[]).includes(error)) {
    return AUTHORIZE_ERROR_TEXT[error as AuthorizeErrorCode];
  }
  return description !== undefined && description.trim() !== '' ? description : 'unknown error';
}

/**
 * The end of the connect flow (SPEC §2 steps 3, 5, 6; §6): checks `state` (known, unused, recent, and from
 * the same browser session), shows OAuth errors as Notion does, exchanges the integration's code at its
 * Token URL and stores the tokens on the connection the integration created at `/v1/oauth/token`.
 */
export async function completeAuthorization(
  context: EmulatorContext,
  query: CallbackQuery,
  sessionId: string | null,
): Promise<CallbackResult> {
  const now = context.clock();
  const authorization = query.state ? await context.store.authorizations.findByState(query.state) : undefined;
  if (!authorization || (authorization.sessionId !== null && authorization.sessionId !== sessionId)) {
    return {
      ok: false,
      message: 'The connection could not be completed: the state does not match a connection started here.',
      detail: 'Start again from the workspace page.',
    };
  }
  const person = authorization.person;
  if (
    now - authorization.createdAt > STATE_LIFETIME_MS ||
    !(await context.store.authorizations.useState(authorization.state, now))
  ) {
    return {
      ok: false,
      person,
      message: 'The connection could not be completed: this attempt expired or was already used.',
    };
  }
  if (query.error !== undefined) {
    const standard = (AUTHORIZE_ERROR_CODES as readonly string[]).includes(query.error);
    const text = authorizeErrorText(query.error, query.error_description);
    const result: CallbackResult = { ok: false, person, message: text };
    if (standard && query.error_description) result.detail = query.error_description;
    return result;
  }
  if (!query.code) {
    return {
      ok: false,
      person,
      message: 'unknown error',
      detail: 'The integration came back without a code or an error.',
    };
  }
  const settings = context.settings.get();
  if (!settings) return { ok: false, person, message: 'No integration is configured.' };

  const tokens = await exchangeCode(context, settings, query.code);
  if (!tokens.ok) {
    return {
      ok: false,
      person,
      message: 'The integration did not complete the connection.',
      detail: tokens.problem,
    };
  }

  const fresh = await context.store.authorizations.findByState(authorization.state);
  let connection = fresh?.connectionId ? await context.store.connections.get(fresh.connectionId) : undefined;
  if (!connection) {
    // Tolerated: the integration never traded Notion's code, so it holds no Notion token and cannot PATCH.
    connection = await context.store.connections.createUnexchanged({
      id: context.random.uuid(),
      botId: context.random.uuid(),
      person,
      externalKey: `unexchanged:${authorization.code}`,
      externalName: settings.name,
      warning:
        "The integration never called POST /v1/oauth/token with Notion's code, so it has no Notion token and cannot push updates.",
      now,
    });
  }
  await context.store.connections.setIntegrationTokens(connection.id, tokens.tokens, now);
  await context.store.previews.attach(person, connection.id);
  context.events.emit({ person, reason: 'connected' });
  return { ok: true, person, connection: (await context.store.connections.get(connection.id)) ?? connection };
}
