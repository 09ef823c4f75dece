import type { EmulatorContext } from '../context/emulator-context.js';
import type { Integration } from '../settings/settings-service.js';
import type { Connection } from '../store/connection-store.js';
import { callIntegration } from './integration-client.js';
import { freshAccessToken, refreshTokens } from './integration-tokens.js';
import { interpretUnfurlAnswer, type UnfurlOutcome } from './interpret-unfurl-answer.js';

/**
 * Asks the integration about one uri for one connection (`POST` on the Unfurl Callback, SPEC §3) and stores
 * what to draw. Used for a new paste and for every revisit (refresh). The token is refreshed first when it
 * has expired, and once more if the integration answers 401 (it may have revoked it early).
 */
export async function unfurl(context: EmulatorContext, connection: Connection, uri: string): Promise<void> {
  const integration = context.settings.byId(connection.integrationId);
  if (!integration) return;
  await context.store.objects.markAsked(connection.id, uri, context.clock());

  let outcome = await postUnfurl(context, connection, uri, integration, false);
  if ('kind' in outcome && connection.integrationRefreshToken) {
    const refreshed = await refreshTokens(context, connection);
    if (refreshed.ok) {
      const renewed = (await context.store.connections.get(connection.id)) ?? connection;
      outcome = await postUnfurl(context, renewed, uri, integration, true);
    }
  }
  const state =
    'kind' in outcome
      ? {
          status: 'failed' as const,
          attributes: null,
          error: null,
          warnings: [],
          failure: {
            title: 'The integration refused this connection (HTTP 401)',
            detail: 'Its access token is unknown, expired or revoked. Reconnect in "My connections".',
            httpStatus: 401,
          },
        }
      : outcome;
  // The connection may have been removed while the integration was answering.
  if (!(await context.store.connections.get(connection.id))) return;
  await context.store.objects.save({
    connectionId: connection.id,
    uri,
    ...state,
    updatedAt: context.clock(),
  });
  context.events.emit({ person: connection.person, reason: 'unfurled' });
}

async function postUnfurl(
  context: EmulatorContext,
  connection: Connection,
  uri: string,
  integration: Integration,
  afterRefresh: boolean,
): Promise<UnfurlOutcome> {
  const callbackUrl = integration.settings.unfurl.callbackUrl;
  const token = afterRefresh
    ? { ok: true as const, accessToken: connection.integrationAccessToken ?? '' }
    : await freshAccessToken(context, (await context.store.connections.get(connection.id)) ?? connection);
  if (!token.ok) {
    return {
      status: 'failed',
      attributes: null,
      error: null,
      warnings: [],
      failure: { title: 'Notion could not get a token for this connection', detail: token.problem },
    };
  }
  const answer = await callIntegration(context, {
    kind: 'unfurl',
    integration,
    method: 'POST',
    url: callbackUrl,
    headers: {
      authorization: `Bearer ${token.accessToken}`,
      'content-type': 'application/json',
      accept: 'application/json',
    },
    body: JSON.stringify({ uri }),
  });
  return interpretUnfurlAnswer(uri, answer, { callbackUrl, strict: context.strict });
}

/**
 * Re-asks the integration about every preview of `person` that has a connection, as Notion does when a page
 * is revisited. Runs in the background; one request per (connection, uri) at a time.
 */
export async function refreshPreviews(context: EmulatorContext, person: string): Promise<void> {
  const blocks = await context.store.previews.list(person);
  const seen = new Set<string>();
  const runs: Array<Promise<unknown>> = [];
  for (const block of blocks) {
    if (block.connectionId === null) continue;
    const key = `unfurl ${block.connectionId} ${block.uri}`;
    if (seen.has(key)) continue;
    seen.add(key);
    const connectionId = block.connectionId;
    runs.push(
      context.tasks.run(key, async () => {
        const connection = await context.store.connections.get(connectionId);
        if (connection) await unfurl(context, connection, block.uri);
      }),
    );
  }
  await Promise.all(runs);
}
