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
  /** Set when Notion answered 401 to this connection's token: no more updates until the person reconnects. */
  revokedAt: number | null;
}

export type NotionConnectionInput = Omit<
  NotionConnectionRecord,
  'id' | 'createdAt' | 'updatedAt' | 'revokedAt'
>;

/**
 * Notion connections. Taking one out of service (`delete`, `markRevoked`) also drops what would push to it:
 * its outbox rows, and on `delete` its previews.
 */
export interface ConnectionStore {
  /** Inserts, or updates the one row of the same (accountId, botId): reconnecting replaces the token and clears `revokedAt`. */
  upsert(input: NotionConnectionInput, now: number): Promise<NotionConnectionRecord>;
  find(id: string): Promise<NotionConnectionRecord | undefined>;
  /** Deletes the connection, its previews and its outbox rows. Idempotent. Its grants stay, as records: revoke them first. */
  delete(id: string): Promise<void>;
  /** Marks a connection's Notion token dead (Notion answered 401); its outbox rows are deleted. */
  markRevoked(id: string, now: number): Promise<void>;
}
