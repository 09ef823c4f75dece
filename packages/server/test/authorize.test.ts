import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { defineIntegration } from '../src/index.js';
import { fixtureIntegration } from './support/fixture-integration.js';
import { CLIENT_ID, type Harness, REDIRECT_URI, startHarness } from './support/harness.js';
import {
  allowConnection,
  authorizeUrl,
  browse,
  CookieJar,
  postConsent,
  readConsentForm,
  signedInJar,
} from './support/oauth-flow.js';

let h: Harness;
beforeEach(async () => {
  h = await startHarness();
});
afterEach(async () => {
  await h.close();
});

async function consentPage(jar = signedInJar(), query = {}) {
  const response = await browse(authorizeUrl(h, query), jar);
  expect(response.status).toBe(200);
  return { jar, form: readConsentForm(await response.text()), response };
}

describe('GET /notion/authorize: checks before any redirect', () => {
  it('shows an error page, never a redirect, for an unknown client_id', async () => {
    const response = await browse(authorizeUrl(h, { client_id: 'someone-else' }), signedInJar());
    expect(response.status).toBe(400);
    expect(response.headers.get('location')).toBeNull();
    expect(await response.text()).toContain('client_id');
  });

  it.each([
    ['not allow-listed', 'https://evil.example/externalIntegrationAuthCallback'],
    ['a prefix trick', `${REDIRECT_URI}.evil.example`],
    ['a case variant not in the list', 'https://www.notion.so/EXTERNALINTEGRATIONAUTHCALLBACK'],
    ['with a query added', `${REDIRECT_URI}?x=1`],
  ])('shows an error page, never a redirect, for a redirect_uri %s', async (_, redirectUri) => {
    const response = await browse(authorizeUrl(h, { redirect_uri: redirectUri }), signedInJar());
    expect(response.status).toBe(400);
    expect(response.headers.get('location')).toBeNull();
    // The operator learns the value and the setting that would allow it; the browser does not.
    const logged = h.logs.map((line) => JSON.parse(line) as { level: number; msg: string });
    expect(logged).toContainEqual(
      expect.objectContaining({
        level: 40,
        msg: `redirect_uri ${JSON.stringify(redirectUri)} refused: it is not in OAUTH_REDIRECT_URIS; if it is yours, add it there (comma-separated, matched exactly)`,
      }),
    );
    expect(await response.text()).not.toContain('OAUTH_REDIRECT_URIS');
  });

  it('shows an error page for a missing or repeated client_id or redirect_uri', async () => {
    for (const url of [
      authorizeUrl(h, { client_id: undefined }),
      authorizeUrl(h, { redirect_uri: undefined }),
      authorizeUrl(h, {}, `&redirect_uri=${encodeURIComponent('https://evil.example/')}`),
      authorizeUrl(h, {}, `&client_id=${CLIENT_ID}`),
    ]) {
      const response = await browse(url, signedInJar());
      expect(response.status, url).toBe(400);
      expect(response.headers.get('location')).toBeNull();
    }
  });

  it.each([
    [{ response_type: 'token' }, 'unsupported_response_type'],
    [{ response_type: undefined }, 'invalid_request'],
    [{ scope: 'unfurl admin' }, 'invalid_scope'],
    [{ code: undefined }, 'invalid_request'],
  ])('redirects other errors to redirect_uri with error and state (%j)', async (query, error) => {
    const response = await browse(authorizeUrl(h, query), signedInJar());
    expect(response.status).toBe(302);
    const location = new URL(response.headers.get('location')!);
    expect(`${location.origin}${location.pathname}`).toBe(REDIRECT_URI);
    expect(location.searchParams.get('error')).toBe(error);
    expect(location.searchParams.get('state')).toBe('state-123');
  });

  it('redirects invalid_request for a state that is not printable ASCII', async () => {
    const response = await browse(authorizeUrl(h, { state: 'caf\u00e9\u0000' }), signedInJar());
    expect(new URL(response.headers.get('location')!).searchParams.get('error')).toBe('invalid_request');
  });

  it('redirects invalid_request for a repeated parameter other than client_id and redirect_uri', async () => {
    const response = await browse(authorizeUrl(h, {}, '&scope=unfurl'), signedInJar());
    expect(new URL(response.headers.get('location')!).searchParams.get('error')).toBe('invalid_request');
  });

  it("sends a person who is not signed in to the product's sign-in page; Notion's code never appears in clear", async () => {
    const url = authorizeUrl(h, { state: 'state-xyz' });
    const notionCode = new URL(url).searchParams.get('code')!;
    const response = await browse(url, new CookieJar());
    expect(response.status).toBe(302);
    const location = new URL(response.headers.get('location')!, h.url);
    expect(location.pathname).toBe('/login');
    const next = location.searchParams.get('next')!;
    expect(next).toMatch(/^\/notion\/authorize\?resume=/);
    expect(next).not.toContain(notionCode);
    expect(next).not.toContain('state-xyz');

    // Back from sign-in, the sealed request resumes: the consent page, then Notion's code is exchanged.
    const jar = signedInJar();
    const page = await browse(`${h.url}${next}`, jar);
    expect(page.status).toBe(200);
    const allowed = await postConsent(h, jar, readConsentForm(await page.text()), 'allow');
    expect(new URL(allowed.headers.get('location')!).searchParams.get('state')).toBe('state-xyz');
    expect(h.notion.calls[0]!.body.code).toBe(notionCode);
  });

  it('refuses an altered or expired resume token with an error page, never a redirect', async () => {
    const response = await browse(authorizeUrl(h), new CookieJar());
    const next = new URL(response.headers.get('location')!, h.url).searchParams.get('next')!;
    const altered = next.replace(/.(?=.{10}$)/, (c) => (c === 'A' ? 'B' : 'A'));
    for (const url of [`${h.url}${altered}`, `${h.url}/notion/authorize?resume=dev.bogus`]) {
      const page = await browse(url, signedInJar());
      expect(page.status).toBe(400);
      expect(page.headers.get('location')).toBeNull();
    }
    h.clock.advance(10 * 60 * 1000);
    const expired = await browse(`${h.url}${next}`, signedInJar());
    expect(expired.status).toBe(400);
  });
});

