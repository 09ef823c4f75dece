import { randomUUID } from 'node:crypto';
import type { ServerContext } from '../../context/server-context.js';
import { notionRefreshTokenAad, notionTokenAad } from '../../crypto/notion-token-aad.js';
import { hashSecret, newSecret } from '../../crypto/tokens.js';
import type { NotionTokenAnswer } from '../../notion/exchange-code.js';
import type { AuthorizationRequestRecord } from '../../store/store.js';

/** What connecting the account stored, for the log. */
export interface ConnectedAccount {
  /** Our authorization code, in clear: it goes to Notion in the redirect and is stored only as a hash. */
  code: string;
  grantId: string;
  connectionId: string;
  /** Earlier grants of this connection revoked by this one. */
  superseded: number;
}

/**
 * After Notion's token arrived (SPEC §2 step 5): stores the connection with its Notion token sealed, revokes the
 * connection's earlier grants, and issues our code for a new grant.
 */
export async function connectAccount(
  context: ServerContext,
  pending: AuthorizationRequestRecord,
  token: NotionTokenAnswer,
  now: number,
): Promise<ConnectedAccount> {
  const { store, secretBox, config } = context;
  const connection = await store.connections.upsert(
    {
      accountId: pending.accountId,
      accountName: pending.accountName,
      botId: token.bot_id,
      workspaceId: token.workspace_id,
      workspaceName: token.workspace_name,
      workspaceIcon: token.workspace_icon,
      accessToken: secretBox.seal(token.access_token, notionTokenAad(pending.accountId, token.bot_id)),
      // Notion's token lifecycle: kept sealed, used by the outbox when the access token expires or is refused.
      refreshToken: token.refresh_token
        ? secretBox.seal(token.refresh_token, notionRefreshTokenAad(pending.accountId, token.bot_id))
        : null,
      accessTokenExpiresAt: token.expires_in ? now + token.expires_in * 1000 : null,
    },
    now,
  );
  // A reconnection supersedes the earlier grants of this connection: Notion keeps only the newest tokens, so
  // the old ones (refresh tokens live for months) would only be loose credentials.
  const superseded = await store.grants.revokeGrantsOfConnection(connection.id, now);
  const code = newSecret('code', context.random);
  const grantId = randomUUID();
  await store.grants.createGrantWithCode(
    {
      id: grantId,
      accountId: pending.accountId,
      accountName: pending.accountName,
      clientId: pending.clientId,
      scope: pending.scope,
      connectionId: connection.id,
      createdAt: now,
      revokedAt: null,
    },
    {
      codeHash: hashSecret(code),
      grantId,
      clientId: pending.clientId,
      redirectUri: pending.redirectUri,
      scope: pending.scope,
      accountId: pending.accountId,
      createdAt: now,
      expiresAt: now + config.oauth.codeTtl * 1000,
      usedAt: null,
    },
  );
  return { code, grantId, connectionId: connection.id, superseded };
}
