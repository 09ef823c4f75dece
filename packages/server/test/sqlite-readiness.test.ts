import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import BetterSqlite3 from 'better-sqlite3';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { openStore } from '../src/store/open-store.js';
import { type Harness, startHarness } from './support/harness.js';
import { authorizeUrl, browse, connect, signedInJar } from './support/oauth-flow.js';

/*
 * SQLite as the server serves it: the durability the docs promise, read back through the server's own
 * connection, and a database held busy by another process answered 503, not 500.
 */

let dir: string;
let file: string;
let h: Harness;

beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'unfurlkit-sqlite-ready-'));
  file = join(dir, 'unfurlkit.db');
  // An existing WAL database, as after a restart: a new connection to one starts at better-sqlite3's WAL
  // default (NORMAL), so only an explicit pragma makes the server's connection FULL.
  await (await openStore(`sqlite:${file}`)).close();
  h = await startHarness({ config: { DATABASE_URL: `sqlite:${file}`, DATABASE_TIMEOUT_MS: 100 } });
});
afterEach(async () => {
  await h.close();
  await rm(dir, { recursive: true, force: true });
});

describe('SQLite durability and readiness', () => {
  it('/readyz reads synchronous=full from the connection the server writes with', async () => {
    const other = new BetterSqlite3(file);
    try {
      // The baseline the server must not inherit.
      expect(other.pragma('synchronous', { simple: true })).toBe(1);
    } finally {
      other.close();
    }
    const response = await fetch(`${h.url}/readyz`);
    expect(response.status).toBe(200);
    expect(response.headers.get('cache-control')).toBe('no-store');
    expect(await response.json()).toEqual({
      status: 'ready',
      database: { dialect: 'sqlite', synchronous: 'full' },
    });
    expect(await (await fetch(`${h.url}/healthz`)).json()).toEqual({ status: 'ok' });
  });

  it('a write lock held past DATABASE_TIMEOUT_MS is a 503 with Retry-After, and nothing once released', async () => {
    const tokens = await connect(h);
    const unfurl = () =>
      fetch(`${h.url}/unfurl`, {
        method: 'POST',
        headers: { authorization: `Bearer ${tokens.access_token}`, 'content-type': 'application/json' },
        body: JSON.stringify({ uri: 'https://fixture.test/items/7' }),
      });
    const locker = new BetterSqlite3(file);
    try {
      locker.exec('begin immediate');
      const busy = await unfurl();
      expect(busy.status).toBe(503);
      expect(busy.headers.get('retry-after')).toBe('5');
      expect(await busy.json()).toMatchObject({ error: 'temporarily_unavailable' });
      const page = await browse(authorizeUrl(h), signedInJar());
      expect(page.status).toBe(503);
      expect(page.headers.get('content-type')).toMatch(/^text\/html/);
      // Busy is not unreachable: reads go on (WAL), and the server stays ready.
      expect((await fetch(`${h.url}/readyz`)).status).toBe(200);
    } finally {
      locker.exec('rollback');
      locker.close();
    }
    expect((await unfurl()).status).toBe(200);
    expect(h.logs.some((line) => line.includes('"reason":"busy"'))).toBe(true);
  });
});
