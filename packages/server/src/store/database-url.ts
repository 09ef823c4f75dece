import path from 'node:path';
import { UnfurlkitError } from '@unfurlkit/core';

/** Where the store lives, as read from `DATABASE_URL`. */
export type DatabaseLocation =
  | {
      kind: 'sqlite';
      /** Absolute path of the database file, or `:memory:`. */
      filename: string;
      /** Safe to print in logs and error messages. */
      display: string;
    }
  | {
      kind: 'postgres';
      /** The URL as given, password included: hand it to the driver, never to a log. */
      connectionString: string;
      /** The URL without its password, safe to print. */
      display: string;
    };

const FORMS = 'sqlite:./data/unfurlkit.db, sqlite::memory: or postgres://user:password@host:5432/database';

function invalid(message: string): UnfurlkitError {
  return new UnfurlkitError('UNFURLKIT_CONFIG_INVALID', `DATABASE_URL ${message}. Use one of: ${FORMS}.`);
}

function parseSqlite(rest: string, cwd: string): DatabaseLocation {
  if (rest === ':memory:') return { kind: 'sqlite', filename: ':memory:', display: 'sqlite::memory:' };
  // `sqlite://x` means different things in different tools (host? relative? absolute?): refuse to guess.
  if (rest.startsWith('//')) {
    throw invalid(
      'starts with "sqlite://", which is ambiguous: write sqlite:./relative/file.db or sqlite:/absolute/file.db',
    );
  }
  if (rest.trim() === '') throw invalid('is "sqlite:" without a file path');
  const filename = path.resolve(cwd, rest);
  return { kind: 'sqlite', filename, display: `sqlite:${filename}` };
}

function parsePostgres(value: string): DatabaseLocation {
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    // The value may hold a password: name the problem, not the value.
    throw invalid('starts with a PostgreSQL scheme but is not a valid URL');
  }
  // An empty host is legal: like libpq, pg then falls back to PGHOST or localhost (`postgres:///db`).
  if (url.password !== '') url.password = '***';
  return { kind: 'postgres', connectionString: value, display: url.toString() };
}

/**
 * Reads `DATABASE_URL`. Pure: it resolves a relative SQLite path against `cwd` but creates nothing (opening the
 * store does). Error messages never repeat the value, which may carry a password.
 *
 * @example
 * parseDatabaseUrl('sqlite:./data/unfurlkit.db', '/srv/app');
 * // → { kind: 'sqlite', filename: '/srv/app/data/unfurlkit.db', display: 'sqlite:/srv/app/data/unfurlkit.db' }
 */
export function parseDatabaseUrl(value: string, cwd: string = process.cwd()): DatabaseLocation {
  const trimmed = value.trim();
  if (trimmed === '') throw invalid('is empty');
  const scheme = /^([a-z][a-z0-9+.-]*):/i.exec(trimmed)?.[1]?.toLowerCase();
  if (scheme === 'sqlite') return parseSqlite(trimmed.slice('sqlite:'.length), cwd);
  if (scheme === 'postgres' || scheme === 'postgresql') return parsePostgres(trimmed);
  if (scheme === undefined) throw invalid('has no scheme');
  throw invalid(`has the scheme "${scheme}:", which unfurlkit does not support`);
}
