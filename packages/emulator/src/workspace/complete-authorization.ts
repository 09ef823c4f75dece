import { AUTHORIZE_ERROR_CODES, AUTHORIZE_ERROR_TEXT, type AuthorizeErrorCode } from '@unfurlkit/core';
import type { EmulatorContext } from '../context/emulator-context.js';
import { STATE_LIFETIME_MS } from '../runtime/lifetimes.js';
import type { Connection } from '../store/connection-store.js';
import { exchangeCode } from './integration-tokens.js';
import { discardHalfConnection, settleConnection } from './settle-connection.js';

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

/**
 * Notion's text for an OAuth error: the integration's `error_description` when it sent one (instead of the
 * standard text), else the standard text of a known code, else "unknown error".
 *
 * @example
 * authorizeErrorText('access_denied', 'You said no.'); // 'You said no.'
 */
export function authorizeErrorText(error: string, description: string | undefined): string {
  if (description !== undefined && description.trim() !== '') return description;
  if ((AUTHORIZE_ERROR_CODES as readonly string[]).includes(error)) {
    return AUTHORIZE_ERROR_TEXT[error as AuthorizeErrorCode];
  }
  return 'unknown error';
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
    await discardHalfConnection(context, authorization.state);
    return { ok: false, person, message: authorizeErrorText(query.error, query.error_description) };
  }
  if (!query.code) {
    await discardHalfConnection(context, authorization.state);
    return {
      ok: false,
      person,
      message: 'unknown error',
      detail: 'The integration came back without a code or an error.',
    };
  }
  const integration = context.settings.byId(authorization.integrationId);
  if (!integration) {
    await discardHalfConnection(context, authorization.state);
    return { ok: false, person, message: 'The integration of this connection is no longer configured.' };
  }

  const tokens = await exchangeCode(context, integration, query.code);
  if (!tokens.ok) {
    await discardHalfConnection(context, authorization.state);
    return {
      ok: false,
      person,
      message: 'The integration did not complete the connection.',
      detail: tokens.problem,
    };
  }
  const settled = await settleConnection(context, authorization.state, integration, now);
  if (!settled.ok) {
    return {
      ok: false,
      person,
      message: 'The integration did not complete the connection.',
      detail: settled.detail,
    };
  }
  const connection = settled.connection;
  await context.store.connections.setIntegrationTokens(connection.id, tokens.tokens, now);
  await context.store.previews.attach(person, integration.id, connection.id);
  context.events.emit({ person, reason: 'connected' });
  return { ok: true, person, connection: (await context.store.connections.get(connection.id)) ?? connection };
}
