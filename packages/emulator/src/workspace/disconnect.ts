import type { EmulatorContext } from '../context/emulator-context.js';
import { findPerson } from '../runtime/people.js';
import { callIntegration } from './integration-client.js';

export interface DisconnectResult {
  disconnected: boolean;
  /** Whether the Deleted Token Callback was called. */
  notified: boolean;
  problem?: string;
}

/**
 * A person disconnects an account in "My connections": Notion sends `DELETE` to the Deleted Token Callback
 * with the connection's bearer token and `{user_id, workspace_id, bot_id}` (SPEC §7.3 choice), then forgets
 * the connection: its Notion token stops working, and its previews fall back to placeholders.
 */
export async function disconnect(
  context: EmulatorContext,
  person: string,
  connectionId: string,
): Promise<DisconnectResult> {
  const connection = await context.store.connections.get(connectionId);
  if (!connection || connection.person !== person) return { disconnected: false, notified: false };
  await context.store.connections.remove(connection.id);
  await context.store.objects.removeAll(connection.id);
  await context.store.previews.detach(connection.id);
  context.rateLimiter.forget(connection.id);
  context.events.emit({ person, reason: 'disconnected' });

  const integration = context.settings.byId(connection.integrationId);
  const url = integration?.settings.oauth.deletedTokenCallbackUrl;
  if (!integration || !url || !connection.integrationAccessToken)
    return { disconnected: true, notified: false };
  const answer = await callIntegration(context, {
    kind: 'deleted-token',
    integration,
    method: 'DELETE',
    url,
    headers: {
      authorization: `Bearer ${connection.integrationAccessToken}`,
      'content-type': 'application/json',
    },
    body: JSON.stringify({
      user_id: findPerson(person)?.userId ?? person,
      workspace_id: context.workspaceId,
      bot_id: connection.botId,
    }),
  });
  if (answer.kind === 'no-answer') return { disconnected: true, notified: false, problem: answer.message };
  if (answer.status >= 300) {
    return {
      disconnected: true,
      notified: true,
      problem: `the Deleted Token Callback answered HTTP ${answer.status}`,
    };
  }
  return { disconnected: true, notified: true };
}
