import { afterEach, describe, expect, it } from 'vitest';
import { jsonRequest, type PreviewJson } from '../support/harness.js';
import { FormBrowser } from './support/form-browser.js';
import {
  aliceTokens,
  authorizeUrl,
  connect,
  control,
  DOC_1,
  DOC_2,
  decide,
  integrationCode,
  type RefdocsSetup,
  refreshedPreviews,
  signIn,
  startRefdocs,
  titleOf,
  tokenRequest,
  unfurl,
} from './support/refdocs-flows.js';
import { REFERENCE_CREDENTIALS } from './support/reference-integration.js';

/**
 * The Python reference integration (a program unfurlkit did not write) against the real emulator: the whole
 * protocol through its sign-in and consent pages. What each `--break` rule breaks is in the breaks test.
 */
let running: RefdocsSetup | undefined;
afterEach(async () => {
  await running?.close();
  running = undefined;
});

async function setup(breaks: string[] = []): Promise<RefdocsSetup> {
  running = await startRefdocs(breaks);
  return running;
}

describe('the Python reference integration against the emulator', () => {
  it('connects through its sign-in and consent, unfurls per person, and pushes a change', async () => {
    const s = await setup();
    await connect(s, 'ada', 'alice', DOC_1);

    const exchanges = () =>
      s.emulator
        .traffic()
        .filter((e) => e.kind === 'oauth-token' && e.direction === 'inbound')
        .map((e) => e.requestBody as { external_account?: { key: string } });
    const exchange = s.emulator.traffic().find((e) => e.kind === 'oauth-token' && e.direction === 'inbound');
    expect(exchange).toMatchObject({
      status: 200,
      requestHeaders: { authorization: 'Basic [REDACTED]', 'notion-version': '2022-06-28' },
      requestBody: { grant_type: 'authorization_code', external_account: { key: 'u-1001' } },
    });

    const [doc1] = await refreshedPreviews(s.emulator, 'ada');
    expect(doc1).toMatchObject({ uri: DOC_1, state: 'ready', warnings: [] });
    expect(titleOf(doc1)).toBe('Quarterly plan');

    // Bob connects too (another account key) and sees Doc 1; a change is pushed to both connections.
    await connect(s, 'ben', 'bob', DOC_1);
    const [bobs] = await refreshedPreviews(s.emulator, 'ben');
    expect(titleOf(bobs)).toBe('Quarterly plan');
    expect(exchanges().map((body) => body.external_account?.key)).toEqual(['u-1001', 'u-1002']);

    const change = await control(s, 'change?doc=1');
    expect(change.body).toMatchObject({ pushed: 2, statuses: [200, 200] });
    const patches = s.emulator.traffic().filter((e) => e.kind === 'external-object');
    expect(patches).toHaveLength(2);
    expect(patches[0]).toMatchObject({
      method: 'PATCH',
      status: 200,
      requestHeaders: { 'notion-version': '2022-06-28' },
      requestBody: { uri: DOC_1 },
    });
    const shown = (await jsonRequest(`${s.emulator.url}/api/previews?person=ada`)).body as {
      previews: PreviewJson[];
    };
    expect(titleOf(shown.previews.find((p) => p.uri === DOC_1))).toBe('Quarterly plan (revision 2)');

    // An hour later its access token is dead: the emulator gets a 401, refreshes, and the preview stays.
    await control(s, 'advance?seconds=3601');
    const [again] = await refreshedPreviews(s.emulator, 'ada');
    expect(again).toMatchObject({ uri: DOC_1, state: 'ready' });
    const unfurls = s.emulator.traffic().filter((e) => e.kind === 'unfurl');
    expect(unfurls.map((e) => e.status).slice(-2)).toEqual([401, 200]);
    expect(unfurls.at(-2)?.responseHeaders['www-authenticate']).toContain('error="invalid_token"');

    // Bob's document is refused to Alice as an error operation, never shown. Pasted only after the expiry step:
    // the emulator refreshes previews concurrently, and a 401 that arrives after another preview's token refresh
    // has finished makes it refresh again with the rotated-away refresh token, which RefDocs treats as theft.
    await jsonRequest(`${s.emulator.url}/api/paste`, { method: 'POST', body: { uri: DOC_2, person: 'ada' } });
    const doc2 = (await refreshedPreviews(s.emulator, 'ada')).find((p) => p.uri === DOC_2);
    expect(doc2?.error).toMatchObject({ status: 403 });
    expect(JSON.stringify(doc2)).not.toContain("Bob's private notes");

    // Its request log names methods and paths only: no code, token or secret.
    expect(s.reference.stderr()).toContain('POST /unfurl');
    expect(s.reference.stderr()).not.toMatch(/rd_(code|at|rt)_|code=|refdocs secret/);
  });

  it('keeps codes single-use (a replay revokes their tokens) and short-lived; rotates refresh tokens', async () => {
    const s = await setup();
    const { code, redirectUri } = await integrationCode(s);
    const form = { grant_type: 'authorization_code', code, redirect_uri: redirectUri };
    const issued = await tokenRequest(s, form, 'basic');
    expect(issued.status).toBe(200);
    expect(issued.headers.get('cache-control')).toBe('no-store');
    const tokens = issued.body as { access_token: string; refresh_token: string; expires_in: number };
    expect(tokens.expires_in).toBe(3600);
    const unfurled = await unfurl(s, tokens.access_token);
    expect(unfurled.status).toBe(200);
    expect(unfurled.body).toMatchObject({ uri: DOC_1 });

    const replay = await tokenRequest(s, form);
    expect(replay).toMatchObject({ status: 400, body: { error: 'invalid_grant' } });
    const revoked = await unfurl(s, tokens.access_token);
    expect(revoked.status).toBe(401);
    expect(revoked.headers.get('www-authenticate')).toMatch(/^Bearer .*error="invalid_token"/);

    const fresh = await aliceTokens(s);
    const rotated = await tokenRequest(s, {
      grant_type: 'refresh_token',
      refresh_token: fresh.refresh_token,
    });
    expect(rotated.status).toBe(200);
    const next = rotated.body as { access_token: string; refresh_token: string };
    expect(next.refresh_token).not.toBe(fresh.refresh_token);
    const reused = await tokenRequest(s, { grant_type: 'refresh_token', refresh_token: fresh.refresh_token });
    expect(reused).toMatchObject({ status: 400, body: { error: 'invalid_grant' } });
    // Reuse of a rotated refresh token is theft: the whole grant dies, also the newest tokens.
    expect((await unfurl(s, next.access_token)).status).toBe(401);

    const late = await integrationCode(s);
    await control(s, 'advance?seconds=601');
    const expired = await tokenRequest(s, {
      grant_type: 'authorization_code',
      code: late.code,
      redirect_uri: late.redirectUri,
    });
    expect(expired).toMatchObject({ status: 400, body: { error: 'invalid_grant' } });

    const wrongSecret = { clientId: 'refdocs-client', clientSecret: 'nope' };
    const wrongBasic = await tokenRequest(
      s,
      { grant_type: 'refresh_token', refresh_token: 'x' },
      'basic',
      wrongSecret,
    );
    expect(wrongBasic).toMatchObject({ status: 401, body: { error: 'invalid_client' } });
    expect(wrongBasic.headers.get('www-authenticate')).toMatch(/^Basic /);
    expect(wrongBasic.text).not.toContain('nope');
    const unsupported = await tokenRequest(s, { grant_type: 'password' });
    expect(unsupported).toMatchObject({ status: 400, body: { error: 'unsupported_grant_type' } });
  });

  it('protects consent: framing headers, a session cookie, a CSRF token; Deny keeps state', async () => {
    const s = await setup();
    const browser = new FormBrowser();
    const url = await authorizeUrl(s.emulator, 'ada');
    const started = await browser.get(url);
    expect(started.headers.get('set-cookie')).toMatch(/HttpOnly; SameSite=Lax/);
    const consent = await signIn(browser, url, 'alice');
    expect(consent.body).toMatch(/>Allow<\/button>[\s\S]*>Deny<\/button>/);
    expect(consent.headers.get('x-frame-options')).toBe('DENY');
    expect(consent.headers.get('content-security-policy')).toContain("frame-ancestors 'none'");

    const forged = await decide(browser, consent, 'allow', 'forged-token');
    expect(forged.status).toBe(403);
    expect(forged.location).toBeNull();

    const denied = new URL((await decide(browser, consent, 'deny')).location ?? '');
    expect(denied.searchParams.get('error')).toBe('access_denied');
    expect(denied.searchParams.get('state')).toBe(new URL(url).searchParams.get('state'));

    for (const redirect of [
      'https://attacker.test/externalIntegrationAuthCallback',
      `${s.emulator.url}/externalIntegrationAuthCallback.attacker.test`,
      `${s.emulator.url}/externalintegrationauthcallback`,
    ]) {
      const foreign = new URL(url);
      foreign.searchParams.set('redirect_uri', redirect);
      const refused = await new FormBrowser().get(foreign.toString());
      expect(refused.status).toBe(400);
      expect(refused.location).toBeNull();
    }
  });

  it('answers bad requests in the protocol shape, never a 5xx, and honours the deletion callback', async () => {
    const s = await setup();
    const tokens = await aliceTokens(s);
    const notJson = await jsonRequest(`${s.reference.url}/unfurl`, {
      method: 'POST',
      headers: { authorization: `Bearer ${tokens.access_token}`, 'content-type': 'application/json' },
      body: '{"uri": ',
    });
    expect(notJson).toMatchObject({ status: 400, body: { error: 'invalid_request' } });
    expect(notJson.text).not.toContain('Traceback');
    const notOurs = await unfurl(s, tokens.access_token, 'https://refdocs.test/elsewhere');
    expect(notOurs.body).toMatchObject({ operations: [{ path: ['error'], set: { status: 400 } }] });
    const missing = await unfurl(s, tokens.access_token, 'https://refdocs.test/doc/404');
    expect(missing.body).toMatchObject({ operations: [{ path: ['error'], set: { status: 404 } }] });

    const secret = REFERENCE_CREDENTIALS.clientSecret;
    const hostile: Array<{ path: string; method: string; headers?: Record<string, string>; body?: string }> =
      [
        { path: '/unfurl', method: 'POST', body: '['.repeat(5_000) },
        { path: '/unfurl', method: 'POST', body: JSON.stringify({ uri: 'x'.repeat(3_000) }) },
        { path: '/unfurl', method: 'POST', body: '{"uri":"\\ud800"}' },
        { path: '/unfurl', method: 'POST', headers: { 'content-type': 'text/plain' }, body: 'uri' },
        { path: '/unfurl', method: 'PUT', body: '{}' },
        { path: '/oauth/token', method: 'POST', body: '{"grant_type":"authorization_code"}' },
        { path: '/oauth/token', method: 'POST', body: `grant_type=x&grant_type=y&client_secret=${secret}` },
        {
          path: '/oauth/token',
          method: 'POST',
          body: `code=%ZZ%00&client_id=refdocs-client&client_secret=${secret}x`,
        },
        { path: '/oauth/token', method: 'POST', headers: { authorization: 'Basic !!!' }, body: 'a=b' },
        { path: '/oauth/authorize?client_id=%FF&redirect_uri=%00', method: 'GET' },
        { path: '/consent', method: 'POST', body: 'request=x&csrf=y&decision=allow' },
        { path: '/notion/deleted-token', method: 'DELETE', headers: { authorization: 'Bearer \u00e9' } },
      ];
    for (const { path, method, headers, body } of hostile) {
      const answer = await jsonRequest(`${s.reference.url}${path}`, {
        method,
        headers: { authorization: `Bearer ${tokens.access_token}`, ...headers },
        ...(body === undefined ? {} : { body }),
      });
      expect(answer.status, `${method} ${path}`).toBeLessThan(500);
      expect(answer.text).not.toContain('Traceback');
      expect(answer.text).not.toContain(secret);
    }

    const deleted = await jsonRequest(`${s.reference.url}/notion/deleted-token`, {
      method: 'DELETE',
      headers: { authorization: `Bearer ${tokens.access_token}` },
      body: { user_id: 'u', workspace_id: 'w', bot_id: 'b' },
    });
    expect(deleted.status).toBe(200);
    expect((await unfurl(s, tokens.access_token)).status).toBe(401);
    const repeated = await jsonRequest(`${s.reference.url}/notion/deleted-token`, {
      method: 'DELETE',
      headers: { authorization: `Bearer ${tokens.access_token}` },
      body: {},
    });
    expect(repeated.status).toBe(200);
  });
});
