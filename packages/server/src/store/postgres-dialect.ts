import { PostgresDialect } from 'kysely';
import pg from 'pg';

const INT8_OID = pg.types.builtins.INT8;

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
const types: pg.CustomTypesConfig = {
  getTypeParser: (oid, format) =>
    oid === INT8_OID && format !== 'binary' ? parseInt8 : pg.types.getTypeParser(oid, format),
};

export interface PostgresDialectOptions {
  /**
   * An idle pooled connection failed (server restart, network cut). The pool has already dropped it and the next
   * query opens a new one; without a listener Node would crash the process on this event.
   */
  onIdleConnectionError?: (error: Error) => void;
}

/**
 * A `pg` pool for `connectionString`, wrapped for Kysely; `bigint` columns come back as JS numbers.
 *
 * @example
 * const db = new Kysely<Database>({ dialect: createPostgresDialect('postgres://app@db:5432/app') });
 */
export function createPostgresDialect(
  connectionString: string,
  options: PostgresDialectOptions = {},
): PostgresDialect {
  const pool = new pg.Pool({
    connectionString,
    types,
    // A name the DBA sees in pg_stat_activity, unless the URL or PGAPPNAME sets one.
    fallback_application_name: 'unfurlkit',
    connectionTimeoutMillis: 10_000,
  });
  const onIdleConnectionError = options.onIdleConnectionError ?? (() => {});
  pool.on('error', onIdleConnectionError);
  return new PostgresDialect({ pool });
}
