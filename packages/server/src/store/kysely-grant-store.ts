import { compiledOnce, type StandIns } from '@unfurlkit/core/kysely';
import type { CompiledQuery, Kysely } from 'kysely';
import { AccessTokenCache, type AccessTokenGrant } from './access-token-cache.js';
import { notifyEviction } from './bearer-eviction.js';
import type { Database } from './database.js';
import type {
  AccessTokenRecord,
  AuthorizationCodeRecord,
  GrantRecord,
  GrantStore,
  RefreshRotation,
  RefreshTokenRecord,
} from './grant-store.js';
import { GroupCommit } from './group-commit.js';
import { prepareStatement } from './guarded-pool.js';
import { type SqlDialect, sqlDialectOf } from './kysely/sql-dialect.js';
import { revokeGrants } from './revoke-grants.js';
import * as rows from './row-mapping.js';

/** The bearer check's query, for one digest (given as its one parameter when run). */
function accessTokenGrantQuery(db: Kysely<Database>) {
  return db
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
    .where('t.token_hash', '=', '');
}

/** A refresh token with its grant (the foreign key guarantees one), for one digest: every refresh reads both. */
function refreshTokenGrantQuery(db: Kysely<Database>) {
  return db
    .selectFrom('refresh_tokens as t')
    .innerJoin('grants as g', 'g.id', 't.grant_id')
    .select([
      't.token_hash',
      't.grant_id',
      't.created_at as token_created_at',
      't.expires_at',
      't.used_at',
      't.revoked_at as token_revoked_at',
      't.successor_key_id',
      't.successor_sealed',
      'g.id',
      'g.account_id',
      'g.account_name',
      'g.client_id',
      'g.scope',
      'g.connection_id',
      'g.created_at as grant_created_at',
      'g.revoked_at as grant_revoked_at',
    ])
    .where('t.token_hash', '=', '');
}

/**
 * A select by one key, built and compiled on first use (then `prepared`, e.g. named on PostgreSQL) and run with
 * each key: the SQL text never changes, and on the hot paths (the bearer check, every refresh) building the query
 * cost more than running it.
 */
function byOneKey<Row>(
  build: () => { compile(): CompiledQuery<Row> },
  prepared?: (compiled: CompiledQuery<Row>) => void,
) {
  let compiled: CompiledQuery<Row> | undefined;
  return async (db: Kysely<Database>, key: string): Promise<Row | undefined> => {
    if (compiled === undefined) {
      compiled = build().compile();
      prepared?.(compiled);
    }
    return (await db.executeQuery<Row>({ ...compiled, parameters: [key] })).rows[0];
  };
}

/** A token record whose only use is to list the columns of its row (`columnsNamed`). */
const SAMPLE_TOKEN: RefreshTokenRecord = {
  tokenHash: '',
  grantId: '',
  createdAt: 0,
  expiresAt: null,
  usedAt: null,
  revokedAt: null,
  successor: null,
};

/** Every column of `row` given as the placeholder of its own name: an insert compiled once for any row. */
function columnsNamed<Row extends object>(row: Row, standIns: StandIns<string>): Row {
  return Object.fromEntries(Object.keys(row).map((column) => [column, standIns[column]])) as Row;
}

/**
 * Grants, codes and tokens on SQLite and PostgreSQL. "Mark used" is a single `UPDATE … WHERE used_at IS NULL`:
 * the database serialises two writers and exactly one sees a changed row, with no read-then-write window.
 *
 * @example
 * const grants = new KyselyGrantStore(db);
 * if (!(await grants.markAuthorizationCodeUsed(codeHash, now))) throw replayDetected();
 */
export class KyselyGrantStore implements GrantStore {
  readonly #db: Kysely<Database>;
  readonly #tokens: AccessTokenCache;

