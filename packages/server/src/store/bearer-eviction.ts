import type { Kysely } from 'kysely';
import type { AccessTokenCache } from './access-token-cache.js';
import type { Database } from './database.js';
import { sql } from './kysely/kysely-runtime.js';

/**
 * The PostgreSQL channel on which instances tell each other to evict cached bearer lookups. The payload names
 * what to evict by id only (`grant:<id>` or `connection:<id>`): never a token, nor a token's digest.
 */
export const BEARER_EVICT_CHANNEL = 'unfurlkit_bearer_evict';

/** What a revoking write touched: the tokens of one grant, or of every grant bound to one Notion connection. */
export type BearerEviction = { grantId: string } | { connectionId: string };

function payloadOf(eviction: BearerEviction): string {
  return 'grantId' in eviction ? `grant:${eviction.grantId}` : `connection:${eviction.connectionId}`;
}

/**
 * Queues the notice in `trx`, the revoking write's transaction: PostgreSQL delivers it to every listening
 * instance when (and only if) the transaction commits, before the commit returns here.
 */
export async function notifyEviction(trx: Kysely<Database>, eviction: BearerEviction): Promise<void> {
  await sql`select pg_notify(${BEARER_EVICT_CHANNEL}, ${payloadOf(eviction)})`.execute(trx);
}

/** Applies a notice received on the channel; a payload it cannot read evicts everything (it costs only reads). */
export function applyEviction(cache: AccessTokenCache, payload: string): void {
  const separator = payload.indexOf(':');
  const kind = payload.slice(0, separator);
  const id = payload.slice(separator + 1);
  if (separator > 0 && kind === 'grant') cache.evictGrant(id);
  else if (separator > 0 && kind === 'connection') cache.evictConnection(id);
  else cache.evictAll();
}
