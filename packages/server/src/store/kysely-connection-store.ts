import type { Kysely } from 'kysely';
import { AccessTokenCache } from './access-token-cache.js';
import { notifyEviction } from './bearer-eviction.js';
import type {
  ConnectionStore,
  NotionConnectionInput,
  NotionConnectionRecord,
  RefreshedNotionToken,
  RevokedConnection,
} from './connection-store.js';
import type { Database } from './database.js';
import { type SqlDialect, sqlDialectOf } from './kysely/sql-dialect.js';
import { fromNotionConnectionRow } from './row-mapping.js';
import type { SealedSecret } from './sealed-secret.js';

/*
 * Taking a Notion connection out of service: deleting it (the person disconnected, or the deletion callback),
 * or marking its token dead (Notion answered 401). Either way its outbox rows go: there is nobody left to push
 * to.
 *
 * Lock order: the connection row first, then its outbox rows. `enqueueChanges` takes them in the same order
 * (PostgreSQL: `FOR SHARE` on the connection, then the outbox upsert), so an enqueue racing either operation
 * waits for it or is waited for, and never deadlocks with it or leaves a row behind.
 *
 * Refreshing Notion's token, once per connection across processes: `claimRefresh` is one conditional UPDATE
 * (the access token still the one the caller read, no live lease), so exactly one caller sees a row changed and
 * refreshes; the others re-read the row (a new token once the winner saved it). `saveRefreshed` is conditional on
 * the same old token, so a winner whose lease ran out while a reconnect stored a newer token cannot overwrite it.
 */

/**
 * Notion connections on SQLite and PostgreSQL. `newId` makes the id of a new connection (injected so tests can
 * predict ids).
 *
 * @example
 * const connections = new KyselyConnectionStore(db, randomUUID);
 * const connection = await connections.upsert(input, clock());
 */
export class KyselyConnectionStore implements ConnectionStore {
  readonly #db: Kysely<Database>;
  readonly #newId: () => string;
  /** The bearer lookups' cache: a deleted connection's tokens are refused at once in this process. */
  readonly #tokens: AccessTokenCache;
  readonly #dialect: SqlDialect;

  constructor(db: Kysely<Database>, newId: () => string, tokens: AccessTokenCache = new AccessTokenCache()) {
    this.#db = db;
    this.#dialect = sqlDialectOf(db);
    this.#newId = newId;
    this.#tokens = tokens;
  }

  /**
   * Saves a person's connection to a Notion bot: inserts it under a new id, or, when that (account, bot) pair is
   * already connected, keeps the existing row's id and `created_at`, replaces everything Notion may have changed
   * (token, names, workspace) with `updated_at = now`, and clears `revoked_at` (the new token is live). A stable
   * id matters: grants and previews point at it, so reconnecting must not orphan them.
   *
   * One `INSERT … ON CONFLICT … RETURNING` statement, so two concurrent reconnects cannot both insert (the unique
   * constraint on (account_id, bot_id) is the arbiter), on SQLite and PostgreSQL alike.
   */
  async upsert(input: NotionConnectionInput, now: number): Promise<NotionConnectionRecord> {
    const row = await this.#db
      .insertInto('notion_connections')
      .values({
        id: this.#newId(),
        account_id: input.accountId,
        account_name: input.accountName,
        bot_id: input.botId,
        workspace_id: input.workspaceId,
        workspace_name: input.workspaceName,
        workspace_icon: input.workspaceIcon,
        access_token_key_id: input.accessToken.keyId,
        access_token_sealed: input.accessToken.sealed,
        created_at: now,
        updated_at: now,
        revoked_at: null,
        refresh_token_key_id: input.refreshToken?.keyId ?? null,
        refresh_token_sealed: input.refreshToken?.sealed ?? null,
        access_token_expires_at: input.accessTokenExpiresAt ?? null,
        refresh_lease_until: null,
      })
      .onConflict((oc) =>
        oc.columns(['account_id', 'bot_id']).doUpdateSet((eb) => ({
          account_name: eb.ref('excluded.account_name'),
          workspace_id: eb.ref('excluded.workspace_id'),
          workspace_name: eb.ref('excluded.workspace_name'),
          workspace_icon: eb.ref('excluded.workspace_icon'),
          access_token_key_id: eb.ref('excluded.access_token_key_id'),
          access_token_sealed: eb.ref('excluded.access_token_sealed'),
          updated_at: eb.ref('excluded.updated_at'),
          // A new token from Notion: whatever refused the old one no longer applies.
          revoked_at: null,
          refresh_token_key_id: eb.ref('excluded.refresh_token_key_id'),
          refresh_token_sealed: eb.ref('excluded.refresh_token_sealed'),
          access_token_expires_at: eb.ref('excluded.access_token_expires_at'),
          refresh_lease_until: null,
        })),
      )
      .returningAll()
      .executeTakeFirstOrThrow();
    return fromNotionConnectionRow(row);
  }

