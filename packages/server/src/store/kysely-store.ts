import { randomUUID } from 'node:crypto';
import type { Kysely } from 'kysely';
import type { Database } from './database.js';
import { deleteNotionConnection, markNotionConnectionRevoked } from './notion-connection-removal.js';
import * as outbox from './outbox.js';
import { claimDueOutbox } from './outbox-claim.js';
import { enqueueChanges } from './outbox-enqueue.js';
import {
  deletePreview,
  listPreviewsOfConnection,
  listPreviewsOfRule,
  listPreviewsOfUri,
  recordPreview,
} from './preview-registry.js';
import { purgeExpired } from './purge-expired.js';
import { revokeGrants } from './revoke-grants.js';
import * as rows from './row-mapping.js';
import { type SqlDialect, sqlDialectOf } from './sql-dialect.js';
import type {
  AccessTokenRecord,
  AuthorizationCodeRecord,
  AuthorizationRequestRecord,
  ClaimedOutboxRow,
  GrantRecord,
  IntegrationStore,
  NotionConnectionInput,
  NotionConnectionRecord,
  OutboxRow,
  PreviewRecord,
  RefreshTokenRecord,
} from './store.js';
import { upsertNotionConnection } from './upsert-notion-connection.js';

export interface KyselyStoreOptions {
  /** Makes the id of a new Notion connection. Default: a random UUID. Injected so tests can predict ids. */
  newId?: () => string;
}

/**
 * The one `IntegrationStore` for SQLite and PostgreSQL: only portable SQL (`ON CONFLICT`, `RETURNING`,
 * subqueries), so both dialects run the same code and the same contract suite; the one exception is row locking
 * in the outbox (`FOR UPDATE SKIP LOCKED`, `FOR SHARE`), which only PostgreSQL has and only it needs. Expects a
 * migrated database (`openStore` does both).
 *
 * "Mark used" is a single `UPDATE … WHERE used_at IS NULL`: the database serialises the two writers and exactly
 * one sees a changed row, with no read-then-write window.
 *
 * @example
 * const store = new KyselyIntegrationStore(db);
 * if (!(await store.markAuthorizationCodeUsed(codeHash, now))) throw replayDetected();
 */
export class KyselyIntegrationStore implements IntegrationStore {
  readonly #db: Kysely<Database>;
  readonly #dialect: SqlDialect;
  readonly #newId: () => string;
  #closed = false;

  constructor(db: Kysely<Database>, options: KyselyStoreOptions = {}) {
    this.#db = db;
    this.#dialect = sqlDialectOf(db);
    this.#newId = options.newId ?? randomUUID;
  }

  async createAuthorizationRequest(record: AuthorizationRequestRecord): Promise<void> {
    await this.#db
      .insertInto('authorization_requests')
      .values(rows.toAuthorizationRequestRow(record))
      .execute();
  }

  async findAuthorizationRequest(idHash: string): Promise<AuthorizationRequestRecord | undefined> {
    const row = await this.#db
      .selectFrom('authorization_requests')
      .selectAll()
      .where('id_hash', '=', idHash)
      .executeTakeFirst();
    return row && rows.fromAuthorizationRequestRow(row);
  }

  async markAuthorizationRequestUsed(idHash: string, now: number): Promise<boolean> {
    const result = await this.#db
      .updateTable('authorization_requests')
      .set({ used_at: now })
      .where('id_hash', '=', idHash)
      .where('used_at', 'is', null)
      .executeTakeFirst();
    return result.numUpdatedRows > 0n;
  }

