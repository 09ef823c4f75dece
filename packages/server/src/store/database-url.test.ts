import { isUnfurlkitError } from '@unfurlkit/core';
import { describe, expect, it } from 'vitest';
import { parseDatabaseUrl } from './database-url.js';

/** The thrown error, for asserting on its code and message. */
function errorOf(value: string): Error {
  try {
    parseDatabaseUrl(value, '/srv/app');
  } catch (error) {
    if (error instanceof Error) return error;
  }
  throw new Error(`expected ${value} to be refused`);
}

describe('parseDatabaseUrl', () => {
  it('resolves a relative SQLite path against cwd', () => {
    expect(parseDatabaseUrl('sqlite:./data/unfurlkit.db', '/srv/app')).toEqual({
      kind: 'sqlite',
      filename: '/srv/app/data/unfurlkit.db',
      display: 'sqlite:/srv/app/data/unfurlkit.db',
    });
    expect(parseDatabaseUrl('sqlite:unfurlkit.db', '/srv/app')).toMatchObject({
      filename: '/srv/app/unfurlkit.db',
    });
  });

  it('keeps an absolute SQLite path, and defaults cwd to the process cwd', () => {
    expect(parseDatabaseUrl('sqlite:/var/lib/unfurlkit/db.sqlite', '/srv/app')).toMatchObject({
      filename: '/var/lib/unfurlkit/db.sqlite',
    });
    expect(parseDatabaseUrl('sqlite:x.db')).toMatchObject({ filename: `${process.cwd()}/x.db` });
  });

  it('reads sqlite::memory:', () => {
    expect(parseDatabaseUrl('sqlite::memory:')).toEqual({
      kind: 'sqlite',
      filename: ':memory:',
      display: 'sqlite::memory:',
    });
  });

  it('reads postgres:// and postgresql://, hiding the password only in the display form', () => {
    const url = 'postgres://app:s3cr%40t@db.internal:5432/unfurlkit?sslmode=require';
    const parsed = parseDatabaseUrl(url);
    expect(parsed).toEqual({
      kind: 'postgres',
      connectionString: url,
      display: 'postgres://app:***@db.internal:5432/unfurlkit?sslmode=require',
    });
    expect(parseDatabaseUrl('postgresql://app@db/unfurlkit')).toMatchObject({ kind: 'postgres' });
    expect(parseDatabaseUrl('  POSTGRES://app@db/unfurlkit ')).toMatchObject({ kind: 'postgres' });
    // No host: pg falls back to PGHOST or localhost, as libpq does.
    expect(parseDatabaseUrl('postgres:///unfurlkit')).toMatchObject({ kind: 'postgres' });
  });

  it('refuses an unknown scheme with UNFURLKIT_CONFIG_INVALID and the forms it accepts', () => {
    const error = errorOf('mysql://root:hunter2@localhost/app');
    expect(isUnfurlkitError(error, 'UNFURLKIT_CONFIG_INVALID')).toBe(true);
    expect(error.message).toContain('"mysql:"');
    expect(error.message).toContain('sqlite:./data/unfurlkit.db');
    expect(error.message).toContain('postgres://');
    expect(error.message).not.toContain('hunter2');
  });

  it.each([
    ['', 'is empty'],
    ['   ', 'is empty'],
    ['./data/unfurlkit.db', 'has no scheme'],
    ['sqlite:', 'without a file path'],
    ['sqlite://data.db', 'ambiguous'],
  ])('refuses %j: DATABASE_URL %s', (value, words) => {
    const error = errorOf(value);
    expect(isUnfurlkitError(error, 'UNFURLKIT_CONFIG_INVALID')).toBe(true);
    expect(error.message).toContain('DATABASE_URL');
    expect(error.message).toContain(words);
  });

  it('never repeats a malformed PostgreSQL URL, which may hold a password', () => {
    const error = errorOf('postgres://app:hunter2@[bad');
    expect(error.message).toContain('not a valid URL');
    expect(error.message).not.toContain('hunter2');
  });
});
