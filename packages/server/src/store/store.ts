/**
 * The integration server's storage, as a small domain interface (DESIGN rule 6). Every backend (SQLite,
 * PostgreSQL) implements it and passes the same contract suite (`store-contract.ts`).
 *
 * Conventions:
 * - Times are epoch milliseconds, always passed in by the caller (the server's injected clock): a store never
 *   reads the wall clock, so expiry is testable without waiting.
 * - Our own secrets (authorization codes, access and refresh tokens, consent ids, CSRF tokens) are stored only as
 *   SHA-256 hex digests (`*Hash`); lookups are by digest.
 * - Notion's secrets (its code, its access tokens) are stored encrypted as `SealedSecret`; the store never sees
 *   a key.
 * - "mark used" operations are atomic compare-and-set: of two concurrent calls, exactly one returns true.
 */

/** AES-256-GCM output, opaque to the store; `keyId` says which key sealed it so keys can rotate. */
export interface SealedSecret {
  keyId: string;
  /** base64url of iv ‖ ciphertext ‖ tag. */
  sealed: string;
}

/** A person in the product, as the product's `authenticate` hook names them. */
export interface Account {
  id: string;
  name: string;
}

/** A consent screen shown and not yet answered (SPEC §2 steps 1–3). Single use, expires after 10 minutes. */
export interface AuthorizationRequestRecord {
  idHash: string;
  clientId: string;
  redirectUri: string;
  scope: string | null;
  state: string | null;
  /** Notion's code from the authorize URL, to exchange on Allow. */
  notionCode: SealedSecret;
  /** The signed-in person the consent was shown to: only they may answer it. */
  accountId: string;
  accountName: string;
  csrfHash: string;
  createdAt: number;
  expiresAt: number;
  usedAt: number | null;
}

/** One person's connection to one Notion workspace: Notion's token for pushing updates (SPEC §2 step 4). */
export interface NotionConnectionRecord {
  id: string;
  accountId: string;
  accountName: string;
  botId: string;
  workspaceId: string;
  workspaceName: string | null;
  workspaceIcon: string | null;
  accessToken: SealedSecret;
  createdAt: number;
  updatedAt: number;
  /** Set when Notion answered 401 to this connection's token: no more updates until the person reconnects. */
  revokedAt: number | null;
}

export type NotionConnectionInput = Omit<
  NotionConnectionRecord,
  'id' | 'createdAt' | 'updatedAt' | 'revokedAt'
>;

/**
 * What one Allow created: our authorization code and every token issued from it. Revoking the grant kills them
 * all (code replay, refresh-token reuse, deletion callback).
 */
export interface GrantRecord {
  id: string;
  accountId: string;
  accountName: string;
  clientId: string;
  scope: string | null;
  connectionId: string;
  createdAt: number;
  revokedAt: number | null;
}

export interface AuthorizationCodeRecord {
  codeHash: string;
  grantId: string;
  clientId: string;
  redirectUri: string;
  scope: string | null;
  accountId: string;
  createdAt: number;
  expiresAt: number;
  usedAt: number | null;
}

export interface AccessTokenRecord {
  tokenHash: string;
  grantId: string;
  createdAt: number;
  /** null: never expires (`ACCESS_TOKEN_TTL=0`). */
  expiresAt: number | null;
  revokedAt: number | null;
}

export interface RefreshTokenRecord {
  tokenHash: string;
  grantId: string;
  createdAt: number;
  expiresAt: number | null;
  /** Set when rotated: presenting it again is reuse, which revokes the grant. */
  usedAt: number | null;
  revokedAt: number | null;
}

/**
 * One pending update of one preview: "re-resolve `uri` for the person of `connectionId` and PATCH Notion".
 * At most one row per (connection, uri): repeated changes coalesce into it, bumping `generation`, so the worker
 * always sends the latest state and a burst of edits costs one PATCH, not one per edit.
 */
export interface OutboxRow {
  connectionId: string;
  uri: string;
  /** Bumped by every change; a delivery completes the row only if no change arrived while it was in flight. */
  generation: number;
  /** `failed`: retries exhausted or refused for good; kept for a person to see and retry. */
  state: 'pending' | 'failed';
  /** Failed attempts of the current episode (reset by a new change). */
  attempts: number;
  /** Not before this time (backoff, Retry-After). */
  nextAttemptAt: number;
  /** Set while a worker holds the row; another worker may take it once this passes (a crashed worker). */
  leaseId: string | null;
  leaseUntil: number | null;
  lastStatus: number | null;
  lastError: string | null;
  /** When the oldest undelivered change of this row was enqueued (delivery latency). */
  enqueuedAt: number;
  updatedAt: number;
}

/** A row a worker has claimed: the lease it must present to complete or reschedule it. */
export type ClaimedOutboxRow = OutboxRow & { leaseId: string; leaseUntil: number };

/** A (uri, connection) pair Notion is showing: the preview registry that pushed updates fan out from. */
export interface PreviewRecord {
  connectionId: string;
  uri: string;
  ruleName: string;
  accountId: string;
  createdAt: number;
  lastUnfurledAt: number;
}

export interface IntegrationStore {
  // Consent requests
  createAuthorizationRequest(record: AuthorizationRequestRecord): Promise<void>;
  findAuthorizationRequest(idHash: string): Promise<AuthorizationRequestRecord | undefined>;
  /** Sets `usedAt` if still unused; true for the one caller that did. */
  markAuthorizationRequestUsed(idHash: string, now: number): Promise<boolean>;