  /**
   * SQLite: rotations that arrive together are committed together (`GroupCommit`): one fsync for several, each
   * still committed before its answer leaves. PostgreSQL: a transaction each.
   */
  readonly #rotations: GroupCommit<RefreshRotation, boolean> | undefined;
  readonly #dialect: SqlDialect;
  readonly #grantById = byOneKey(() => this.#db.selectFrom('grants').selectAll().where('id', '=', ''));
  readonly #refreshTokenByHash = byOneKey(() =>
    this.#db.selectFrom('refresh_tokens').selectAll().where('token_hash', '=', ''),
  );
  readonly #refreshTokenGrantByHash = byOneKey(() => refreshTokenGrantQuery(this.#db));
  /** The rotation's three statements (`#rotateIn`), each compiled once. */
  readonly #markRotated = compiledOnce(
    ['used_at', 'successor_key_id', 'successor_sealed', 'token_hash'],
    (v) =>
      this.#db
        .updateTable('refresh_tokens')
        .set({
          used_at: v.used_at,
          successor_key_id: v.successor_key_id,
          successor_sealed: v.successor_sealed,
        })
        .where('token_hash', '=', v.token_hash)
        .where('used_at', 'is', null)
        .where('revoked_at', 'is', null),
  );
  readonly #insertAccessToken = compiledOnce(Object.keys(rows.toAccessTokenRow(SAMPLE_TOKEN)), (v) =>
    this.#db.insertInto('access_tokens').values(columnsNamed(rows.toAccessTokenRow(SAMPLE_TOKEN), v)),
  );
  readonly #insertRefreshToken = compiledOnce(Object.keys(rows.toRefreshTokenRow(SAMPLE_TOKEN)), (v) =>
    this.#db.insertInto('refresh_tokens').values(columnsNamed(rows.toRefreshTokenRow(SAMPLE_TOKEN), v)),
  );
  /** Named on PostgreSQL: it runs on every `POST /unfurl` whose lookup is not cached. */
  readonly #accessTokenGrantByHash = byOneKey(
    () => accessTokenGrantQuery(this.#db),
    (compiled) => {
      if (this.#dialect === 'postgres') prepareStatement(compiled.sql, 'unfurlkit_bearer');
    },
  );

  /** `tokens`: the bearer lookups' cache, shared with the connection store (its deletions evict too). */
  constructor(
    db: Kysely<Database>,
    tokens: AccessTokenCache = new AccessTokenCache(),
    dialect: SqlDialect = sqlDialectOf(db),
  ) {
    this.#db = db;
    this.#tokens = tokens;
    this.#dialect = dialect;
    this.#rotations =
      dialect === 'sqlite'
        ? new GroupCommit(db, (trx, rotation) => this.#rotateIn(trx, rotation), { aloneInTransaction: true })
        : undefined;
  }

  async createGrantWithCode(grant: GrantRecord, code: AuthorizationCodeRecord): Promise<void> {
    await this.#db.transaction().execute(async (trx) => {
      await trx.insertInto('grants').values(rows.toGrantRow(grant)).execute();
      await trx.insertInto('authorization_codes').values(rows.toAuthorizationCodeRow(code)).execute();
    });
  }

  async findGrant(id: string): Promise<GrantRecord | undefined> {
    const row = await this.#grantById(this.#db, id);
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
    try {
      await this.#db.transaction().execute(async (trx) => {
        await revokeGrants(trx, trx.selectFrom('grants').select('id').where('id', '=', grantId), now);
        if (this.#dialect === 'postgres') await notifyEviction(trx, { grantId });
      });
    } finally {
      this.#tokens.evictGrant(grantId);
    }
  }

  async revokeGrantsOfConnection(connectionId: string, now: number): Promise<number> {
    try {
      return await this.#db.transaction().execute(async (trx) => {
        const revoked = await revokeGrants(
          trx,
          trx.selectFrom('grants').select('id').where('connection_id', '=', connectionId),
          now,
        );
        if (this.#dialect === 'postgres') await notifyEviction(trx, { connectionId });
        return revoked;
      });
    } finally {
      this.#tokens.evictConnection(connectionId);
    }
  }

  async saveAccessToken(record: AccessTokenRecord): Promise<void> {
    await this.#db.insertInto('access_tokens').values(rows.toAccessTokenRow(record)).execute();
  }

  async saveRefreshToken(record: RefreshTokenRecord): Promise<void> {
    await this.#db.insertInto('refresh_tokens').values(rows.toRefreshTokenRow(record)).execute();
  }

  /** Through the bearer lookups' cache (`AccessTokenCache`: its bounds are the staleness this adds). */
  findAccessTokenGrant(tokenHash: string): Promise<AccessTokenGrant | undefined> {
    return this.#tokens.lookup(tokenHash, () => this.#readAccessTokenGrant(tokenHash));
  }

  async #readAccessTokenGrant(tokenHash: string): Promise<AccessTokenGrant | undefined> {
    const row = await this.#accessTokenGrantByHash(this.#db, tokenHash);
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
    const row = await this.#refreshTokenByHash(this.#db, tokenHash);
    return row && rows.fromRefreshTokenRow(row);
  }

  async findRefreshTokenGrant(
    tokenHash: string,
  ): Promise<{ token: RefreshTokenRecord; grant: GrantRecord } | undefined> {
    const row = await this.#refreshTokenGrantByHash(this.#db, tokenHash);
    if (!row) return undefined;
    return {
      token: rows.fromRefreshTokenRow({
        token_hash: row.token_hash,
        grant_id: row.grant_id,
        created_at: row.token_created_at,
        expires_at: row.expires_at,
        used_at: row.used_at,
        revoked_at: row.token_revoked_at,
        successor_key_id: row.successor_key_id,
        successor_sealed: row.successor_sealed,
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
    };
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

  async rotateRefreshToken(rotation: RefreshRotation): Promise<boolean> {
    try {
      if (this.#rotations) return await this.#rotations.run(rotation);
      return await this.#db.transaction().execute((trx) => this.#rotateIn(trx, rotation));
    } finally {
      // A rotation issues tokens and retires one: the grant's cached lookups are read again. Other instances
      // are not told: a rotation changes nothing a cached lookup holds (the old access token lives until it
      // expires; the new one was never cached anywhere). Reuse of a rotated token revokes, and that notifies.
      this.#tokens.evictGrant(rotation.accessToken.grantId);
    }
  }

  /** The rotation's statements, on `trx` (its own transaction, or a batch's on SQLite). */
  async #rotateIn(trx: Kysely<Database>, rotation: RefreshRotation): Promise<boolean> {
    // The same compare-and-set as markRefreshTokenUsed: the database serialises concurrent rotations and
    // exactly one sees a changed row; the others find the pair it kept, committed with it.
    const result = await this.#markRotated(trx, {
      used_at: rotation.now,
      successor_key_id: rotation.successor.keyId,
      successor_sealed: rotation.successor.sealed,
      token_hash: rotation.tokenHash,
    });
    if (!result.numAffectedRows) return false;
    await this.#insertAccessToken(trx, { ...rows.toAccessTokenRow(rotation.accessToken) });
    await this.#insertRefreshToken(trx, { ...rows.toRefreshTokenRow(rotation.refreshToken) });
    return true;
  }

  async forgetRotatedPairs(usedBefore: number): Promise<number> {
    const result = await this.#db
      .updateTable('refresh_tokens')
      .set({ successor_key_id: null, successor_sealed: null })
      .where('successor_sealed', 'is not', null)
      .where('used_at', '<', usedBefore)
      .executeTakeFirst();
    return Number(result.numUpdatedRows);
  }
}
