import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openStore } from '../src/store/open-store.js';
import type { IntegrationStore } from '../src/store/store.js';
import {
  assertPostgresReachable,
  dropSchema,
  PG_TEST_URL,
  uniqueSchemaName,
} from './postgres-test-schema.js';
import { type Harness, startHarness } from './support/harness.js';
import { clientFields, connect, tokenRequest, unfurl } from './support/oauth-flow.js';

/**
 * Refresh under retries (REFRESH_REUSE_GRACE_SECONDS, default 10): Notion retrying a refresh whose answer it
 * lost, or sending several at once after a stall, keeps the person connected; a replay after the window still
 * revokes the grant (RFC 9700 §4.14.2). On both databases: the race is decided by the database.
 */
const ITEM = 'https://fixture.test/items/7';
const refresh = (h: Harness, token: string) =>
  tokenRequest(h, { grant_type: 'refresh_token', refresh_token: token, ...clientFields });

const backends: Array<[string, () => Promise<{ store?: IntegrationStore; cleanup: () => Promise<void> }>]> = [
  ['SQLite', async () => ({ cleanup: async () => {} })],
  [
    'PostgreSQL',
    async () => {
      await assertPostgresReachable();
      const schema = uniqueSchemaName('refresh_grace');
      const store = await openStore(PG_TEST_URL, { schema });
      return {
        store,
        cleanup: async () => {
          await store.close();
          await dropSchema(schema);
        },
      };
    },
  ],
];

describe.each(backends)('refresh reuse grace window on %s', (_name, open) => {
  let h: Harness;
  let cleanup: () => Promise<void>;
  beforeAll(async () => {
    const backend = await open();
    cleanup = backend.cleanup;
    h = await startHarness(backend.store ? { server: { store: backend.store } } : {});
  });
  afterAll(async () => {
    await h.close();
    await cleanup();
  });

  it('answers ten concurrent refreshes of one token with the same working pair; the grant stays alive', async () => {
    const first = await connect(h);
    const answers = await Promise.all(Array.from({ length: 10 }, () => refresh(h, first.refresh_token!)));
    expect(answers.map((a) => a.status)).toEqual(Array(10).fill(200));
    const access = new Set(answers.map((a) => a.body.access_token as string));
    const refreshTokens = new Set(answers.map((a) => a.body.refresh_token as string));
    // One rotation; every other request got the pair it issued (docs/security.md says why).
    expect(access.size).toBe(1);
    expect(refreshTokens.size).toBe(1);
    for (const token of access) expect((await unfurl(h, ITEM, token)).status).toBe(200);
    const [next] = refreshTokens;
    const later = await refresh(h, next!);
    expect(later.status).toBe(200);
    expect((await unfurl(h, ITEM, later.body.access_token as string)).status).toBe(200);
  });

  it('still revokes the grant when a rotated token comes back after the window', async () => {
    const first = await connect(h);
    const second = await refresh(h, first.refresh_token!);
    h.clock.advance(9_000);
    const retried = await refresh(h, first.refresh_token!);
    expect(retried.status).toBe(200);
    expect(retried.body.access_token).toBe(second.body.access_token);
    h.clock.advance(1_001); // 10.001 s after the rotation
    const replay = await refresh(h, first.refresh_token!);
    expect(replay.status).toBe(400);
    expect(replay.body.error).toBe('invalid_grant');
    expect((await unfurl(h, ITEM, second.body.access_token as string)).status).toBe(401);
    expect((await refresh(h, second.body.refresh_token as string)).body.error).toBe('invalid_grant');
  });

  it('refuses, without revoking, a retry whose pair was itself rotated already', async () => {
    const first = await connect(h);
    const second = await refresh(h, first.refresh_token!);
    const third = await refresh(h, second.body.refresh_token as string);
    const late = await refresh(h, first.refresh_token!);
    expect(late.status).toBe(400);
    expect(late.body.error).toBe('invalid_grant');
    expect((await unfurl(h, ITEM, third.body.access_token as string)).status).toBe(200);
  });
});

describe('REFRESH_REUSE_GRACE_SECONDS=0', () => {
  it('turns the window off: a second refresh of the same token revokes at once', async () => {
    const h = await startHarness({ config: { REFRESH_REUSE_GRACE_SECONDS: 0 } });
    try {
      const first = await connect(h);
      const second = await refresh(h, first.refresh_token!);
      expect((await refresh(h, first.refresh_token!)).status).toBe(400);
      expect((await unfurl(h, ITEM, second.body.access_token as string)).status).toBe(401);
    } finally {
      await h.close();
    }
  });
});
