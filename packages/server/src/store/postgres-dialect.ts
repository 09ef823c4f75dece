import { createRequire } from 'node:module';
import type Pg from 'pg';
import { guardedPool } from './guarded-pool.js';
import { PostgresDialect } from './kysely/kysely-runtime.js';

/** The driver, loaded when the first PostgreSQL client is made: a server on SQLite never loads it. */
let driver: typeof Pg | undefined;
export function pgDriver(): typeof Pg {
  driver ??= createRequire(import.meta.url)('pg') as typeof Pg;
  return driver;
}

/** int8 (`bigint`) arrives as text because it can exceed 2^53; our epoch-ms times never do, so read numbers. */
function parseInt8(text: string): number {
  const value = Number(text);
  // Refuse rather than round: a silently wrong time would break expiry checks.
  if (!Number.isSafeInteger(value))
    throw new RangeError(`int8 value ${text} is not a safe JavaScript integer`);
  return value;
}

/**
 * Type parsers for this pool only. `pg.types.setTypeParser` would change every pool in the process, including
 * the product's own if it uses `pg` too.
 */
const types: Pg.CustomTypesConfig = {
  getTypeParser: (oid, format) =>
    oid === pgDriver().types.builtins.INT8 && format !== 'binary'
      ? parseInt8
      : pgDriver().types.getTypeParser(oid, format),
};

export interface PostgresDialectOptions {
  /**
   * The most a statement may run, and a connection attempt (or a wait for a free pooled one) may take, in ms
   * (DATABASE_TIMEOUT_MS). Default 5000.
   */
  timeoutMs?: number;
  /**
   * Leave statements unbounded (connecting stays bounded): for migrations, where a wait for the migration lock
   * held by another starting server, or an index build on a large table, may rightly take longer than a request.
   */
  unboundedStatements?: boolean;
  /**
   * An idle pooled connection failed (server restart, network cut). The pool has already dropped it and the next
   * query opens a new one; without a listener Node would crash the process on this event.
   */
  onIdleConnectionError?: (error: Error) => void;
  /** The most connections the pool opens (DATABASE_POOL_SIZE). Default 10, `pg`'s own default. */
  poolSize?: number;
}

/**
 * A client waits this much longer than `statement_timeout` before it gives up on an answer itself: normally the
 * server cancels first, with a clean error; the client's own limit is for a server that cannot answer at all
 * (frozen, or cut off by the network).
 */
const CLIENT_TIMEOUT_MARGIN_MS = 500;

/**
 * A `pg` pool for `connectionString`, wrapped for Kysely; `bigint` columns come back as JS numbers. Every wait
 * is bounded by `timeoutMs`, so an unreachable or frozen database fails a call instead of hanging it:
 *
 * - `connectionTimeoutMillis`: connecting, and waiting for a free pooled connection;
 * - `statement_timeout`: a statement running too long (the server cancels it, SQLSTATE 57014);
 * - `query_timeout`: no answer at all, a little later (`CLIENT_TIMEOUT_MARGIN_MS`); the client is then dropped;
 * - `idle_in_transaction_session_timeout`: the server ends a session left inside a transaction, so a stuck
 *   process cannot hold row locks;
 * - TCP keep-alive, so a connection to a vanished host is noticed while idle.
 *
 * @example
 * const db = new Kysely<Database>({ dialect: createPostgresDialect('postgres://app@db:5432/app') });
 */
export function createPostgresDialect(
  connectionString: string,
  options: PostgresDialectOptions = {},
): PostgresDialect {
  const timeoutMs = Math.trunc(options.timeoutMs ?? 5_000);
  const statementLimits = options.unboundedStatements
    ? {}
    : {
        statement_timeout: timeoutMs,
        query_timeout: timeoutMs + CLIENT_TIMEOUT_MARGIN_MS,
        idle_in_transaction_session_timeout: timeoutMs,
      };
  const pool = new (pgDriver().Pool)({
    connectionString,
    types,
    // A name the DBA sees in pg_stat_activity, unless the URL or PGAPPNAME sets one.
    fallback_application_name: 'unfurlkit',
    connectionTimeoutMillis: timeoutMs,
    max: options.poolSize ?? 10,
    keepAlive: true,
    ...statementLimits,
  });
  const onIdleConnectionError = options.onIdleConnectionError ?? (() => {});
  pool.on('error', onIdleConnectionError);
  return new PostgresDialect({ pool: guardedPool(pool) });
}
