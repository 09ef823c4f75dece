import { type ChildProcess, spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { hashSecret } from '../src/crypto/tokens.js';
import { openStore } from '../src/store/open-store.js';
import type { IntegrationStore } from '../src/store/store.js';
import {
  assertPostgresReachable,
  createSchema,
  dropSchema,
  PG_TEST_URL,
  uniqueSchemaName,
} from './postgres-test-schema.js';
import { anAccessToken, givenGrant } from './store-fixtures.js';
import { BIN, exitCode, fixture, serveEnv } from './support/cli-process.js';

/*
 * Two real `unfurlkit serve` processes on one PostgreSQL schema, each caching bearer lookups for at most one
 * second (docs/operations.md, "What each instance keeps in memory"). A token B has just accepted (so B holds
 * its lookup) is revoked elsewhere:
 * - through A (Notion's deletion callback): A's transaction notifies, so B refuses it on the very next request;
 * - by hand in SQL, which notifies nobody: B refuses it once its entry is a second old (polled, bounded);
 * - by hand in SQL after B lost its listening connection: B dropped what it held and reads the database, so it
 *   refuses at once; it says so in its log, listens again by itself, and notices work again.
 */

const LISTENING = /listening on (http:\/\/127\.0\.0\.1:\d+)/;
const LOST = 'bearer token cache: not listening for revocations on other instances';
const BACK = 'bearer token cache: listening for revocations on other instances again';
const PAGE = 'https://cli.test/pages/hello-world';
const schemaUrl = (schema: string) =>
  `${PG_TEST_URL}?options=${encodeURIComponent(`-c search_path=${schema}`)}`;

function unfurlStatus(base: string, token: string): Promise<number> {
  return fetch(`${base}/unfurl`, {
    method: 'POST',
    headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
    body: JSON.stringify({ uri: PAGE }),
  }).then((response) => response.status);
}

/** Polls `check` up to `times` times, 50 ms apart; true as soon as it holds. */
async function within(times: number, check: () => boolean | Promise<boolean>): Promise<boolean> {
  for (let i = 0; i < times; i++) {
    if (await check()) return true;
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  return false;
}

async function sql(text: string, values: unknown[]): Promise<void> {
  const client = new pg.Client({ connectionString: PG_TEST_URL });
  await client.connect();
  try {
    await client.query(text, values);
  } finally {
    await client.end();
  }
}

interface Instance {
  url: string;
  child: ChildProcess;
  output: () => string;
}

function startInstance(env: Record<string, string>, cwd: string): Promise<Instance> {
  const child = spawn(process.execPath, [BIN, 'serve', '--config', fixture('good-integration.js')], {
    cwd,
    env,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let printed = '';
  const collect = (chunk: Buffer) => {
    printed += chunk.toString('utf8');
  };
  child.stdout?.on('data', collect);
  child.stderr?.on('data', collect);
  const instance = { child, output: () => printed };
  return within(500, () => LISTENING.test(printed)).then((listening) => {
    if (!listening) throw new Error(`not listening:\n${printed}`);
    return { ...instance, url: LISTENING.exec(printed)![1]! };
  });
}

describe('the bearer cache across two server processes on one PostgreSQL schema', () => {
  let dir: string;
  const schema = uniqueSchemaName('token_cache');
  // B's sessions carry a name of their own, so the test can cut B's listening connection and nobody else's.
  const nameOfB = `unfurlkit_b_${process.pid}_${randomBytes(3).toString('hex')}`;
  let store: IntegrationStore;
  let a: Instance;
  let b: Instance;

  /** A live token of a grant of its own (its own Notion connection too), accepted by both instances. */
  async function acceptedToken(): Promise<string> {
    const token = `ufk_at_${randomBytes(32).toString('base64url')}`;
    const { grant } = await givenGrant(store);
    await store.grants.saveAccessToken(
      anAccessToken(grant.id, { tokenHash: hashSecret(token), createdAt: Date.now(), expiresAt: null }),
    );
    for (const base of [a.url, b.url, a.url, b.url]) expect(await unfurlStatus(base, token)).toBe(200);
    return token;
  }

  /** Revokes the token straight in the database: no instance is told. */
  const revokeInSql = (token: string) =>
    sql(`update ${pg.escapeIdentifier(schema)}.access_tokens set revoked_at = $1 where token_hash = $2`, [
      Date.now(),
      hashSecret(token),
    ]);

  const deleteThroughA = async (token: string) => {
    const deletion = await fetch(`${a.url}/notion/deletion`, {
      method: 'DELETE',
      headers: { authorization: `Bearer ${token}` },
    });
    expect(deletion.status).toBe(200);
  };

  beforeAll(async () => {
    await assertPostgresReachable();
    await createSchema(schema);
    dir = await mkdtemp(join(tmpdir(), 'unfurlkit-token-cache-'));
    store = await openStore(schemaUrl(schema));
    const env = {
      ...serveEnv(dir),
      DATABASE_URL: schemaUrl(schema),
      TOKEN_ENCRYPTION_KEY: randomBytes(32).toString('base64'),
      LOG_LEVEL: 'info',
    };
    [a, b] = await Promise.all([
      startInstance(env, dir),
      startInstance({ ...env, DATABASE_URL: `${schemaUrl(schema)}&application_name=${nameOfB}` }, dir),
    ]);
  }, 60_000);
  afterAll(async () => {
    for (const instance of [a, b]) {
      const child = instance?.child;
      if (!child || child.exitCode !== null || child.signalCode !== null) continue;
      child.kill('SIGTERM');
      await exitCode(child, 10_000).catch(() => child.kill('SIGKILL'));
    }
    await store?.close();
    await rm(dir, { recursive: true, force: true });
    await dropSchema(schema);
  });

  it('a token revoked through A is refused by B on the next request', async () => {
    const token = await acceptedToken();
    await deleteThroughA(token);
    expect(await unfurlStatus(a.url, token)).toBe(401);
    expect(await unfurlStatus(b.url, token)).toBe(401);
  }, 30_000);

  it('a revocation nobody is told about is refused by B once its entry is a second old', async () => {
    const token = await acceptedToken();
    await revokeInSql(token);
    // At most one second; 100 polls 50 ms apart leave room for a loaded machine.
    expect(await within(100, async () => (await unfurlStatus(b.url, token)) === 401)).toBe(true);
  }, 30_000);

  it('B, its listening connection cut, reads the database until it listens again, and says so once each way', async () => {
    const token = await acceptedToken();
    expect(b.output()).not.toContain(LOST);
    await sql(
      "select pg_terminate_backend(pid) from pg_stat_activity where application_name = $1 and query like 'LISTEN%'",
      [nameOfB],
    );
    expect(await within(200, () => b.output().includes(LOST))).toBe(true);
    await revokeInSql(token);
    expect(await unfurlStatus(b.url, token)).toBe(401);

    expect(await within(200, () => b.output().includes(BACK))).toBe(true);
    const next = await acceptedToken();
    await deleteThroughA(next);
    expect(await unfurlStatus(b.url, next)).toBe(401);
    expect(b.output().split(LOST)).toHaveLength(2);
    expect(b.output().split(BACK)).toHaveLength(2);
    expect(a.output()).not.toContain(LOST);
  }, 30_000);
});
