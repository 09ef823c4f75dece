import { createHash } from 'node:crypto';
import { compiledOnce } from '@unfurlkit/core/kysely';
import type { Kysely, Selectable } from 'kysely';
import type { ConnectionTable, EmulatorDatabase } from './database.js';

/** A person's connection to the integration, as the rest of the emulator sees it. */
export interface Connection {
  id: string;
  /** The integration this connection is to (its id in the emulator's list of integrations). */
  integrationId: string;
  person: string;
  externalKey: string;
  externalName: string;
  botId: string;
  /** Whether the integration exchanged Notion's code (it holds a Notion token and can PATCH). */
  exchanged: boolean;
  integrationAccessToken: string | null;
  integrationRefreshToken: string | null;
  integrationExpiresAt: number | null;
  warnings: string[];
  createdAt: number;
  updatedAt: number;
  /** True until the connect flow that created it came back to the callback successfully. */
  pending: boolean;
  /** When the Notion access token stops working; null: never. */
  notionTokenExpiresAt: number | null;
  /** When the Notion access token was issued. */
  notionTokenIssuedAt: number | null;
  /** Whether a Notion refresh token was issued (and not yet used or revoked). */
  hasNotionRefreshToken: boolean;
}

/** The Notion tokens `/v1/oauth/token` issues for a connection. */
export interface IssuedNotionTokens {
  accessToken: string;
  refreshToken: string | null;
  expiresAt: number | null;
  issuedAt: number;
}

function tokenColumns(tokens: IssuedNotionTokens) {
  return {
    notion_token_hash: hashToken(tokens.accessToken),
    notion_refresh_token_hash: tokens.refreshToken === null ? null : hashToken(tokens.refreshToken),
    notion_token_expires_at: tokens.expiresAt,
    notion_token_issued_at: tokens.issuedAt,
  };
}

/** Tokens are looked up by hash so a leaked database does not leak usable Notion tokens. */
export function hashToken(token: string): string {
  return createHash('sha256').update(token).digest('hex');
}

function toConnection(row: Selectable<ConnectionTable>): Connection {
  return {
    id: row.id,
    integrationId: row.integration_id,
    person: row.person,
    externalKey: row.external_key,
    externalName: row.external_name,
    botId: row.bot_id,
    exchanged: row.notion_token_hash !== null,
    integrationAccessToken: row.integration_access_token,
    integrationRefreshToken: row.integration_refresh_token,
    integrationExpiresAt: row.integration_expires_at,
    warnings: JSON.parse(row.warnings) as string[],
    createdAt: row.created_at,
    updatedAt: row.updated_at,
    pending: row.pending === 1,
    notionTokenExpiresAt: row.notion_token_expires_at,
    notionTokenIssuedAt: row.notion_token_issued_at,
    hasNotionRefreshToken: row.notion_refresh_token_hash !== null,
  };
}

export class ConnectionStore {
  constructor(private readonly db: Kysely<EmulatorDatabase>) {}

  /**
   * The connections people see; those whose connect flow is still under way only with `includePending`
   * (the control API shows them, marked `pending`).
   */
  async list(person?: string, options: { includePending?: boolean } = {}): Promise<Connection[]> {
    let query = this.db.selectFrom('connections').selectAll().orderBy('created_at').orderBy('id');
    if (!options.includePending) query = query.where('pending', '=', 0);
    if (person !== undefined) query = query.where('person', '=', person);
    return (await query.execute()).map(toConnection);
  }

  async get(id: string): Promise<Connection | undefined> {
    const row = await this.db.selectFrom('connections').selectAll().where('id', '=', id).executeTakeFirst();
    return row && toConnection(row);
  }