describe('the consent page', () => {
  it('names the product, the person and the scopes, with Allow and Deny, and cannot be framed', async () => {
    const { form, response } = await consentPage();
    expect(form.html).toContain('Notion wants to show previews of your Fixture links');
    expect(form.html).toContain('alice (fixture)');
    expect(form.html).toContain('<code data-testid="scope">unfurl</code>');
    expect(form.html).toMatch(/<button[^>]*value="allow"[^>]*>Allow<\/button>/);
    expect(form.html).toMatch(/<button[^>]*value="deny"[^>]*>Deny<\/button>/);
    expect(response.headers.get('x-frame-options')).toBe('DENY');
    expect(response.headers.get('content-security-policy')).toContain("frame-ancestors 'none'");
    expect(response.headers.get('cache-control')).toBe('no-store');
    const cookie = response.headers.getSetCookie().find((c) => c.startsWith('unfurlkit_consent='));
    expect(cookie).toMatch(/HttpOnly/i);
    expect(cookie).toMatch(/SameSite=Lax/i);
  });

  it('escapes what it shows: a hostile scope value cannot become markup', async () => {
    const hostile = await startHarness({ config: { OAUTH_SCOPES: '<script>x</script>' } });
    try {
      const response = await browse(authorizeUrl(hostile, { scope: '<script>x</script>' }), signedInJar());
      const text = await response.text();
      expect(text).not.toContain('<script>x</script>');
      expect(text).toContain('&lt;script&gt;x&lt;/script&gt;');
    } finally {
      await hostile.close();
    }
  });
});

