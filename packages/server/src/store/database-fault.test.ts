import { createServer } from 'node:net';
import OAuth2Server from '@node-oauth/oauth2-server';
import BetterSqlite3 from 'better-sqlite3';
import pg from 'pg';
import { describe, expect, it } from 'vitest';
import { classifyDatabaseError } from './database-fault.js';

const coded = (message: string, code: string) => Object.assign(new Error(message), { code });

/** A loopback port nothing listens on: bound, then closed. */
async function closedPort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  await new Promise((resolve) => server.close(resolve));
  return typeof address === 'object' && address ? address.port : 0;
}

describe('classifyDatabaseError', () => {
  it.each([
    ['connect ECONNREFUSED 127.0.0.1:5432', 'ECONNREFUSED', 'connection refused'],
    ['read ECONNRESET', 'ECONNRESET', 'connection lost'],
    ['connect ETIMEDOUT', 'ETIMEDOUT', 'timed out'],
    ['getaddrinfo EAI_AGAIN db', 'EAI_AGAIN', 'unreachable'],
    ['terminating connection due to administrator command', '57P01', 'shutting down'],
    ['the database system is starting up', '57P03', 'starting up'],
    ['canceling statement due to statement timeout', '57014', 'timed out'],
    ['sorry, too many clients already', '53300', 'too many connections'],
    ['connection failure', '08006', 'connection lost'],
    ['database is locked', 'SQLITE_BUSY', 'busy'],
    ['database is locked', 'SQLITE_BUSY_SNAPSHOT', 'busy'],
    ['disk I/O error', 'SQLITE_IOERR_FSYNC', 'i/o error'],
    ['database or disk is full', 'SQLITE_FULL', 'disk full'],
  ])('%s (%s) is unavailable: %s', (message, code, reason) => {
    expect(classifyDatabaseError(coded(message, code))).toEqual({ kind: 'unavailable', reason });
  });

  it.each([
    ['Connection terminated unexpectedly', 'connection lost'],
    ['Connection terminated', 'connection lost'],
    ['Connection terminated due to connection timeout', 'timed out'],
    ['timeout exceeded when trying to connect', 'timed out'],
    ['Query read timeout', 'timed out'],
    ['Client has encountered a connection error and is not queryable', 'connection lost'],
  ])('pg\'s own "%s" is unavailable: %s', (message, reason) => {
    expect(classifyDatabaseError(new Error(message))).toEqual({ kind: 'unavailable', reason });
  });

  it.each([
    ['duplicate key value violates unique constraint', '23505'],
    ['syntax error at or near "selec"', '42601'],
    ['relation "grants" does not exist', '42P01'],
    ['deadlock detected', '40P01'],
    ['FOREIGN KEY constraint failed', 'SQLITE_CONSTRAINT_FOREIGNKEY'],
    ['no such table: grants', 'SQLITE_ERROR'],
    ['database disk image is malformed', 'SQLITE_CORRUPT'],
  ])('%s (%s) is not a reachability fault', (message, code) => {
    expect(classifyDatabaseError(coded(message, code))).toEqual({ kind: 'other' });
  });

  it('leaves plain errors, non-errors and a numeric code alone', () => {
    expect(
      classifyDatabaseError(new TypeError("Cannot read properties of undefined (reading 'id')")),
    ).toEqual({
      kind: 'other',
    });
    expect(classifyDatabaseError(new Error('Cannot use a pool after calling end on the pool'))).toEqual({
      kind: 'other',
    });
    expect(classifyDatabaseError(undefined)).toEqual({ kind: 'other' });
    expect(classifyDatabaseError('ECONNREFUSED')).toEqual({ kind: 'other' });
    expect(classifyDatabaseError(Object.assign(new Error('x'), { code: 500 }))).toEqual({ kind: 'other' });
  });

  it('looks through cause, the OAuth library wrapper and AggregateError, but not forever', () => {
    const refused = coded('connect ECONNREFUSED 127.0.0.1:5432', 'ECONNREFUSED');
    expect(classifyDatabaseError(new Error('outer', { cause: refused })).kind).toBe('unavailable');
    expect(classifyDatabaseError(new OAuth2Server.ServerError(refused))).toEqual({
      kind: 'unavailable',
      reason: 'connection refused',
    });
    expect(classifyDatabaseError(new AggregateError([new Error('a'), refused])).kind).toBe('unavailable');
    const cyclic = new Error('loop') as Error & { cause?: unknown };
    cyclic.cause = cyclic;
    expect(classifyDatabaseError(cyclic)).toEqual({ kind: 'other' });
  });

  it('classifies what the real drivers throw', async () => {
    const client = new pg.Client({
      host: '127.0.0.1',
      port: await closedPort(),
      connectionTimeoutMillis: 2_000,
    });
    const refused = await client.connect().then(
      () => undefined,
      (error: unknown) => error,
    );
    expect(classifyDatabaseError(refused)).toEqual({ kind: 'unavailable', reason: 'connection refused' });

    const sqlite = new BetterSqlite3(':memory:');
    try {
      sqlite.exec('create table t (id integer primary key)');
      sqlite.exec('insert into t values (1)');
      const duplicate = (() => {
        try {
          sqlite.exec('insert into t values (1)');
        } catch (error) {
          return error;
        }
      })();
      expect(duplicate).toBeInstanceOf(BetterSqlite3.SqliteError);
      expect(classifyDatabaseError(duplicate)).toEqual({ kind: 'other' });
    } finally {
      sqlite.close();
    }
  });
});
