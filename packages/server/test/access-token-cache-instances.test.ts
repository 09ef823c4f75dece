import { type ChildProcess, spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { hashSecret } from '../src/crypto/tokens.js';
import { openStore } from '../src/store/open-store.js';
import {
  assertPostgresReachable,
  createSchema,
  dropSchema,
  PG_TEST_URL,
  uniqueSchemaName,
} from './postgres-test-schema.js';
import { anAccessToken, givenGrant } from './store-fixtures.js';
import { BIN, exitCode, fixture, serveEnv, waitForOutput } from './support/cli-process.js';

/*
 * Two real `unfurlkit serve` processes on one PostgreSQL schema: a token both have accepted is revoked through
 * one of them, by Notion's deletion callback. The other must refuse it (docs/operations.md: on PostgreSQL no
 * instance caches a lookup; whatever a future cache does, the bound there is one second): polled, a bounded
 * number of times.
 */

const LISTENING = /listening on (http:\/\/127\.0\.0\.1:\d+)/;
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

describe('the bearer cache across two server processes on one PostgreSQL schema', () => {
  let dir: string;
  const schema = uniqueSchemaName('token_cache');
  const children: ChildProcess[] = [];
  beforeAll(async () => {
    await assertPostgresReachable();
    await createSchema(schema);
    dir = await mkdtemp(join(tmpdir(), 'unfurlkit-token-cache-'));
  });
  afterAll(async () => {
    for (const child of children) {
      if (child.exitCode !== null || child.signalCode !== null) continue;
      child.kill('SIGTERM');
      await exitCode(child, 10_000).catch(() => child.kill('SIGKILL'));
    }
    await rm(dir, { recursive: true, force: true });
    await dropSchema(schema);
  });

  it('a token revoked on A is refused on B within the bound', async () => {
    const store = await openStore(schemaUrl(schema));
    const token = `ufk_at_${randomBytes(32).toString('base64url')}`;
    try {
      const { grant } = await givenGrant(store);
      await store.grants.saveAccessToken(
        anAccessToken(grant.id, { tokenHash: hashSecret(token), createdAt: Date.now(), expiresAt: null }),
      );
    } finally {
      await store.close();
    }
    const env = {
      ...serveEnv(dir),
      DATABASE_URL: schemaUrl(schema),
      TOKEN_ENCRYPTION_KEY: randomBytes(32).toString('base64'),
    };
    for (let i = 0; i < 2; i++) {
      children.push(
        spawn(process.execPath, [BIN, 'serve', '--config', fixture('good-integration.js')], {
          cwd: dir,
          env,
          stdio: ['ignore', 'pipe', 'pipe'],
        }),
      );
    }
    const [a, b] = (await Promise.all(children.map((c) => waitForOutput(c, LISTENING, 25_000)))).map(
      (match) => match[1]!,
    );
    for (const base of [a!, b!, a!, b!]) expect(await unfurlStatus(base, token)).toBe(200);

    const deletion = await fetch(`${a}/notion/deletion`, {
      method: 'DELETE',
      headers: { authorization: `Bearer ${token}` },
    });
    expect(deletion.status).toBe(200);
    expect(await unfurlStatus(a!, token)).toBe(401);

    // At most one second; 100 polls 50 ms apart leave room for a loaded machine.
    let onB = 200;
    for (let i = 0; i < 100 && onB !== 401; i++) {
      onB = await unfurlStatus(b!, token);
      if (onB !== 401) await new Promise((resolve) => setTimeout(resolve, 50));
    }
    expect(onB).toBe(401);
  }, 60_000);
});
