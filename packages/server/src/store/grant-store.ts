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
 * Grants and everything issued under them: the authorization code and the access and refresh tokens. One
 * aggregate because a grant's revocation must reach all of them at once.
 */
export interface GrantStore {
  /** Creates a grant and its authorization code in one transaction. */
  createGrantWithCode(grant: GrantRecord, code: AuthorizationCodeRecord): Promise<void>;
  findGrant(id: string): Promise<GrantRecord | undefined>;
  findAuthorizationCode(codeHash: string): Promise<AuthorizationCodeRecord | undefined>;
  /** Sets `usedAt` if still unused; true for the one caller that did. */
  markAuthorizationCodeUsed(codeHash: string, now: number): Promise<boolean>;
  /** Revokes the grant and every access and refresh token issued under it. Idempotent. */
  revokeGrant(grantId: string, now: number): Promise<void>;
  /** Revokes every grant bound to a Notion connection (and their tokens). Returns how many were live. */
  revokeGrantsOfConnection(connectionId: string, now: number): Promise<number>;

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
}
