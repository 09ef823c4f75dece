import type { SealedSecret } from './sealed-secret.js';

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
  /**
   * Set when Notion refused this connection's token and it could not be refreshed (no refresh token, or Notion
   * refused the refresh): no more updates until the person reconnects.
   */
  revokedAt: number | null;
  /** Notion's refresh token, sealed like the access token; null when Notion gave none (tokens never expire). */
  refreshToken: SealedSecret | null;
  /** When Notion's access token expires (epoch ms, from `expires_in`); null: never. */
  accessTokenExpiresAt: number | null;
}

export type NotionConnectionInput = Omit<
  NotionConnectionRecord,
  'id' | 'createdAt' | 'updatedAt' | 'revokedAt' | 'refreshToken' | 'accessTokenExpiresAt'
> &
  Partial<Pick<NotionConnectionRecord, 'refreshToken' | 'accessTokenExpiresAt'>>;

/** Notion's answer to a refresh, sealed: the new pair replaces the old one (Notion rotates refresh tokens). */
export interface RefreshedNotionToken {
  accessToken: SealedSecret;
  refreshToken: SealedSecret | null;
  accessTokenExpiresAt: number | null;
}

/** A revoked connection, as `unfurlkit updates list` and the metrics show it. */
export interface RevokedConnection {
  id: string;
  accountId: string;
  accountName: string;
  workspaceName: string | null;
  revokedAt: number;
}

/**
 * Notion connections. Taking one out of service (`delete`, `markRevoked`) also drops what would push to it:
 * its outbox rows, and on `delete` its previews.
 */
export interface ConnectionStore {
  /** Inserts, or updates the one row of the same (accountId, botId): reconnecting replaces the token and clears `revokedAt`. */
  upsert(input: NotionConnectionInput, now: number): Promise<NotionConnectionRecord>;
  find(id: string): Promise<NotionConnectionRecord | undefined>;
  /** `find` for several ids in one read: the connections that exist, in no particular order. */
  findMany(ids: ReadonlyArray<string>): Promise<NotionConnectionRecord[]>;
  /** Deletes the connection, its previews and its outbox rows. Idempotent. Its grants stay, as records: revoke them first. */
  delete(id: string): Promise<void>;
  /** Marks a connection's Notion token dead (Notion answered 401); its outbox rows are deleted. */
  markRevoked(id: string, now: number): Promise<void>;
  /**
   * Takes the connection's refresh lease until `leaseUntil`, if its access token is still `expected` (the sealed
   * text read before: a refresh by anyone else changes it), it is not revoked, and no other lease is running.
   * True for exactly one of several concurrent callers, across processes: that one refreshes, the others re-read.
   */
  claimRefresh(id: string, expected: SealedSecret, now: number, leaseUntil: number): Promise<boolean>;
  /** Stores a refreshed pair and ends the lease, if the access token is still `expected`; false otherwise. */
  saveRefreshed(
    id: string,
    expected: SealedSecret,
    token: RefreshedNotionToken,
    now: number,
  ): Promise<boolean>;
  /** Ends a lease without a new token (the refresh failed transiently), if the token is still `expected`. */
  releaseRefresh(id: string, expected: SealedSecret): Promise<void>;
  /** Revoked connections, most recent first, up to `limit`. */
  listRevoked(limit: number): Promise<RevokedConnection[]>;
  /** How many connections are live and how many revoked (the `unfurlkit_notion_connections` gauge). */
  countByState(): Promise<{ active: number; revoked: number }>;
}
