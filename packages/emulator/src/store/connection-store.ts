import { createHash } from 'node:crypto';
import type { Kysely, Selectable } from 'kysely';
import type { ConnectionTable, EmulatorDatabase } from './database.js';

/** A person's connection to the integration, as the rest of the emulator sees it. */
export interface Connection {
  id: string;
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
}

/** Tokens are looked up by hash so a leaked database does not leak usable Notion tokens. */
export function hashToken(token: string): string {
  return createHash('sha256').update(token).digest('hex');
}

function toConnection(row: Selectable<ConnectionTable>): Connection {
  return {
    id: row.id,
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
  };
}

export class ConnectionStore {
  constructor(private readonly db: Kysely<EmulatorDatabase>) {}

  async list(person?: string): Promise<Connection[]> {
    let query = this.db.selectFrom('connections').selectAll().orderBy('created_at').orderBy('id');
    if (person !== undefined) query = query.where('person', '=', person);
    return (await query.execute()).map(toConnection);
  }

  async get(id: string): Promise<Connection | undefined> {
    const row = await this.db.selectFrom('connections').selectAll().where('id', '=', id).executeTakeFirst();
    return row && toConnection(row);
  }

  async findByNotionToken(token: string): Promise<Connection | undefined> {
    const row = await this.db
      .selectFrom('connections')
      .selectAll()
      .where('notion_token_hash', '=', hashToken(token))
      .executeTakeFirst();
    return row && toConnection(row);
  }

  async findByKey(person: string, externalKey: string): Promise<Connection | undefined> {
    const row = await this.db
      .selectFrom('connections')
      .selectAll()
      .where('person', '=', person)
      .where('external_key', '=', externalKey)
      .executeTakeFirst();
    return row && toConnection(row);
  }

  /**
   * Creates the connection for (person, key), or updates the one that exists: reconnecting the same account
   * yields one connection (SPEC §2 step 4). The new Notion token replaces the old one, which stops working.
   */
  async upsertExchanged(input: {
    newId: string;
    newBotId: string;
    person: string;
    externalKey: string;
    externalName: string;
    notionToken: string;
    now: number;
  }): Promise<Connection> {
    const existing = await this.findByKey(input.person, input.externalKey);
    if (existing) {
      await this.db
        .updateTable('connections')
        .set({
          external_name: input.externalName,
          notion_token_hash: hashToken(input.notionToken),
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
        person: input.person,
        external_key: input.externalKey,
        external_name: input.externalName,
        bot_id: input.newBotId,
        notion_token_hash: hashToken(input.notionToken),
        integration_access_token: null,
        integration_refresh_token: null,
        integration_expires_at: null,
        warnings: '[]',
        created_at: input.now,
        updated_at: input.now,
      })
      .execute();
    return (await this.get(input.newId))!;
  }

  /** A connection for an integration that never exchanged Notion's code: it works, but cannot PATCH. */
  async createUnexchanged(input: {
    id: string;
    botId: string;
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
      .set({ notion_token_hash: null, updated_at: now })
      .where('id', '=', id)
      .executeTakeFirst();
    return Number(result.numUpdatedRows) > 0;
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