  /** Compiled once: every PATCH (and every API call with a token) starts with it. */
  readonly #byNotionTokenHash = compiledOnce(['hash'], (v) =>
    this.db.selectFrom('connections').selectAll().where('notion_token_hash', '=', v.hash),
  );

  async findByNotionToken(token: string): Promise<Connection | undefined> {
    const { rows } = await this.#byNotionTokenHash(this.db, { hash: hashToken(token) });
    const row = rows[0];
    return row && toConnection(row);
  }

  async findByRefreshToken(token: string): Promise<Connection | undefined> {
    const row = await this.db
      .selectFrom('connections')
      .selectAll()
      .where('notion_refresh_token_hash', '=', hashToken(token))
      .executeTakeFirst();
    return row && toConnection(row);
  }

  async findByKey(
    integrationId: string,
    person: string,
    externalKey: string,
  ): Promise<Connection | undefined> {
    const row = await this.db
      .selectFrom('connections')
      .selectAll()
      .where('integration_id', '=', integrationId)
      .where('person', '=', person)
      .where('external_key', '=', externalKey)
      .executeTakeFirst();
    return row && toConnection(row);
  }

  /**
   * Creates the connection for (person, key), or updates the one that exists: reconnecting the same account
   * yields one connection (SPEC §2 step 4). The new Notion tokens replace the old ones, which stop working.
   * A new connection is pending until its connect flow comes back to the callback (`confirm`).
   */
  async upsertExchanged(input: {
    newId: string;
    newBotId: string;
    integrationId: string;
    person: string;
    externalKey: string;
    externalName: string;
    tokens: IssuedNotionTokens;
    warnings: string[];
    now: number;
  }): Promise<Connection> {
    const existing = await this.findByKey(input.integrationId, input.person, input.externalKey);
    if (existing) {
      await this.db
        .updateTable('connections')
        .set({
          external_name: input.externalName,
          ...tokenColumns(input.tokens),
          warnings: JSON.stringify(input.warnings),
          updated_at: input.now,
        })
        .where('id', '=', existing.id)
        .execute();
      return (await this.get(existing.id))!;
    }
    await this.db
      .insertInto('connections')
      .values({
        id: input.newId,
        integration_id: input.integrationId,
        person: input.person,
        external_key: input.externalKey,
        external_name: input.externalName,
        bot_id: input.newBotId,
        ...tokenColumns(input.tokens),
        integration_access_token: null,
        integration_refresh_token: null,
        integration_expires_at: null,
        warnings: JSON.stringify(input.warnings),
        created_at: input.now,
        updated_at: input.now,
        pending: 1,
      })
      .execute();
    return (await this.get(input.newId))!;
  }

  /**
   * The refresh grant: replaces the Notion tokens of the connection holding `refreshToken`, whose old access and
   * refresh tokens stop working. Atomic: of two refreshes with one refresh token, only the first succeeds.
   * Returns the connection, or undefined when the refresh token is unknown or already used.
   */
  async rotateNotionTokens(
    integrationId: string,
    refreshToken: string,
    tokens: IssuedNotionTokens,
    now: number,
  ): Promise<Connection | undefined> {
    const row = await this.db
      .updateTable('connections')
      .set({ ...tokenColumns(tokens), updated_at: now })
      .where('notion_refresh_token_hash', '=', hashToken(refreshToken))
      .where('integration_id', '=', integrationId)
      .returning('id')
      .executeTakeFirst();
    return row ? this.get(row.id) : undefined;
  }

  /** The connect flow came back successfully: the connection is shown from now on. */
  async confirm(id: string): Promise<void> {
    await this.db.updateTable('connections').set({ pending: 0 }).where('id', '=', id).execute();
  }

  /** Removes the connection only if its connect flow never completed; true when it did remove it. */
  async removePending(id: string): Promise<boolean> {
    const result = await this.db
      .deleteFrom('connections')
      .where('id', '=', id)
      .where('pending', '=', 1)
      .executeTakeFirst();
    return Number(result.numDeletedRows) > 0;
  }

  /** Forgets pending connections created before `before` (their connect flow can no longer complete). */
  async prunePending(before: number): Promise<void> {
    await this.db
      .deleteFrom('connections')
      .where('pending', '=', 1)
      .where('created_at', '<', before)
      .execute();
  }

  /**
   * `POST /v1/oauth/revoke`: the Notion access or refresh token given, and the other one of the pair, stop
   * working. The connection stays (its PATCHes answer 401 until it reconnects). True when a token matched.
   */
  async revokeByNotionToken(
    integrationId: string,
    token: string,
    warning: string,
    now: number,
  ): Promise<Connection | undefined> {
    const hash = hashToken(token);
    const row = await this.db
      .selectFrom('connections')
      .selectAll()
      .where('integration_id', '=', integrationId)
      .where((eb) => eb.or([eb('notion_token_hash', '=', hash), eb('notion_refresh_token_hash', '=', hash)]))
      .executeTakeFirst();
    if (!row) return undefined;
    const warnings = [...(JSON.parse(row.warnings) as string[]), warning];
    await this.db
      .updateTable('connections')
      .set({
        notion_token_hash: null,
        notion_refresh_token_hash: null,
        notion_token_expires_at: null,
        warnings: JSON.stringify(warnings),
        updated_at: now,
      })
      .where('id', '=', row.id)
      .execute();
    return this.get(row.id);
  }

  /** A connection for an integration that never exchanged Notion's code: it works, but cannot PATCH. */
  async createUnexchanged(input: {
    id: string;
    botId: string;
    integrationId: string;
    person: string;
    externalKey: string;
    externalName: string;
    warning: string;
    now: number;
  }): Promise<Connection> {
    await this.db
      .insertInto('connections')
      .values({
        id: input.id,
        integration_id: input.integrationId,
        person: input.person,
        external_key: input.externalKey,
        external_name: input.externalName,
        bot_id: input.botId,
        notion_token_hash: null,
        integration_access_token: null,
        integration_refresh_token: null,
        integration_expires_at: null,
        warnings: JSON.stringify([input.warning]),
        created_at: input.now,
        updated_at: input.now,
      })
      .execute();
    return (await this.get(input.id))!;
  }

  /**
   * Invalidates the connection's Notion token without telling the integration, as when a person removes the
   * integration on Notion's side: its PATCHes answer 401 until it reconnects. True when the connection exists.
   */
  async revokeNotionToken(id: string, now: number): Promise<boolean> {
    const result = await this.db
      .updateTable('connections')
      .set({ notion_token_hash: null, notion_refresh_token_hash: null, updated_at: now })
      .where('id', '=', id)
      .executeTakeFirst();
    return Number(result.numUpdatedRows) > 0;
  }

  /** Adds what the integration did that Notion would frown upon, once each. */
  async addWarnings(id: string, warnings: string[]): Promise<void> {
    const connection = await this.get(id);
    if (!connection || warnings.length === 0) return;
    const all = [...new Set([...connection.warnings, ...warnings])];
    await this.db
      .updateTable('connections')
      .set({ warnings: JSON.stringify(all) })
      .where('id', '=', id)
      .execute();
  }

  /** Stores the tokens the integration's Token URL issued (first exchange or refresh). */
  async setIntegrationTokens(
    id: string,
    tokens: { accessToken: string; refreshToken: string | null; expiresAt: number | null },
    now: number,
  ): Promise<void> {
    await this.db
      .updateTable('connections')
      .set({
        integration_access_token: tokens.accessToken,
        integration_refresh_token: tokens.refreshToken,
        integration_expires_at: tokens.expiresAt,
        updated_at: now,
      })
      .where('id', '=', id)
      .execute();
  }

  async remove(id: string): Promise<void> {
    await this.db.deleteFrom('connections').where('id', '=', id).execute();
  }
}
