import type { Kysely } from 'kysely';
import type { Database } from './database.js';

/*
 * Taking a Notion connection out of service: deleting it (the person disconnected, or the deletion callback),
 * or marking its token dead (Notion answered 401). Either way its outbox rows go: there is nobody left to push
 * to.
 *
 * Lock order: the connection row first, then its outbox rows. `enqueueChanges` takes them in the same order
 * (PostgreSQL: `FOR SHARE` on the connection, then the outbox upsert), so an enqueue racing either operation
 * waits for it or is waited for, and never deadlocks with it or leaves a row behind.
 */

/**
 * Deletes the connection, its previews and its outbox rows; idempotent. The foreign keys cascade too; the
 * explicit deletes keep the promise even on a SQLite database opened without the `foreign_keys` pragma.
 * Grants are not touched (they outlive the connection as revoked records: revoke them first).
 *
 * @example
 * await deleteNotionConnection(db, connectionId); // after revoking its grants
 */
export async function deleteNotionConnection(db: Kysely<Database>, id: string): Promise<void> {
  await db.transaction().execute(async (trx) => {
    // The parent first, for the lock order above; with foreign keys on, this already cascaded to the children.
    await trx.deleteFrom('notion_connections').where('id', '=', id).execute();
    await trx.deleteFrom('previews').where('connection_id', '=', id).execute();
    await trx.deleteFrom('outbox').where('connection_id', '=', id).execute();
  });
}

/**
 * Marks the connection's Notion token dead and drops its outbox rows, in one transaction; later enqueues skip
 * it until the person reconnects (`upsertNotionConnection` clears the mark). Idempotent: a second call keeps the
 * first time (when the token died, not when someone last noticed). Unknown ids are ignored. Previews stay:
 * after a reconnect, the next change reaches them again.
 *
 * @example
 * if (response.status === 401) await markNotionConnectionRevoked(db, row.connectionId, now);
 */
export async function markNotionConnectionRevoked(
  db: Kysely<Database>,
  id: string,
  now: number,
): Promise<void> {
  await db.transaction().execute(async (trx) => {
    // Unconditional on purpose, even when already revoked: the update takes the row lock either way.
    await trx
      .updateTable('notion_connections')
      .set((eb) => ({ revoked_at: eb.fn.coalesce('revoked_at', eb.val(now)) }))
      .where('id', '=', id)
      .execute();
    await trx.deleteFrom('outbox').where('connection_id', '=', id).execute();
  });
}
