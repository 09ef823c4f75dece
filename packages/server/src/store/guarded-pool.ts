import { createHash } from 'node:crypto';
import type { PostgresPool, PostgresPoolClient } from 'kysely';
import type pg from 'pg';
import { classifyDatabaseError } from './database-fault.js';

/**
 * One pooled client as Kysely sees it, with what `pg-pool` leaves out:
 *
 * - A client whose query failed for reachability (`Query read timeout` on a frozen server, a dropped
 *   connection) is destroyed on release instead of going back to the pool. `pg` keeps waiting for the
 *   unanswered query on that socket, so a reused client would make every later query wait too; a fresh
 *   connection recovers as soon as the server answers again.
 * - An `error` listener while checked out: `pg-pool` listens only while the client is idle, and a socket that
 *   dies between two queries of a transaction would otherwise emit an unhandled `error` and end the process.
 */
/** SQL texts run as named prepared statements: parsed and planned once per connection, not on every run. */
const PREPARED_NAMES = new Map<string, string>();

/**
 * Runs `sql` as a named prepared statement on every pooled connection from now on. Only for a few fixed SQL
 * texts run very often (each name stays prepared on each connection for the connection's life).
 */
export function prepareStatement(sql: string, name: string): void {
  // The text's digest in the name: one name never stands for two texts (two stores in two schemas).
  PREPARED_NAMES.set(sql, `${name}_${createHash('sha256').update(sql).digest('hex').slice(0, 16)}`);
}

class GuardedClient {
  #failure: Error | undefined;

  constructor(readonly client: pg.PoolClient) {
    client.on('error', (error: Error) => {
      this.#failure ??= error;
    });
  }

  query(sql: string, parameters: readonly unknown[]): Promise<unknown> {
    const name = PREPARED_NAMES.get(sql);
    const query = name === undefined ? sql : { name, text: sql };
    return this.client.query(query, [...parameters]).catch((error: unknown) => {
      if (classifyDatabaseError(error).kind === 'unavailable') {
        this.#failure ??= error instanceof Error ? error : new Error(String(error));
      }
      throw error;
    });
  }

  release(destroy?: boolean): void {
    const failure = this.#failure ?? (destroy ? new Error('discarded') : undefined);
    this.client.release(failure);
  }
}

/**
 * Wraps a `pg` pool for Kysely's `PostgresDialect`, so a client that lost its server is dropped rather than
 * reused (see `GuardedClient`). Each `pg` client gets one wrapper for its life, as Kysely keys its connection
 * objects by client.
 *
 * @example
 * new PostgresDialect({ pool: guardedPool(new pg.Pool({ connectionString })) });
 */
export function guardedPool(pool: pg.Pool): PostgresPool {
  const wrappers = new WeakMap<pg.PoolClient, GuardedClient>();
  return {
    async connect() {
      const client = await pool.connect();
      let wrapper = wrappers.get(client);
      if (!wrapper) {
        wrapper = new GuardedClient(client);
        wrappers.set(client, wrapper);
      }
      // Kysely calls only `query(sql, parameters)` (no cursors here) and `release(destroy)`.
      return wrapper as unknown as PostgresPoolClient;
    },
    end: () => pool.end(),
  };
}
