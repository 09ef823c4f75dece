import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { openStore } from '../src/store/open-store.js';
import { type Harness, REDIRECT_URI, startHarness } from './support/harness.js';
import { clientFields, connect, tokenRequest, unfurl } from './support/oauth-flow.js';

let h: Harness;
beforeEach(async () => {
  h = await startHarness();
});
afterEach(async () => {
  await h.close();
});

function deletion(
  token: string | undefined,
  body = JSON.stringify({ user_id: 'u', workspace_id: 'w', bot_id: 'b' }),
) {
  return fetch(`${h.url}/notion/deletion`, {
    method: 'DELETE',
    headers: { 'content-type': 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}) },
    body,
  });
}

describe('DELETE /notion/deletion', () => {
  it("revokes every token of that person's connection and forgets the connection and its previews", async () => {
    const first = await connect(h, 'alice');
    const second = await connect(h, 'alice');
    const bob = await connect(h, 'bob');
    // Reconnecting superseded the first grant: Notion holds only the newest tokens.
    expect((await unfurl(h, 'https://fixture.test/items/7', first.access_token)).status).toBe(401);
    await unfurl(h, 'https://fixture.test/items/7', second.access_token);

    expect((await deletion(second.access_token)).status).toBe(200);

    for (const token of [first.access_token, second.access_token]) {
      expect((await unfurl(h, 'https://fixture.test/items/7', token)).status).toBe(401);
    }
    const refresh = await tokenRequest(h, {
      grant_type: 'refresh_token',
      refresh_token: second.refresh_token!,
      ...clientFields,
    });
    expect(refresh.body.error).toBe('invalid_grant');
    // Bob's connection is untouched.
    expect((await unfurl(h, 'https://fixture.test/items/7', bob.access_token)).status).toBe(200);

    const store = await openStore(h.databaseUrl);
    try {
      const previews = await store.previews.listOfUri('https://fixture.test/items/7');
      expect(previews.map((p) => p.accountId)).toEqual(['bob']);
    } finally {
      await store.close();
    }
  });

  it('is idempotent: the same call again answers 200', async () => {
    const tokens = await connect(h);
    expect((await deletion(tokens.access_token)).status).toBe(200);
    expect((await deletion(tokens.access_token)).status).toBe(200);
  });

  it('works with an expired access token (Notion may hold a stale one)', async () => {
    const tokens = await connect(h);
    h.clock.advance(2 * 3600 * 1000);
    expect((await deletion(tokens.access_token)).status).toBe(200);
  });

  it("a token of a grant we revoked (a replayed code) cannot disconnect the person's current grant", async () => {
    const first = await connect(h, 'alice');
    const second = await connect(h, 'alice');
    const replay = await tokenRequest(h, {
      grant_type: 'authorization_code',
      code: first.code,
      redirect_uri: REDIRECT_URI,
      ...clientFields,
    });
    expect(replay.body.error).toBe('invalid_grant');
    expect((await deletion(first.access_token)).status).toBe(200);
    expect((await unfurl(h, 'https://fixture.test/items/7', second.access_token)).status).toBe(200);
  });

  it('answers no or an unknown token with 401', async () => {
    expect((await deletion(undefined)).status).toBe(401);
    expect((await deletion('ufk_at_unknown')).status).toBe(401);
  });

  it('does not depend on the body: empty, junk or not JSON all work', async () => {
    for (const body of ['', '{not json', 'user_id=1']) {
      const tokens = await connect(h);
      expect((await deletion(tokens.access_token, body)).status, JSON.stringify(body)).toBe(200);
    }
  });
});