  // Notion connections
  /** Inserts, or updates the one row of the same (accountId, botId): reconnecting replaces the token and clears `revokedAt`. */
  upsertNotionConnection(input: NotionConnectionInput, now: number): Promise<NotionConnectionRecord>;
  findNotionConnection(id: string): Promise<NotionConnectionRecord | undefined>;
  /** Deletes the connection, its previews and its outbox rows. Idempotent. Its grants stay, as records: revoke them first. */
  deleteNotionConnection(id: string): Promise<void>;

  // Grants and codes
  /** Creates a grant and its authorization code in one transaction. */
  createGrantWithCode(grant: GrantRecord, code: AuthorizationCodeRecord): Promise<void>;
  findGrant(id: string): Promise<GrantRecord | undefined>;
  findAuthorizationCode(codeHash: string): Promise<AuthorizationCodeRecord | undefined>;
  markAuthorizationCodeUsed(codeHash: string, now: number): Promise<boolean>;
  /** Revokes the grant and every access and refresh token issued under it. Idempotent. */
  revokeGrant(grantId: string, now: number): Promise<void>;
  /** Revokes every grant bound to a Notion connection (and their tokens). Returns how many were live. */
  revokeGrantsOfConnection(connectionId: string, now: number): Promise<number>;

  // Tokens
  saveAccessToken(record: AccessTokenRecord): Promise<void>;
  saveRefreshToken(record: RefreshTokenRecord): Promise<void>;
  findAccessToken(tokenHash: string): Promise<AccessTokenRecord | undefined>;
  /**
   * The bearer check's one query: the access token, its grant, and whether the grant's Notion connection still
   * exists (a grant can outlive its connection when a disconnect races a reconnect).
   */
  findAccessTokenGrant(
    tokenHash: string,
  ): Promise<{ token: AccessTokenRecord; grant: GrantRecord; connectionExists: boolean } | undefined>;
  findRefreshToken(tokenHash: string): Promise<RefreshTokenRecord | undefined>;
  /** Sets `usedAt` if still unused and not revoked; true for the one caller that did. */
  markRefreshTokenUsed(tokenHash: string, now: number): Promise<boolean>;

  // Preview registry
  /** Inserts the pair, or refreshes `lastUnfurledAt` (and rule/account) when it exists. */
  recordPreview(record: PreviewRecord): Promise<void>;
  /** Removes the pair, and its outbox row; true when the pair existed. */
  deletePreview(connectionId: string, uri: string): Promise<boolean>;
  listPreviewsOfUri(uri: string): Promise<PreviewRecord[]>;
  listPreviewsOfConnection(connectionId: string): Promise<PreviewRecord[]>;

  /** Marks a connection's Notion token dead (Notion answered 401); its outbox rows are deleted. */
  markNotionConnectionRevoked(id: string, now: number): Promise<void>;
  listPreviewsOfRule(ruleName: string): Promise<PreviewRecord[]>;

  // Outbox (pushed updates, SPEC §4)
  /**
   * Records a change for each pair: inserts a pending row (generation 1, due `dueAt`, default `now`), or bumps the generation of
   * the existing one: a `failed` row becomes pending again with attempts 0 and due `now`; a pending row keeps
   * its `nextAttemptAt` (a Retry-After in force is respected) and its `enqueuedAt`. Pairs whose connection is
   * unknown or revoked are skipped. Returns how many pairs were recorded.
   */
  enqueueChanges(
    pairs: ReadonlyArray<{ connectionId: string; uri: string }>,
    now: number,
    options?: { dueAt?: number },
  ): Promise<number>;
  /**
   * Atomically leases up to `limit` pending rows that are due (`nextAttemptAt <= now`) and not leased (or whose
   * lease passed), oldest `nextAttemptAt` first, setting `leaseId`/`leaseUntil`. Safe with several workers in
   * several processes (PostgreSQL: `FOR UPDATE SKIP LOCKED`).
   */
  claimDueOutbox(
    now: number,
    limit: number,
    lease: { id: string; until: number },
  ): Promise<ClaimedOutboxRow[]>;
  /**
   * After a 2xx: deletes the row if it still holds `leaseId` and `generation` (nothing changed meanwhile) and
   * returns true. If a newer change arrived, releases the lease, leaving the row pending and due at `dueAt`
   * (default `now`), and returns false. With a stale lease (another worker took the row over): no-op, false.
   */
  completeOutbox(
    row: { connectionId: string; uri: string; leaseId: string; generation: number },
    now: number,
    options?: { dueAt?: number },
  ): Promise<boolean>;
  /** Releases the lease with a new due time and the attempt's outcome (only if `leaseId` still holds). */
  rescheduleOutbox(
    row: { connectionId: string; uri: string; leaseId: string },
    outcome: { nextAttemptAt: number; attempts: number; lastStatus: number | null; lastError: string | null },
    now: number,
  ): Promise<void>;
  /** Parks the row as `failed` and releases the lease (only if `leaseId` still holds). */
  failOutbox(
    row: { connectionId: string; uri: string; leaseId: string },
    outcome: { attempts: number; lastStatus: number | null; lastError: string | null },
    now: number,
  ): Promise<void>;
  /** Drops the pair's row (the preview was deleted); true when there was one. */
  deleteOutbox(connectionId: string, uri: string): Promise<boolean>;
  /** A failed row becomes pending and due `now`, attempts 0; true when there was a failed row. */
  retryOutbox(connectionId: string, uri: string, now: number): Promise<boolean>;
  listOutbox(filter: { state?: OutboxRow['state']; limit: number }): Promise<OutboxRow[]>;
  countOutbox(): Promise<{ pending: number; failed: number }>;

  /** Drops records whose expiry passed before `now` (requests, codes, tokens); returns how many. */
  purgeExpired(now: number): Promise<number>;
  close(): Promise<void>;
}
