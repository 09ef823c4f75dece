import type { Kysely } from 'kysely';
import type { Database } from './database.js';

/**
 * Deletes consent requests, authorization codes and tokens whose expiry is strictly before `now`; returns how
 * many rows went. Strictly: a record expiring exactly at `now` is left for the next run, so the purge can never
 * remove something the server would still have accepted, whichever way it rounds the boundary.
 *
 * Tokens without an expiry (`expires_at IS NULL`) are kept: `NULL < now` is never true in SQL. Grants are kept
 * too: they are the audit trail of what was authorised and revoked. Each delete stands alone; a crash between
 * them leaves nothing inconsistent, only something for the next run.
 *
 * @example
 * setInterval(() => void purgeExpired(db, clock.now()), 60 * 60_000);
 */
export async function purgeExpired(db: Kysely<Database>, now: number): Promise<number> {
  const deleted = await Promise.all([
    db.deleteFrom('authorization_requests').where('expires_at', '<', now).executeTakeFirst(),
    db.deleteFrom('authorization_codes').where('expires_at', '<', now).executeTakeFirst(),
    db.deleteFrom('access_tokens').where('expires_at', '<', now).executeTakeFirst(),
    db.deleteFrom('refresh_tokens').where('expires_at', '<', now).executeTakeFirst(),
  ]);
  return deleted.reduce((sum, result) => sum + Number(result.numDeletedRows), 0);
}
