import type { EmulatorContext } from '../context/emulator-context.js';
import { callbackUrl } from '../runtime/callback-url.js';

/**
 * Starts the connect flow (SPEC §2): a fresh Notion `code` (a UUID, valid 10 minutes, single use) and a
 * random `state`, bound to the person and to the browser session, then the integration's Authorize URL with
 * `code`, `redirect_uri`, `client_id`, `scope`, `response_type=code` and `state`.
 *
 * `integrationId` picks the integration (of several); the first one when omitted.
 *
 * @returns the URL to send the browser to, or undefined when no such integration is configured.
 */
export async function startAuthorization(
  context: EmulatorContext,
  person: string,
  sessionId: string | null,
  integrationId?: string,
): Promise<string | undefined> {
  const integration =
    integrationId === undefined ? context.settings.list()[0] : context.settings.byId(integrationId);
  if (!integration) return undefined;
  const settings = integration.settings;
  const state = context.random.token(24);
  const code = context.random.uuid();
  const redirectUri = callbackUrl(context);
  await context.store.authorizations.create({
    state,
    code,
    person,
    sessionId,
    redirectUri,
    integrationId: integration.id,
    createdAt: context.clock(),
  });
  const url = new URL(settings.oauth.authorizeUrl);
  url.searchParams.set('code', code);
  url.searchParams.set('redirect_uri', redirectUri);
  url.searchParams.set('client_id', settings.oauth.clientId);
  if (settings.oauth.scopes) url.searchParams.set('scope', settings.oauth.scopes);
  url.searchParams.set('response_type', 'code');
  url.searchParams.set('state', state);
  return url.toString();
}
