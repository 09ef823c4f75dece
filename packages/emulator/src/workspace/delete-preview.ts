import type { EmulatorContext } from '../context/emulator-context.js';
import { callIntegration } from './integration-client.js';
import { freshAccessToken } from './integration-tokens.js';

export interface DeleteResult {
  deleted: boolean;
  /** Whether the integration was told (the last preview of the uri for that connection went away). */
  notified: boolean;
  /** What went wrong telling it, if anything; the preview is deleted anyway. */
  problem?: string;
}

/**
 * A person removes a preview block. When it was the last one of its uri for that connection, Notion sends
 * `DELETE` with `{"uri"}` to the Unfurl Callback (SPEC §3) and forgets the object, so later PATCHes of it get
 * 404. The integration's answer only matters for the log: the block is gone whatever it says.
 */
export async function deletePreview(
  context: EmulatorContext,
  person: string,
  blockId: string,
): Promise<DeleteResult> {
  const block = await context.store.previews.get(blockId);
  if (!block || block.person !== person) return { deleted: false, notified: false };
  await context.store.previews.remove(block.id);
  context.events.emit({ person, reason: 'deleted' });
  if (block.connectionId === null) return { deleted: true, notified: false };
  if ((await context.store.previews.countShowing(block.connectionId, block.uri)) > 0) {
    return { deleted: true, notified: false };
  }
  await context.store.objects.remove(block.connectionId, block.uri);
  const connection = await context.store.connections.get(block.connectionId);
  const integration = connection ? context.settings.byId(connection.integrationId) : undefined;
  if (!connection || !integration) return { deleted: true, notified: false };
  const token = await freshAccessToken(context, connection);
  if (!token.ok) return { deleted: true, notified: false, problem: token.problem };
  const answer = await callIntegration(context, {
    kind: 'unfurl-delete',
    integration,
    method: 'DELETE',
    url: integration.settings.unfurl.callbackUrl,
    headers: { authorization: `Bearer ${token.accessToken}`, 'content-type': 'application/json' },
    body: JSON.stringify({ uri: block.uri }),
  });
  if (answer.kind === 'no-answer')
    return { deleted: true, notified: false, problem: `DELETE ${answer.message}` };
  if (answer.status >= 300) {
    return {
      deleted: true,
      notified: true,
      problem: `the integration answered DELETE with HTTP ${answer.status}`,
    };
  }
  return { deleted: true, notified: true };
}
