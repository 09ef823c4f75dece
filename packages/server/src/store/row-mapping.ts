import type {
  AccessTokensTable,
  AuthorizationCodesTable,
  AuthorizationRequestsTable,
  GrantsTable,
  NotionConnectionsTable,
  OutboxTable,
  PreviewsTable,
  RefreshTokensTable,
} from './database.js';
import type {
  AccessTokenRecord,
  AuthorizationCodeRecord,
  AuthorizationRequestRecord,
  ClaimedOutboxRow,
  GrantRecord,
  NotionConnectionRecord,
  OutboxRow,
  PreviewRecord,
  RefreshTokenRecord,
} from './store.js';

/*
 * Records (the interface, camelCase, `SealedSecret` objects) ↔ rows (snake_case, sealed secrets as two columns).
 * Written out field by field rather than by a naming plugin: the compiler then checks every column both ways.
 */

export const toAuthorizationRequestRow = (r: AuthorizationRequestRecord): AuthorizationRequestsTable => ({
  id_hash: r.idHash,
  client_id: r.clientId,
  redirect_uri: r.redirectUri,
  scope: r.scope,
  state: r.state,
  notion_code_key_id: r.notionCode.keyId,
  notion_code_sealed: r.notionCode.sealed,
  account_id: r.accountId,
  account_name: r.accountName,
  csrf_hash: r.csrfHash,
  created_at: r.createdAt,
  expires_at: r.expiresAt,
  used_at: r.usedAt,
});

export const fromAuthorizationRequestRow = (row: AuthorizationRequestsTable): AuthorizationRequestRecord => ({
  idHash: row.id_hash,
  clientId: row.client_id,
  redirectUri: row.redirect_uri,
  scope: row.scope,
  state: row.state,
  notionCode: { keyId: row.notion_code_key_id, sealed: row.notion_code_sealed },
  accountId: row.account_id,
  accountName: row.account_name,
  csrfHash: row.csrf_hash,
  createdAt: row.created_at,
  expiresAt: row.expires_at,
  usedAt: row.used_at,
});

export const fromNotionConnectionRow = (row: NotionConnectionsTable): NotionConnectionRecord => ({
  id: row.id,
  accountId: row.account_id,
  accountName: row.account_name,
  botId: row.bot_id,
  workspaceId: row.workspace_id,
  workspaceName: row.workspace_name,
  workspaceIcon: row.workspace_icon,
  accessToken: { keyId: row.access_token_key_id, sealed: row.access_token_sealed },
  createdAt: row.created_at,
  updatedAt: row.updated_at,
  revokedAt: row.revoked_at,
  refreshToken:
    row.refresh_token_key_id !== null && row.refresh_token_sealed !== null
      ? { keyId: row.refresh_token_key_id, sealed: row.refresh_token_sealed }
      : null,
  accessTokenExpiresAt: row.access_token_expires_at,
});

export const toGrantRow = (r: GrantRecord): GrantsTable => ({
  id: r.id,
  account_id: r.accountId,
  account_name: r.accountName,
  client_id: r.clientId,
  scope: r.scope,
  connection_id: r.connectionId,
  created_at: r.createdAt,
  revoked_at: r.revokedAt,
});

export const fromGrantRow = (row: GrantsTable): GrantRecord => ({
  id: row.id,
  accountId: row.account_id,
  accountName: row.account_name,
  clientId: row.client_id,
  scope: row.scope,
  connectionId: row.connection_id,
  createdAt: row.created_at,
  revokedAt: row.revoked_at,
});

export const toAuthorizationCodeRow = (r: AuthorizationCodeRecord): AuthorizationCodesTable => ({
  code_hash: r.codeHash,
  grant_id: r.grantId,
  client_id: r.clientId,
  redirect_uri: r.redirectUri,
  scope: r.scope,
  account_id: r.accountId,
  created_at: r.createdAt,
  expires_at: r.expiresAt,
  used_at: r.usedAt,
});

export const fromAuthorizationCodeRow = (row: AuthorizationCodesTable): AuthorizationCodeRecord => ({
  codeHash: row.code_hash,
  grantId: row.grant_id,
  clientId: row.client_id,
  redirectUri: row.redirect_uri,
  scope: row.scope,
  accountId: row.account_id,
  createdAt: row.created_at,
  expiresAt: row.expires_at,
  usedAt: row.used_at,
});

export const toAccessTokenRow = (r: AccessTokenRecord): AccessTokensTable => ({
  token_hash: r.tokenHash,
  grant_id: r.grantId,
  created_at: r.createdAt,
  expires_at: r.expiresAt,
  revoked_at: r.revokedAt,
});

export const fromAccessTokenRow = (row: AccessTokensTable): AccessTokenRecord => ({
  tokenHash: row.token_hash,
  grantId: row.grant_id,
  createdAt: row.created_at,
  expiresAt: row.expires_at,
  revokedAt: row.revoked_at,
});

export const toRefreshTokenRow = (r: RefreshTokenRecord): RefreshTokensTable => ({
  token_hash: r.tokenHash,
  grant_id: r.grantId,
  created_at: r.createdAt,
  expires_at: r.expiresAt,
  used_at: r.usedAt,
  revoked_at: r.revokedAt,
  successor_key_id: r.successor?.keyId ?? null,
  successor_sealed: r.successor?.sealed ?? null,
});

export const fromRefreshTokenRow = (row: RefreshTokensTable): RefreshTokenRecord => ({
  tokenHash: row.token_hash,
  grantId: row.grant_id,
  createdAt: row.created_at,
  expiresAt: row.expires_at,
  usedAt: row.used_at,
  revokedAt: row.revoked_at,
  successor:
    row.successor_key_id !== null && row.successor_sealed !== null
      ? { keyId: row.successor_key_id, sealed: row.successor_sealed }
      : null,
});

export const toPreviewRow = (r: PreviewRecord): PreviewsTable => ({
  connection_id: r.connectionId,
  uri: r.uri,
  rule_name: r.ruleName,
  account_id: r.accountId,
  created_at: r.createdAt,
  last_unfurled_at: r.lastUnfurledAt,
});

export const fromPreviewRow = (row: PreviewsTable): PreviewRecord => ({
  connectionId: row.connection_id,
  uri: row.uri,
  ruleName: row.rule_name,
  accountId: row.account_id,
  createdAt: row.created_at,
  lastUnfurledAt: row.last_unfurled_at,
});

export const fromOutboxRow = (row: OutboxTable): OutboxRow => ({
  connectionId: row.connection_id,
  uri: row.uri,
  generation: row.generation,
  state: row.state,
  attempts: row.attempts,
  nextAttemptAt: row.next_attempt_at,
  leaseId: row.lease_id,
  leaseUntil: row.lease_until,
  lastStatus: row.last_status,
  lastError: row.last_error,
  enqueuedAt: row.enqueued_at,
  updatedAt: row.updated_at,
  firstFailedAt: row.first_failed_at,
});

/** A row `outbox.claimDue` just leased; a missing lease would be a bug in the claim, so it throws. */
export const fromClaimedOutboxRow = (row: OutboxTable): ClaimedOutboxRow => {
  const mapped = fromOutboxRow(row);
  const { leaseId, leaseUntil } = mapped;
  if (leaseId === null || leaseUntil === null) {
    throw new Error(`outbox row (${row.connection_id}, ${row.uri}) came back from a claim without a lease`);
  }
  return { ...mapped, leaseId, leaseUntil };
};
