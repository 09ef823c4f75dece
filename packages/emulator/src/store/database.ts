import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import { withStatementCache } from '@unfurlkit/core/sqlite';
import Database from 'better-sqlite3';
import { type Generated, Kysely, SqliteDialect } from 'kysely';

/**
 * The emulator's tables, as Kysely sees them. Times are milliseconds from the injected clock; JSON columns
 * hold text. Integration tokens are kept in clear because the emulator must send them back (a development
 * tool; the file is in `.gitignore`); Notion tokens the emulator issues are kept only as SHA-256 hashes.
 */
export interface MetaTable {
  key: string;
  value: string;
}

/** One person's connection to the integration (one per `external_account.key`). */
export interface ConnectionTable {
  id: string;
  /** The integration (of the emulator's list) this connection is to; `default` for the first one ever. */
  integration_id: Generated<string>;
  person: string;
  external_key: string;
  external_name: string;
  bot_id: string;
  /** SHA-256 of the Notion access token issued at `/v1/oauth/token`; null when the integration never exchanged. */
  notion_token_hash: string | null;
  integration_access_token: string | null;
  integration_refresh_token: string | null;
  /** When the integration's access token expires (from `expires_in`), null when it did not say. */
  integration_expires_at: number | null;
  /** JSON array of strings: what the integration did that Notion would frown upon. */
  warnings: string;
  created_at: number;
  updated_at: number;
  /** When the Notion access token stops working; null: never (`--notion-token-ttl 0`). */
  notion_token_expires_at: number | null;
  /** When the Notion access token was issued (introspection's `iat`). */
  notion_token_issued_at: number | null;
  /** SHA-256 of the Notion refresh token; null when none was issued. */
  notion_refresh_token_hash: string | null;
  /**
   * 1 while the connect flow that created it has not come back to the callback: such a connection is not
   * shown, and is removed when the flow ends in an error (no half connections).
   */
  pending: Generated<number>;
}

/** One run of the connect flow: Notion's `code` and `state` sent to the Authorize URL. */
export interface AuthorizationTable {
  state: string;
  code: string;
  person: string;
  /** The browser session that started it; the callback must come back in the same one. Null for API use. */
  session_id: string | null;
  redirect_uri: string;
  created_at: number;
  code_used_at: number | null;
  state_used_at: number | null;
  /** Why `/v1/oauth/token` refused the exchange of this code, when it did (shown by the callback). */
  exchange_problem: string | null;
  /** Set when the integration exchanged the code at `/v1/oauth/token`. */
  connection_id: string | null;
  /** The integration whose Authorize URL this attempt went to. */
  integration_id: Generated<string>;
}

/** A link block on a person's page. Several blocks may show the same uri. */
export interface PreviewTable {
  id: string;
  person: string;
  uri: string;
  connection_id: string | null;
  created_at: number;
  /** The integration whose rule matched the link; null: none did, Notion shows a plain link card. */
  integration_id: string | null;
}

/** What Notion knows about a uri for one connection: the last answer or PATCH. */
export interface ExternalObjectTable {
  connection_id: string;
  uri: string;
  /** `pending` (asked, no answer yet), `ready` (attributes and/or error), `failed` (unusable answer). */
  status: string;
  attributes: string | null;
  error: string | null;
  warnings: string;
  failure: string | null;
  updated_at: number;
}

export interface EmulatorDatabase {
  meta: MetaTable;
  connections: ConnectionTable;
  authorizations: AuthorizationTable;
  previews: PreviewTable;
  external_objects: ExternalObjectTable;
}

export type StorageOption = 'memory' | { sqlitePath: string };

/** Opens the SQLite database (a file, created with its folder, or memory). */
export function openDatabase(storage: StorageOption): Kysely<EmulatorDatabase> {
  const path = storage === 'memory' ? ':memory:' : storage.sqlitePath;
  if (path !== ':memory:') mkdirSync(dirname(path), { recursive: true });
  const sqlite = new Database(path);
  sqlite.pragma('journal_mode = WAL');
  sqlite.pragma('foreign_keys = ON');
  // Prepared statements reused, as in the server: Kysely prepares on every query, and preparing costs more than
  // running them (about a sixth of the emulator's CPU per PATCH before).
  return new Kysely<EmulatorDatabase>({
    dialect: new SqliteDialect({ database: withStatementCache(sqlite) }),
  });
}
