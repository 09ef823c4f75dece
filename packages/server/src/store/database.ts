/**
 * The tables as Kysely sees them, shared by both dialects. Columns are snake_case; times are epoch milliseconds in
 * `bigint` columns (read back as JS numbers on both drivers); a `SealedSecret` is two columns, `*_key_id` and
 * `*_sealed`. Must match what `migrations/` creates.
 */

export interface AuthorizationRequestsTable {
  id_hash: string;
  client_id: string;
  redirect_uri: string;
  scope: string | null;
  state: string | null;
  notion_code_key_id: string;
  notion_code_sealed: string;
  account_id: string;
  account_name: string;
  csrf_hash: string;
  created_at: number;
  expires_at: number;
  used_at: number | null;
}

export interface NotionConnectionsTable {
  id: string;
  account_id: string;
  account_name: string;
  bot_id: string;
  workspace_id: string;
  workspace_name: string | null;
  workspace_icon: string | null;
  access_token_key_id: string;
  access_token_sealed: string;
  created_at: number;
  updated_at: number;
  /** Since `0002-outbox`. */
  revoked_at: number | null;
  /** Since `0006-notion-token-lifecycle`. */
  refresh_token_key_id: string | null;
  refresh_token_sealed: string | null;
  access_token_expires_at: number | null;
  refresh_lease_until: number | null;
}

export interface GrantsTable {
  id: string;
  account_id: string;
  account_name: string;
  client_id: string;
  scope: string | null;
  connection_id: string;
  created_at: number;
  revoked_at: number | null;
}

export interface AuthorizationCodesTable {
  code_hash: string;
  grant_id: string;
  client_id: string;
  redirect_uri: string;
  scope: string | null;
  account_id: string;
  created_at: number;
  expires_at: number;
  used_at: number | null;
}

export interface AccessTokensTable {
  token_hash: string;
  grant_id: string;
  created_at: number;
  expires_at: number | null;
  revoked_at: number | null;
}

export interface RefreshTokensTable {
  token_hash: string;
  grant_id: string;
  created_at: number;
  expires_at: number | null;
  used_at: number | null;
  revoked_at: number | null;
  successor_key_id: string | null;
  successor_sealed: string | null;
}

export interface PreviewsTable {
  connection_id: string;
  uri: string;
  rule_name: string;
  account_id: string;
  created_at: number;
  last_unfurled_at: number;
}

/** Since `0002-outbox`: one row per (connection, uri) with an undelivered change (`OutboxRow`). */
export interface OutboxTable {
  connection_id: string;
  uri: string;
  generation: number;
  state: 'pending' | 'failed';
  attempts: number;
  next_attempt_at: number;
  lease_id: string | null;
  lease_until: number | null;
  last_status: number | null;
  last_error: string | null;
  enqueued_at: number;
  updated_at: number;
  /** Since `0005-outbox-failing-since`. */
  first_failed_at: number | null;
}

/** Since `0007-shared-limits`: a token bucket shared by the instances (core's `BucketState`). */
export interface RateBucketsTable {
  scope: string;
  key: string;
  units: number;
  updated_at: number;
  last_slot: number;
  paused_until: number | null;
  reduced_per_minute: number;
}

/** Since `0007-shared-limits`: failed token requests of one key in the window ending at `expires_at`. */
export interface FailureWindowsTable {
  key: string;
  failures: number;
  expires_at: number;
}

/** One remembered ReDoS verdict (`0008-redos-verdicts`): `verdict` is core's `RedosVerdict` as JSON. */
export interface RedosVerdictsTable {
  key: string;
  verdict: string;
  created_at: number;
}

export interface Database {
  authorization_requests: AuthorizationRequestsTable;
  notion_connections: NotionConnectionsTable;
  grants: GrantsTable;
  authorization_codes: AuthorizationCodesTable;
  access_tokens: AccessTokensTable;
  refresh_tokens: RefreshTokensTable;
  previews: PreviewsTable;
  outbox: OutboxTable;
  rate_buckets: RateBucketsTable;
  failure_windows: FailureWindowsTable;
  redos_verdicts: RedosVerdictsTable;
}
