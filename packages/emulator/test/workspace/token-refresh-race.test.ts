import { afterEach, describe, expect, it } from 'vitest';
import { itemUri } from '../fixtures/fixture-integration.js';
import { connectOverHttp, type Harness, jsonRequest, refresh, startHarness } from '../support/harness.js';

/**
 * Two previews of one connection whose access token was revoked: both unfurls get 401, and the second 401
 * arrives only after the first preview's refresh has finished. The second must use the refreshed tokens, not
 * spend the rotated-away refresh token (a rotating integration treats that as theft).
 */
describe('token refresh after a 401 on two previews of one connection', () => {
  let harness: Harness;
  afterEach(() => harness.close());

  it('refreshes once; the late 401 retries with the stored, refreshed token', async () => {
    let releaseSecond: () => void = () => {};
    const secondHeld = new Promise<void>((resolve) => {
      releaseSecond = resolve;
    });
    let unfurlsAfterRevoke = 0;
    let revoked = false;
    // Holds the second unfurl's answer until a refresh at the Token URL has been answered.
    const gatedFetch: typeof fetch = async (input, init) => {
      const url = String(input instanceof Request ? input.url : input);
      const answer = await fetch(input, init);
      if (revoked && url.endsWith('/unfurl') && (init?.method ?? 'GET') === 'POST') {
        unfurlsAfterRevoke += 1;
        if (unfurlsAfterRevoke === 2) await secondHeld;
      }
      if (revoked && url.endsWith('/notion/token')) {
        const body = await answer.clone().text();
        setTimeout(releaseSecond, 50);
        return new Response(body, { status: answer.status, headers: answer.headers });
      }
      return answer;
    };
    harness = await startHarness({ fixture: { expiresIn: 3600 }, emulator: { fetch: gatedFetch } });
    await connectOverHttp(harness, { uri: itemUri(1) });
    await jsonRequest(`${harness.emulator.url}/api/paste`, { method: 'POST', body: { uri: itemUri(2) } });
    expect((await refresh(harness)).map((p) => p.state)).toEqual(['ready', 'ready']);

    harness.fixture.revokeAccessTokens();
    revoked = true;
    const shown = await refresh(harness);
    expect(shown.map((p) => p.state)).toEqual(['ready', 'ready']);
    const refreshes = harness.fixture.calls.filter(
      (c) =>
        c.method === 'POST' &&
        c.path === '/notion/token' &&
        (c.body as { grant_type?: string } | undefined)?.grant_type === 'refresh_token',
    );
    expect(refreshes).toHaveLength(1);
  });
});
