import type { Kysely, SelectQueryBuilder } from 'kysely';
import type { Database } from './database.js';

/** A subquery naming the grants to revoke, e.g. "the grant with this id" or "every grant of this connection". */
export type GrantIdsQuery = SelectQueryBuilder<Database, 'grants', { id: string }>;

/**
 * Revokes the grants `grantIds` selects and every access and refresh token issued under them; returns how many
 * grants were still live. Run it inside a transaction so a grant is never revoked without its tokens.
 *
 * Idempotent: `revoked_at IS NULL` in every update keeps the first revocation time (the audit trail says when
 * the grant died, not when someone last asked), and makes a repeat count zero.
 *
 * @example
 * await db.transaction().execute((trx) =>
 *   revokeGrants(trx, trx.selectFrom('grants').select('id').where('connection_id', '=', connectionId), now),
 * );
 */
export async function revokeGrants(
  trx: Kysely<Database>,
  grantIds: GrantIdsQuery,
  now: number,
): Promise<number> {
  await trx
    .updateTable('access_tokens')
    .set({ revoked_at: now })
    .where('revoked_at', 'is', null)
    .where('grant_id', 'in', grantIds)
    .execute();
  await trx
    .updateTable('refresh_tokens')
    .set({ revoked_at: now })
    .where('revoked_at', 'is', null)
    .where('grant_id', 'in', grantIds)
    .execute();
  const result = await trx
    .updateTable('grants')
    .set({ revoked_at: now })
    .where('revoked_at', 'is', null)
    .where('id', 'in', grantIds)
    .executeTakeFirst();
  return Number(result.numUpdatedRows);
}
