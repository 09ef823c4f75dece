import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { type Harness, REDIRECT_URI, startHarness } from './support/harness.js';
import { clientFields, connect, tokenRequest, unfurl } from './support/oauth-flow.js';

/*
 * The bearer check's cache (AccessTokenCache) in one process: every test first has the token accepted (so its
 * lookup is cached), then changes what the token may do, and expects the very next request to see it, well
 * within the cache's one-second life.
 */

const ITEM = 'https://fixture.test/items/7';
let h: Harness;
beforeEach(async () => {
  h = await startHarness();
});
afterEach(async () => {
  await h.close();
});

async function accepted(token: string): Promise<void> {
  for (let i = 0; i < 3; i++) expect((await unfurl(h, ITEM, token)).status).toBe(200);
}

describe('a cached access token', () => {
  it('is refused at once once its grant is revoked (a replayed code)', async () => {
    const { access_token, code } = await connect(h);
    await accepted(access_token);
    const replay = await tokenRequest(h, {
      grant_type: 'authorization_code',
      code,
      redirect_uri: REDIRECT_URI,
      ...clientFields,
    });
    expect(replay.body.error).toBe('invalid_grant');
    const answer = await unfurl(h, ITEM, access_token);
    expect(answer.status).toBe(401);
    expect(answer.headers.get('www-authenticate')).toMatch(/revoked/);
  });

  it('is refused at once once Notion deleted the connection', async () => {
    const { access_token } = await connect(h);
    await accepted(access_token);
    const deletion = await fetch(`${h.url}/notion/deletion`, {
      method: 'DELETE',
      headers: { authorization: `Bearer ${access_token}` },
    });
    expect(deletion.status).toBe(200);
    expect((await unfurl(h, ITEM, access_token)).status).toBe(401);
  });

  it('is refused at once once it expires (the clock is read on every hit)', async () => {
    const { access_token } = await connect(h);
    await accepted(access_token);
    h.clock.advance(3600 * 1000);
    const answer = await unfurl(h, ITEM, access_token);
    expect(answer.status).toBe(401);
    expect(answer.headers.get('www-authenticate')).toMatch(/expired/);
  });

  it('survives a rotation: the old token until it expires, the new one at once; reuse after the grace window revokes both', async () => {
    const first = await connect(h);
    await accepted(first.access_token);
    const rotated = await tokenRequest(h, {
      grant_type: 'refresh_token',
      refresh_token: first.refresh_token!,
      ...clientFields,
    });
    expect(rotated.status).toBe(200);
    const next = rotated.body.access_token as string;
    await accepted(next);
    await accepted(first.access_token);

    h.clock.advance(10 * 60 * 1000);
    const reuse = await tokenRequest(h, {
      grant_type: 'refresh_token',
      refresh_token: first.refresh_token!,
      ...clientFields,
    });
    expect(reuse.body.error).toBe('invalid_grant');
    expect((await unfurl(h, ITEM, next)).status).toBe(401);
    expect((await unfurl(h, ITEM, first.access_token)).status).toBe(401);
  });
});
