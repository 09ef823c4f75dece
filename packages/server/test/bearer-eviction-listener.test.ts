import { spawnSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { fileURLToPath } from 'node:url';
import pg from 'pg';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { AccessTokenCache, type AccessTokenGrant } from '../src/store/access-token-cache.js';
import { applyEviction, BEARER_EVICT_CHANNEL } from '../src/store/bearer-eviction.js';
import { BearerEvictionListener, type BearerListenerEvents } from '../src/store/bearer-eviction-listener.js';
import { openStore } from '../src/store/open-store.js';
import {
  assertPostgresReachable,
  createSchema,
  dropSchema,
  PG_TEST_URL,
  uniqueSchemaName,
} from './postgres-test-schema.js';
import { aGrant, anAccessToken, givenGrant, T0 } from './store-fixtures.js';

/*
 * The bearer cache's states against the real PostgreSQL: it serves from memory only while its listener listens,
 * a notice on the channel evicts, a cut connection suspends it at once until a new one listens, and a closed
 * listener leaves nothing behind. The cache's clock is the test's, and never moves: an entry can only leave by
 * eviction, so every "read again" below is the listener's doing, not the 1 s bound's.
 */

const NAME = `unfurlkit_listener_test_${process.pid}_${randomBytes(3).toString('hex')}`;
const LISTENER_URL = `${PG_TEST_URL}?application_name=${NAME}`;
const FAST_BACKOFF = { firstMs: 20, maxMs: 200 };

function aLookup(grantId: string, connectionId: string): AccessTokenGrant {
  const grant = aGrant(connectionId, { id: grantId });
  return { token: anAccessToken(grant.id), grant, connectionExists: true };
}

/** A cache whose clock stands still, and a read that counts how often the database was asked. */
function frozenCache() {
  const cache = new AccessTokenCache({ maxAgeMs: 1000, maxEntries: 100, serving: false, now: () => 0 });
  const reads = { count: 0 };
  const lookup = (found: AccessTokenGrant) =>
    cache.lookup(found.token.tokenHash, async () => {
      reads.count += 1;
      return found;
    });
  return { cache, reads, lookup };
}

/** Polls `check` up to 200 times, 20 ms apart; true as soon as it holds. */
async function within(check: () => boolean | Promise<boolean>): Promise<boolean> {
  for (let i = 0; i < 200; i++) {
    if (await check()) return true;
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
  return false;
}

async function sql(text: string, values: unknown[] = []): Promise<pg.QueryResult> {
  const client = new pg.Client({ connectionString: PG_TEST_URL });
  await client.connect();
  try {
    return await client.query(text, values);
  } finally {
    await client.end();
  }
}

const notify = (payload: string) => sql('select pg_notify($1, $2)', [BEARER_EVICT_CHANNEL, payload]);
const listenerSessions = async () =>
  (await sql('select pid from pg_stat_activity where application_name = $1', [NAME])).rowCount ?? 0;

let listeners: BearerEvictionListener[] = [];
function listen(cache: AccessTokenCache, events: BearerListenerEvents = {}, url = LISTENER_URL) {
  const listener = new BearerEvictionListener(url, cache, {
    timeoutMs: 2_000,
    backoff: FAST_BACKOFF,
    events,
  });
  listeners.push(listener);
  listener.start();
  return listener;
}

beforeAll(async () => {
  await assertPostgresReachable();
});
afterEach(async () => {
  await Promise.all(listeners.map((listener) => listener.close()));
  listeners = [];
});

describe('the bearer cache and its eviction listener', () => {
  it('reads the database on every lookup until it listens, then serves from memory', async () => {
    const { cache, reads, lookup } = frozenCache();
    const found = aLookup('grant-a', 'connection-a');
    await lookup(found);
    await lookup(found);
    expect(reads.count).toBe(2);

    listen(cache);
    expect(await within(() => cache.serving)).toBe(true);
    await lookup(found);
    await lookup(found);
    await lookup(found);
    expect(reads.count).toBe(3);
  });

  it("evicts a grant's or a connection's lookups when another session notifies, and only those", async () => {
    const { cache, reads, lookup } = frozenCache();
    listen(cache);
    expect(await within(() => cache.serving)).toBe(true);
    const first = aLookup('grant-1', 'connection-1');
    const second = aLookup('grant-2', 'connection-2');
    await lookup(first);
    await lookup(second);
    expect(reads.count).toBe(2);

    // Notices arrive in the order they were committed: once the second has evicted, the first was applied.
    await notify('grant:some-other-grant');
    await notify('grant:grant-1');
    expect(
      await within(async () => {
        const before = reads.count;
        await lookup(first);
        return reads.count > before;
      }),
    ).toBe(true);
    const afterGrant = reads.count;
    await lookup(second);
    expect(reads.count).toBe(afterGrant);

    await notify('connection:connection-2');
    expect(
      await within(async () => {
        const before = reads.count;
        await lookup(second);
        return reads.count > before;
      }),
    ).toBe(true);
  });

  it('stops serving the moment its connection is cut, says so once, and serves again once it listens again', async () => {
    const { cache, reads, lookup } = frozenCache();
    const lost: Error[] = [];
    let back = 0;
    listen(cache, { onLost: (error) => lost.push(error), onListening: () => (back += 1) });
    expect(await within(() => cache.serving)).toBe(true);
    const found = aLookup('grant-cut', 'connection-cut');
    await lookup(found);
    await lookup(found);
    expect(reads.count).toBe(1);

    await sql('select pg_terminate_backend(pid) from pg_stat_activity where application_name = $1', [NAME]);
    expect(await within(() => lost.length > 0)).toBe(true);
    // Whatever it held is gone: a revocation may have gone unheard while the connection was down.
    expect(await within(() => back === 1)).toBe(true);
    await lookup(found);
    expect(reads.count).toBe(2);
    await lookup(found);
    expect(reads.count).toBe(2);
    expect(lost).toHaveLength(1);
    expect(cache.serving).toBe(true);
  });

  it('while the database cannot be reached it never serves, and says so once however often it retries', async () => {
    const { cache, reads, lookup } = frozenCache();
    const lost: Error[] = [];
    // A port nothing listens on: every attempt is refused.
    listen(cache, { onLost: (error) => lost.push(error) }, 'postgres://postgres@127.0.0.1:1/test');
    expect(await within(() => lost.length > 0)).toBe(true);
    const found = aLookup('grant-down', 'connection-down');
    for (let i = 0; i < 5; i++) {
      await lookup(found);
      await new Promise((resolve) => setTimeout(resolve, FAST_BACKOFF.maxMs / 4));
    }
    expect(reads.count).toBe(5);
    expect(cache.serving).toBe(false);
    expect(lost).toHaveLength(1);
  });

  it('once closed, stops serving, ends its session and does not come back', async () => {
    const { cache } = frozenCache();
    const listener = listen(cache);
    expect(await within(() => cache.serving)).toBe(true);
    expect(await listenerSessions()).toBe(1);
    await listener.close();
    expect(cache.serving).toBe(false);
    expect(await within(async () => (await listenerSessions()) === 0)).toBe(true);
  });

  it('can be closed while it is still connecting', async () => {
    const { cache } = frozenCache();
    const listener = listen(cache);
    await listener.close();
    expect(cache.serving).toBe(false);
    expect(await within(async () => (await listenerSessions()) === 0)).toBe(true);
    expect(cache.serving).toBe(false);
  });
});

describe("the store's revoking writes on PostgreSQL", () => {
  it('each notify every listener, so its cache drops what they touched', async () => {
    const schema = uniqueSchemaName('bearer_notify');
    await createSchema(schema);
    const store = await openStore(`${PG_TEST_URL}?options=${encodeURIComponent(`-c search_path=${schema}`)}`);
    try {
      const { cache, reads, lookup } = frozenCache();
      listen(cache);
      expect(await within(() => cache.serving)).toBe(true);
      const grants = [await givenGrant(store), await givenGrant(store), await givenGrant(store)];
      const found = grants.map(({ grant }) => ({ ...aLookup(grant.id, grant.connectionId), grant }));
      const evictedBy = async (write: () => Promise<unknown>, which: AccessTokenGrant) => {
        await lookup(which);
        const before = reads.count;
        await lookup(which);
        if (reads.count !== before) return false;
        await write();
        return within(async () => {
          const was = reads.count;
          await lookup(which);
          return reads.count > was;
        });
      };
      expect(await evictedBy(() => store.grants.revokeGrant(found[0]!.grant.id, T0), found[0]!)).toBe(true);
      expect(
        await evictedBy(
          () => store.grants.revokeGrantsOfConnection(found[1]!.grant.connectionId, T0),
          found[1]!,
        ),
      ).toBe(true);
      expect(await evictedBy(() => store.connections.delete(found[2]!.grant.connectionId), found[2]!)).toBe(
        true,
      );
    } finally {
      await store.close();
      await dropSchema(schema);
    }
  });
});

describe('a process that opens and closes a PostgreSQL store', () => {
  const OPEN_STORE = fileURLToPath(new URL('../dist/store/open-store.js', import.meta.url));

  it('ends by itself once its top-level `await store.close()` settles, listener still connecting or not', async () => {
    const schema = uniqueSchemaName('bearer_close');
    const script = (pause: number) => `
      import { openStore } from ${JSON.stringify(OPEN_STORE)};
      const store = await openStore(${JSON.stringify(PG_TEST_URL)}, { schema: ${JSON.stringify(schema)} });
      await new Promise((resolve) => setTimeout(resolve, ${pause}));
      await store.close();
      console.log('closed');`;
    try {
      // Nothing but the close left to wait for: had it waited only on handles that do not keep Node alive,
      // Node would end the process mid-await (exit code 13) instead.
      for (const pause of [0, 0, 0, 200, 200]) {
        const run = spawnSync(process.execPath, ['--input-type=module', '-e', script(pause)], {
          encoding: 'utf8',
          timeout: 20_000,
        });
        expect({ status: run.status, stdout: run.stdout.trim() }).toEqual({ status: 0, stdout: 'closed' });
      }
    } finally {
      await dropSchema(schema);
    }
  }, 60_000);
});

describe('a notice on the channel', () => {
  it('names a grant or a connection by id; anything else evicts everything', async () => {
    const cache = new AccessTokenCache({ maxAgeMs: 1000, maxEntries: 100, now: () => 0 });
    let reads = 0;
    const fill = async (found: AccessTokenGrant) =>
      cache.lookup(found.token.tokenHash, async () => {
        reads += 1;
        return found;
      });
    const entries = [aLookup('g1', 'c1'), aLookup('g2', 'c2'), aLookup('g3', 'c3')];
    for (const found of entries) await fill(found);
    applyEviction(cache, 'grant:g1');
    applyEviction(cache, 'connection:c2');
    for (const found of entries) await fill(found);
    expect(reads).toBe(5);
    applyEviction(cache, 'something else');
    for (const found of entries) await fill(found);
    expect(reads).toBe(8);
  });
});
