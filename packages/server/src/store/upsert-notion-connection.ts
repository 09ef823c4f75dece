import type { Kysely } from 'kysely';
import type { Database } from './database.js';
import { fromNotionConnectionRow } from './row-mapping.js';
import type { NotionConnectionInput, NotionConnectionRecord } from './store.js';

/**
 * Saves a person's connection to a Notion bot: inserts it under `id`, or, when that (account, bot) pair is
 * already connected, keeps the existing row's id and `created_at`, replaces everything Notion may have changed
 * (token, names, workspace) with `updated_at = now`, and clears `revoked_at` (the new token is live). A stable
 * id matters: grants and previews point at it, so reconnecting must not orphan them.
 *
 * One `INSERT … ON CONFLICT … RETURNING` statement, so two concurrent reconnects cannot both insert (the unique
 * constraint on (account_id, bot_id) is the arbiter), on SQLite and PostgreSQL alike.
 *
 * @example
 * const connection = await upsertNotionConnection(db, input, { id: randomUUID(), now: clock() });
 */
export async function upsertNotionConnection(
  db: Kysely<Database>,
  input: NotionConnectionInput,
  fresh: { id: string; now: number },
): Promise<NotionConnectionRecord> {
  const row = await db
    .insertInto('notion_connections')
    .values({
      id: fresh.id,
      account_id: input.accountId,
      account_name: input.accountName,
      bot_id: input.botId,
      workspace_id: input.workspaceId,
      workspace_name: input.workspaceName,
      workspace_icon: input.workspaceIcon,
      access_token_key_id: input.accessToken.keyId,
      access_token_sealed: input.accessToken.sealed,
      created_at: fresh.now,
      updated_at: fresh.now,
      revoked_at: null,
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
      })),
    )
    .returningAll()
    .executeTakeFirstOrThrow();
  return fromNotionConnectionRow(row);
}
