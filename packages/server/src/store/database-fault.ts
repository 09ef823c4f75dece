/**
 * Why the database could not answer, when the fault is the database's reachability and not the query: the
 * request may succeed if retried later, so the server answers 503 with `Retry-After` instead of 500.
 */
export type UnavailableReason =
  | 'connection refused'
  | 'connection lost'
  | 'timed out'
  | 'unreachable'
  | 'shutting down'
  | 'starting up'
  | 'too many connections'
  | 'out of resources'
  | 'busy'
  | 'i/o error'
  | 'disk full'
  | 'cannot open';

/** What a failed store call means for the caller: retry later (`unavailable`), or a bug or bad data (`other`). */
export type DatabaseFault = { kind: 'unavailable'; reason: UnavailableReason } | { kind: 'other' };

/** Node's socket and DNS errors (`error.code`). */
const SOCKET_CODES: Readonly<Record<string, UnavailableReason>> = {
  ECONNREFUSED: 'connection refused',
  ECONNRESET: 'connection lost',
  EPIPE: 'connection lost',
  ECONNABORTED: 'connection lost',
  ETIMEDOUT: 'timed out',
  EHOSTUNREACH: 'unreachable',
  ENETUNREACH: 'unreachable',
  EHOSTDOWN: 'unreachable',
  ENETDOWN: 'unreachable',
  ENOTFOUND: 'unreachable',
  EAI_AGAIN: 'unreachable',
};

/** PostgreSQL SQLSTATEs (Appendix A) that say the server, not the statement, failed. */
const SQLSTATES: Readonly<Record<string, UnavailableReason>> = {
  '57P01': 'shutting down', // admin_shutdown: a fast or immediate stop
  '57P02': 'shutting down', // crash_shutdown
  '57P03': 'starting up', // cannot_connect_now: starting, recovering or stopping
  '57P05': 'connection lost', // idle_session_timeout
  '25P03': 'connection lost', // idle_in_transaction_session_timeout
  '57014': 'timed out', // query_canceled: our statement_timeout
  '53300': 'too many connections',
  '53000': 'out of resources',
  '53100': 'disk full',
  '53200': 'out of resources',
};

/** SQLite result codes (better-sqlite3's `error.code`, extended codes included by prefix). */
const SQLITE_PREFIXES: ReadonlyArray<[string, UnavailableReason]> = [
  ['SQLITE_BUSY', 'busy'],
  ['SQLITE_LOCKED', 'busy'],
  ['SQLITE_IOERR', 'i/o error'],
  ['SQLITE_FULL', 'disk full'],
  ['SQLITE_CANTOPEN', 'cannot open'],
  ['SQLITE_PROTOCOL', 'busy'],
];

/** `pg` and `pg-pool` report their own connection failures with these messages only (no code). */
const PG_MESSAGES: ReadonlyArray<[RegExp, UnavailableReason]> = [
  [/^Connection terminated due to connection timeout$/, 'timed out'],
  [/^Connection terminated( unexpectedly)?$/, 'connection lost'],
  [/^timeout exceeded when trying to connect$/, 'timed out'],
  [/^timeout expired$/, 'timed out'],
  [/^Query read timeout$/, 'timed out'],
  [/^Client has encountered a connection error and is not queryable$/, 'connection lost'],
];

function reasonOf(error: object): UnavailableReason | undefined {
  const code = 'code' in error && typeof error.code === 'string' ? error.code : undefined;
  if (code !== undefined) {
    const known = SOCKET_CODES[code] ?? SQLSTATES[code];
    if (known) return known;
    // Class 08, connection exception: the server or the network dropped us.
    if (/^08[0-9A-Z]{3}$/.test(code)) return 'connection lost';
    const sqlite = SQLITE_PREFIXES.find(([prefix]) => code.startsWith(prefix));
    if (sqlite) return sqlite[1];
  }
  const message = 'message' in error && typeof error.message === 'string' ? error.message : '';
  return PG_MESSAGES.find(([pattern]) => pattern.test(message))?.[1];
}

/** The errors `error` wraps: `cause`, an OAuth library's `inner`, an `AggregateError`'s list (one per address). */
function wrapped(error: object): unknown[] {
  const inner: unknown[] = [];
  if ('cause' in error) inner.push(error.cause);
  if ('inner' in error) inner.push(error.inner);
  if (error instanceof AggregateError) inner.push(...error.errors);
  return inner;
}

/**
 * Sorts a failed store call: `unavailable` when the database could not be reached or did not answer in time
 * (connection refused, reset or terminated, a timeout, a server shutting down or starting up, SQLite busy or out
 * of disk), which a later retry may fix; `other` for everything else (a constraint, a programming error, bad
 * data), which a retry will not. Looks through wrappers (`cause`, `inner`, `AggregateError`), a few levels deep.
 * Pure.
 *
 * @example
 * classifyDatabaseError(Object.assign(new Error('connect ECONNREFUSED 127.0.0.1:5432'), { code: 'ECONNREFUSED' }))
 * // { kind: 'unavailable', reason: 'connection refused' }
 * classifyDatabaseError(Object.assign(new Error('duplicate key value'), { code: '23505' })) // { kind: 'other' }
 */
export function classifyDatabaseError(error: unknown): DatabaseFault {
  let level: unknown[] = [error];
  for (let depth = 0; depth < 4 && level.length > 0; depth++) {
    const next: unknown[] = [];
    for (const candidate of level) {
      if (typeof candidate !== 'object' || candidate === null) continue;
      const reason = reasonOf(candidate);
      if (reason) return { kind: 'unavailable', reason };
      next.push(...wrapped(candidate));
    }
    level = next;
  }
  return { kind: 'other' };
}
