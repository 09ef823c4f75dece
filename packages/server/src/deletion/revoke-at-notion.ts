import type { FastifyBaseLogger } from 'fastify';
import type { ServerContext } from '../context/server-context.js';
import { notionTokenAad } from '../crypto/notion-token-aad.js';
import type { NotionConnectionRecord } from '../store/store.js';

/**
 * Tells Notion a disconnected connection's token is no longer wanted (`POST /v1/oauth/revoke`; Notion ends the
 * token's refresh token with it). Best effort: never throws, takes at most one `NOTION_TIMEOUT_MS` (no retries),
 * and only logs what happened: the person already disconnected, and our copy of the token is deleted either way.
 *
 * @example
 * const connection = await context.store.connections.find(connectionId);
 * await context.store.connections.delete(connectionId);
 * if (connection) await revokeAtNotion(connection, context, request.log);
 */
export async function revokeAtNotion(
  connection: NotionConnectionRecord,
  context: ServerContext,
  log: FastifyBaseLogger,
): Promise<void> {
  let token: string;
  try {
    token = context.secretBox.open(
      connection.accessToken,
      notionTokenAad(connection.accountId, connection.botId),
    );
  } catch {
    log.warn(
      { connectionId: connection.id },
      "cannot decrypt the connection's Notion token: not revoked at Notion",
    );
    return;
  }
  const outcome = await context.notion.revokeToken(token);
  if (outcome.ok) log.info({ connectionId: connection.id }, 'Notion token revoked at Notion');
  else
    log.warn(
      { connectionId: connection.id, reason: outcome.reason },
      'could not revoke the Notion token at Notion (best effort; the connection is deleted here)',
    );
}