  upsertNotionConnection(input: NotionConnectionInput, now: number): Promise<NotionConnectionRecord> {
    return upsertNotionConnection(this.#db, input, { id: this.#newId(), now });
  }

  async findNotionConnection(id: string): Promise<NotionConnectionRecord | undefined> {
    const row = await this.#db
      .selectFrom('notion_connections')
      .selectAll()
      .where('id', '=', id)
      .executeTakeFirst();
    return row && rows.fromNotionConnectionRow(row);
  }

  deleteNotionConnection(id: string): Promise<void> {
    return deleteNotionConnection(this.#db, id);
  }

  markNotionConnectionRevoked(id: string, now: number): Promise<void> {
    return markNotionConnectionRevoked(this.#db, id, now);
  }

  async createGrantWithCode(grant: GrantRecord, code: AuthorizationCodeRecord): Promise<void> {
    await this.#db.transaction().execute(async (trx) => {
      await trx.insertInto('grants').values(rows.toGrantRow(grant)).execute();
      await trx.insertInto('authorization_codes').values(rows.toAuthorizationCodeRow(code)).execute();
    });
  }

  async findGrant(id: string): Promise<GrantRecord | undefined> {
    const row = await this.#db.selectFrom('grants').selectAll().where('id', '=', id).executeTakeFirst();
    return row && rows.fromGrantRow(row);
  }

  async findAuthorizationCode(codeHash: string): Promise<AuthorizationCodeRecord | undefined> {
    const row = await this.#db
      .selectFrom('authorization_codes')
      .selectAll()
      .where('code_hash', '=', codeHash)
      .executeTakeFirst();
    return row && rows.fromAuthorizationCodeRow(row);
  }

  async markAuthorizationCodeUsed(codeHash: string, now: number): Promise<boolean> {
    const result = await this.#db
      .updateTable('authorization_codes')
      .set({ used_at: now })
      .where('code_hash', '=', codeHash)
      .where('used_at', 'is', null)
      .executeTakeFirst();
    return result.numUpdatedRows > 0n;
  }

  async revokeGrant(grantId: string, now: number): Promise<void> {
    await this.#db.transaction().execute(async (trx) => {
      await revokeGrants(trx, trx.selectFrom('grants').select('id').where('id', '=', grantId), now);
    });
  }

  async revokeGrantsOfConnection(connectionId: string, now: number): Promise<number> {
    return this.#db.transaction().execute(async (trx) => {
      return revokeGrants(
        trx,
        trx.selectFrom('grants').select('id').where('connection_id', '=', connectionId),
        now,
      );
    });
  }

  async saveAccessToken(record: AccessTokenRecord): Promise<void> {
    await this.#db.insertInto('access_tokens').values(rows.toAccessTokenRow(record)).execute();
  }

  async saveRefreshToken(record: RefreshTokenRecord): Promise<void> {
    await this.#db.insertInto('refresh_tokens').values(rows.toRefreshTokenRow(record)).execute();
  }

  async findAccessTokenGrant(
    tokenHash: string,
  ): Promise<{ token: AccessTokenRecord; grant: GrantRecord; connectionExists: boolean } | undefined> {
    const row = await this.#db
      .selectFrom('access_tokens as t')
      .innerJoin('grants as g', 'g.id', 't.grant_id')
      .leftJoin('notion_connections as c', 'c.id', 'g.connection_id')
      .select([
        't.token_hash',
        't.grant_id',
        't.created_at as token_created_at',
        't.expires_at',
        't.revoked_at as token_revoked_at',
        'g.id',
        'g.account_id',
        'g.account_name',
        'g.client_id',
        'g.scope',
        'g.connection_id',
        'g.created_at as grant_created_at',
        'g.revoked_at as grant_revoked_at',
        'c.id as existing_connection_id',
      ])
      .where('t.token_hash', '=', tokenHash)
      .executeTakeFirst();
    if (!row) return undefined;
    return {
      token: rows.fromAccessTokenRow({
        token_hash: row.token_hash,
        grant_id: row.grant_id,
        created_at: row.token_created_at,
        expires_at: row.expires_at,
        revoked_at: row.token_revoked_at,
      }),
      grant: rows.fromGrantRow({
        id: row.id,
        account_id: row.account_id,
        account_name: row.account_name,
        client_id: row.client_id,
        scope: row.scope,
        connection_id: row.connection_id,
        created_at: row.grant_created_at,
        revoked_at: row.grant_revoked_at,
      }),
      connectionExists: row.existing_connection_id !== null,
    };
  }

  async findAccessToken(tokenHash: string): Promise<AccessTokenRecord | undefined> {
    const row = await this.#db
      .selectFrom('access_tokens')
      .selectAll()
      .where('token_hash', '=', tokenHash)
      .executeTakeFirst();
    return row && rows.fromAccessTokenRow(row);
  }

  async findRefreshToken(tokenHash: string): Promise<RefreshTokenRecord | undefined> {
    const row = await this.#db
      .selectFrom('refresh_tokens')
      .selectAll()
      .where('token_hash', '=', tokenHash)
      .executeTakeFirst();
    return row && rows.fromRefreshTokenRow(row);
  }

  async markRefreshTokenUsed(tokenHash: string, now: number): Promise<boolean> {
    // A revoked token cannot be used either: a rotation racing a revocation must lose, or it would mint
    // tokens inside a grant that was just killed.
    const result = await this.#db
      .updateTable('refresh_tokens')
      .set({ used_at: now })
      .where('token_hash', '=', tokenHash)
      .where('used_at', 'is', null)
      .where('revoked_at', 'is', null)
      .executeTakeFirst();
    return result.numUpdatedRows > 0n;
  }

  recordPreview(record: PreviewRecord): Promise<void> {
    return recordPreview(this.#db, record);
  }

  deletePreview(connectionId: string, uri: string): Promise<boolean> {
    return deletePreview(this.#db, connectionId, uri);
  }

  listPreviewsOfUri(uri: string): Promise<PreviewRecord[]> {
    return listPreviewsOfUri(this.#db, uri);
  }

  listPreviewsOfConnection(connectionId: string): Promise<PreviewRecord[]> {
    return listPreviewsOfConnection(this.#db, connectionId);
  }

  listPreviewsOfRule(ruleName: string): Promise<PreviewRecord[]> {
    return listPreviewsOfRule(this.#db, ruleName);
  }

  enqueueChanges(
    pairs: ReadonlyArray<{ connectionId: string; uri: string }>,
    now: number,
    options?: { dueAt?: number },
  ): Promise<number> {
    return enqueueChanges(this.#db, this.#dialect, pairs, now, options?.dueAt ?? now);
  }

  claimDueOutbox(
    now: number,
    limit: number,
    lease: { id: string; until: number },
  ): Promise<ClaimedOutboxRow[]> {
    return claimDueOutbox(this.#db, this.#dialect, now, limit, lease);
  }

  completeOutbox(
    row: { connectionId: string; uri: string; leaseId: string; generation: number },
    now: number,
    options?: { dueAt?: number },
  ): Promise<boolean> {
    return outbox.completeOutbox(this.#db, row, now, options?.dueAt ?? now);
  }

  rescheduleOutbox(
    row: { connectionId: string; uri: string; leaseId: string },
    outcome: { nextAttemptAt: number; attempts: number; lastStatus: number | null; lastError: string | null },
    now: number,
  ): Promise<void> {
    return outbox.rescheduleOutbox(this.#db, row, outcome, now);
  }

  failOutbox(
    row: { connectionId: string; uri: string; leaseId: string },
    outcome: { attempts: number; lastStatus: number | null; lastError: string | null },
    now: number,
  ): Promise<void> {
    return outbox.failOutbox(this.#db, row, outcome, now);
  }

  deleteOutbox(connectionId: string, uri: string): Promise<boolean> {
    return outbox.deleteOutbox(this.#db, connectionId, uri);
  }

  retryOutbox(connectionId: string, uri: string, now: number): Promise<boolean> {
    return outbox.retryOutbox(this.#db, connectionId, uri, now);
  }

  listOutbox(filter: { state?: OutboxRow['state']; limit: number }): Promise<OutboxRow[]> {
    return outbox.listOutbox(this.#db, filter);
  }

  countOutbox(): Promise<{ pending: number; failed: number }> {
    return outbox.countOutbox(this.#db);
  }

  purgeExpired(now: number): Promise<number> {
    return purgeExpired(this.#db, now);
  }

  /** Closes the database (the pool, on PostgreSQL). Safe to call twice: shutdown paths often overlap. */
  async close(): Promise<void> {
    if (this.#closed) return;
    this.#closed = true;
    await this.#db.destroy();
  }
}
