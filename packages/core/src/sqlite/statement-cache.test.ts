import { describe, expect, it } from 'vitest';
import { withStatementCache } from './index.js';

/** A database that prepares numbered statements and counts how often it was asked to. */
function countingDatabase() {
  const prepared: string[] = [];
  let closed = 0;
  return {
    prepared,
    closed: () => closed,
    database: {
      prepare: (sql: string) => {
        prepared.push(sql);
        return { sql, serial: prepared.length };
      },
      close: () => {
        closed += 1;
      },
    },
  };
}

describe('withStatementCache', () => {
  it('prepares each SQL text once and hands back the same statement after', () => {
    const { database, prepared } = countingDatabase();
    const cached = withStatementCache(database);
    const first = cached.prepare('select 1');
    expect(cached.prepare('select 1')).toBe(first);
    expect(cached.prepare('select 2')).not.toBe(first);
    expect(prepared).toEqual(['select 1', 'select 2']);
  });

  it('keeps at most the given number of texts, dropping the least recently used', () => {
    const { database, prepared } = countingDatabase();
    const cached = withStatementCache(database, 2);
    cached.prepare('a');
    cached.prepare('b');
    cached.prepare('a'); // a is now the most recently used
    cached.prepare('c'); // drops b
    cached.prepare('a');
    cached.prepare('c');
    expect(prepared).toEqual(['a', 'b', 'c']);
    cached.prepare('b'); // prepared again, drops a
    cached.prepare('a');
    expect(prepared).toEqual(['a', 'b', 'c', 'b', 'a']);
  });

  it('closes the database and forgets its statements', () => {
    const { database, prepared, closed } = countingDatabase();
    const cached = withStatementCache(database);
    cached.prepare('select 1');
    cached.close();
    expect(closed()).toBe(1);
    cached.prepare('select 1');
    expect(prepared).toEqual(['select 1', 'select 1']);
  });
});