describe('POST /notion/authorize: the decision', () => {
  it('Deny redirects with error=access_denied and the state byte for byte', async () => {
    const state = 'a b+c/=%20&x?y#z~\'"<>';
    const { jar, form } = await consentPage(signedInJar(), { state });
    const response = await postConsent(h, jar, form, 'deny');
    expect(response.status).toBe(302);
    const location = new URL(response.headers.get('location')!);
    expect(location.searchParams.get('error')).toBe('access_denied');
    expect(location.searchParams.get('state')).toBe(state);
    expect(location.searchParams.get('code')).toBeNull();
    expect(h.notion.calls).toHaveLength(0);
  });

  it("Allow exchanges Notion's code server-side, then redirects with our code and the state", async () => {
    const { location } = await allowConnection(h, { query: { state: 'xyz-987' } });
    expect(`${location.origin}${location.pathname}`).toBe(REDIRECT_URI);
    expect(location.searchParams.get('state')).toBe('xyz-987');
    expect(location.searchParams.get('code')).toMatch(/^ufk_code_[\w-]{43}$/);
    expect(h.notion.calls).toHaveLength(1);
    const [call] = h.notion.calls;
    expect(call!.authorization).toBe(
      `Basic ${Buffer.from(`${h.notion.clientId}:${h.notion.clientSecret}`).toString('base64')}`,
    );
    expect(call!.contentType).toContain('application/json');
    expect(call!.notionVersion).toBe('2022-06-28');
    expect(call!.body).toMatchObject({
      grant_type: 'authorization_code',
      external_account: { key: 'alice', name: 'alice (fixture)' },
    });
  });

  it('redirects with an OAuth error when Notion refuses the exchange (expired code), so the flow restarts', async () => {
    const { jar, form } = await consentPage();
    h.notion.failNext({ status: 400, code: 'invalid_grant' });
    const response = await postConsent(h, jar, form, 'allow');
    const location = new URL(response.headers.get('location')!);
    expect(location.searchParams.get('error')).toBe('invalid_request');
    expect(location.searchParams.get('error_description')).toContain('expired');
    expect(location.searchParams.get('state')).toBe('state-123');
    expect(location.searchParams.get('code')).toBeNull();
  });

  it('redirects temporarily_unavailable when Notion does not answer in time', async () => {
    const { jar, form } = await consentPage();
    h.notion.failNext('hang');
    const response = await postConsent(h, jar, form, 'allow');
    expect(new URL(response.headers.get('location')!).searchParams.get('error')).toBe(
      'temporarily_unavailable',
    );
  });

  it('refuses a form without the right CSRF token, or from a browser without the binding cookie', async () => {
    const { jar, form } = await consentPage();
    const wrongToken = await postConsent(h, jar, { ...form, csrf: 'ufk_csrf_forged' }, 'allow');
    expect(wrongToken.status).toBe(403);
    const otherBrowser = signedInJar();
    const noCookie = await postConsent(h, otherBrowser, form, 'allow');
    expect(noCookie.status).toBe(403);
    expect(h.notion.calls).toHaveLength(0);
    // The genuine form still works afterwards.
    expect((await postConsent(h, jar, form, 'allow')).status).toBe(302);
  });

  it('is single use: answering twice does not exchange twice', async () => {
    const { jar, form } = await consentPage();
    expect((await postConsent(h, jar, form, 'allow')).status).toBe(302);
    const again = await postConsent(h, jar, form, 'allow');
    expect(again.status).toBe(409);
    expect(h.notion.calls).toHaveLength(1);
  });

  it('expires after 10 minutes', async () => {
    const { jar, form } = await consentPage();
    h.clock.advance(10 * 60 * 1000);
    const response = await postConsent(h, jar, form, 'allow');
    const location = new URL(response.headers.get('location')!);
    expect(location.searchParams.get('error')).toBe('access_denied');
    expect(location.searchParams.get('code')).toBeNull();
    expect(h.notion.calls).toHaveLength(0);
  });

  it('only the person the page was shown to can answer it', async () => {
    const { jar, form } = await consentPage(signedInJar('alice'));
    jar.cookies.set('test_user', 'mallory');
    const response = await postConsent(h, jar, form, 'allow');
    expect(response.status).toBe(403);
    expect(h.notion.calls).toHaveLength(0);
  });

  it('answers an incomplete form with a 400 page, not a crash', async () => {
    const response = await browse(`${h.url}/notion/authorize`, signedInJar(), {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: 'decision=maybe',
    });
    expect(response.status).toBe(400);
    expect(response.headers.get('content-type')).toContain('text/html');
  });
});

describe('the consent page\'s "Not you? Sign out"', () => {
  it("is a form POSTed to the integration's signOutUrl with next = this same authorization", async () => {
    const integration = defineIntegration({ ...fixtureIntegration, signOutUrl: '/logout' });
    const withSignOut = await startHarness({ integration });
    try {
      const response = await browse(authorizeUrl(withSignOut), signedInJar());
      const page = await response.text();
      const form =
        /<form method="post" action="\/logout" class="not-you">\s*<input type="hidden" name="next" value="([^"]+)">/.exec(
          page,
        );
      expect(form, page).not.toBeNull();
      expect(page).toContain(
        'Not you? <button type="submit" class="link" data-testid="sign-out">Sign out</button>',
      );
      // `next` resumes the authorization: opening it signed in as someone else shows their consent page.
      const next = form![1]!.replaceAll('&amp;', '&');
      expect(next).toMatch(/^\/notion\/authorize\?resume=/);
      const again = await browse(`${withSignOut.url}${next}`, signedInJar('bob'));
      expect(again.status).toBe(200);
      expect(await again.text()).toContain('bob (fixture)');
    } finally {
      await withSignOut.close();
    }
  });

  it('is absent without signOutUrl, and defineIntegration refuses one that is not a local path', async () => {
    const response = await browse(authorizeUrl(h), signedInJar());
    expect(await response.text()).not.toContain('Not you?');
    for (const signOutUrl of ['https://evil.example/logout', '//evil.example/logout', 'logout', '/\\evil']) {
      expect(() => defineIntegration({ ...fixtureIntegration, signOutUrl }), signOutUrl).toThrow(
        'signOutUrl must be a path on this server, starting with a single "/" (e.g. "/logout")',
      );
    }
  });
});