  async find(id: string): Promise<NotionConnectionRecord | undefined> {
    const row = await this.#db
      .selectFrom('notion_connections')
      .selectAll()
      .where('id', '=', id)
      .executeTakeFirst();
    return row && fromNotionConnectionRow(row);
  }

  async findMany(ids: ReadonlyArray<string>): Promise<NotionConnectionRecord[]> {
    const unique = [...new Set(ids)];
    if (unique.length === 0) return [];
    const rows = await this.#db
      .selectFrom('notion_connections')
      .selectAll()
      .where('id', 'in', unique)
      .execute();
    return rows.map(fromNotionConnectionRow);
  }

  /**
   * Deletes the connection, its previews and its outbox rows; idempotent. The foreign keys cascade too; the
   * explicit deletes keep the promise even on a SQLite database opened without the `foreign_keys` pragma.
   * Grants are not touched (they outlive the connection as revoked records: revoke them first).
   */
  async delete(id: string): Promise<void> {
    try {
      await this.#db.transaction().execute(async (trx) => {
        // The parent first, for the lock order above; with foreign keys on, this already cascaded to the children.
        await trx.deleteFrom('notion_connections').where('id', '=', id).execute();
        await trx.deleteFrom('previews').where('connection_id', '=', id).execute();
        await trx.deleteFrom('outbox').where('connection_id', '=', id).execute();
        if (this.#dialect === 'postgres') await notifyEviction(trx, { connectionId: id });
      });
    } finally {
      this.#tokens.evictConnection(id);
    }
  }

  /**
   * Marks the connection's Notion token dead and drops its outbox rows, in one transaction; later enqueues skip
   * it until the person reconnects (`upsert` clears the mark). Idempotent: a second call keeps the first time
   * (when the token died, not when someone last noticed). Unknown ids are ignored. Previews stay: after a
   * reconnect, the next change reaches them again.
   */
  async markRevoked(id: string, now: number): Promise<void> {
    await this.#db.transaction().execute(async (trx) => {
      // Unconditional on purpose, even when already revoked: the update takes the row lock either way.
      await trx
        .updateTable('notion_connections')
        .set((eb) => ({ revoked_at: eb.fn.coalesce('revoked_at', eb.val(now)) }))
        .where('id', '=', id)
        .execute();
      await trx.deleteFrom('outbox').where('connection_id', '=', id).execute();
    });
  }

  async claimRefresh(id: string, expected: SealedSecret, now: number, leaseUntil: number): Promise<boolean> {
    const result = await this.#db
      .updateTable('notion_connections')
      .set({ refresh_lease_until: leaseUntil })
      .where('id', '=', id)
      .where('access_token_sealed', '=', expected.sealed)
      .where('revoked_at', 'is', null)
      .where((eb) => eb.or([eb('refresh_lease_until', 'is', null), eb('refresh_lease_until', '<=', now)]))
      .executeTakeFirst();
    return Number(result.numUpdatedRows) === 1;
  }

  async saveRefreshed(
    id: string,
    expected: SealedSecret,
    token: RefreshedNotionToken,
    now: number,
  ): Promise<boolean> {
    const result = await this.#db
      .updateTable('notion_connections')
      .set({
        access_token_key_id: token.accessToken.keyId,
        access_token_sealed: token.accessToken.sealed,
        refresh_token_key_id: token.refreshToken?.keyId ?? null,
        refresh_token_sealed: token.refreshToken?.sealed ?? null,
        access_token_expires_at: token.accessTokenExpiresAt,
        refresh_lease_until: null,
        updated_at: now,
      })
      .where('id', '=', id)
      .where('access_token_sealed', '=', expected.sealed)
      .executeTakeFirst();
    return Number(result.numUpdatedRows) === 1;
  }

  async releaseRefresh(id: string, expected: SealedSecret): Promise<void> {
    await this.#db
      .updateTable('notion_connections')
      .set({ refresh_lease_until: null })
      .where('id', '=', id)
      .where('access_token_sealed', '=', expected.sealed)
      .execute();
  }

  async listRevoked(limit: number): Promise<RevokedConnection[]> {
    const rows = await this.#db
      .selectFrom('notion_connections')
      .select(['id', 'account_id', 'account_name', 'workspace_name', 'revoked_at'])
      .where('revoked_at', 'is not', null)
      .orderBy('revoked_at', 'desc')
      .orderBy('id')
      .limit(limit)
      .execute();
    return rows.map((row) => ({
      id: row.id,
      accountId: row.account_id,
      accountName: row.account_name,
      workspaceName: row.workspace_name,
      revokedAt: Number(row.revoked_at),
    }));
  }

  async countByState(): Promise<{ active: number; revoked: number }> {
    const row = await this.#db
      .selectFrom('notion_connections')
      .select((eb) => [
        eb.fn.countAll<number | string | bigint>().as('total'),
        eb.fn.count<number | string | bigint>('revoked_at').as('revoked'),
      ])
      .executeTakeFirstOrThrow();
    const total = Number(row.total);
    const revoked = Number(row.revoked);
    return { active: total - revoked, revoked };
  }
}
