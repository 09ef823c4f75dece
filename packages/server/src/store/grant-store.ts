import type { SealedSecret } from './sealed-secret.js';

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
  /** Set when rotated: presenting it again is reuse, which revokes the grant (after the grace window). */
  usedAt: number | null;
  revokedAt: number | null;
  /**
   * The access and refresh token issued when it was rotated, sealed (`rotatedPairAad`), so the same client
   * retrying within `REFRESH_REUSE_GRACE_SECONDS` gets that pair again; null before rotation and once forgotten.
   */
  successor: SealedSecret | null;
}

/** One rotation of a refresh token (RFC 6749 §6), saved at once by `rotateRefreshToken`. */
export interface RefreshRotation {
  /** The refresh token presented. */
  tokenHash: string;
  now: number;
  /** The pair issued, sealed, kept on the presented token for the grace window. */
  successor: SealedSecret;
  accessToken: AccessTokenRecord;
  refreshToken: RefreshTokenRecord;
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
  /** The refresh token and its grant in one read: what every refresh looks at first. */
  findRefreshTokenGrant(
    tokenHash: string,
  ): Promise<{ token: RefreshTokenRecord; grant: GrantRecord } | undefined>;
  /** Sets `usedAt` if still unused and not revoked; true for the one caller that did. */
  markRefreshTokenUsed(tokenHash: string, now: number): Promise<boolean>;
  /**
   * In one transaction: marks the presented refresh token used (if still unused and not revoked), keeps the
   * sealed successor pair on it, and saves the new access and refresh tokens. True for the one caller that
   * did; false, with nothing saved, for every other.
   */
  rotateRefreshToken(rotation: RefreshRotation): Promise<boolean>;
  /** Erases the sealed successor pairs of refresh tokens used before `usedBefore`; returns how many. */
  forgetRotatedPairs(usedBefore: number): Promise<number>;
}
