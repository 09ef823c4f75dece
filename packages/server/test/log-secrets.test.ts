import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { CLIENT_ID, CLIENT_SECRET, type Harness, REDIRECT_URI, startHarness } from './support/harness.js';
import {
  authorizeUrl,
  browse,
  CookieJar,
  clientFields,
  postConsent,
  readConsentForm,
  signedInJar,
  tokenRequest,
  unfurl,
} from './support/oauth-flow.js';

let h: Harness;
beforeEach(async () => {
  h = await startHarness();
});
afterEach(async () => {
  await h.close();
});

describe('logs', () => {
  it('hold no token, code or secret, through every path of the protocol', async () => {
    const secrets: string[] = [CLIENT_SECRET, h.notion.clientSecret];
    const basic = Buffer.from(`${CLIENT_ID}:${CLIENT_SECRET}`).toString('base64');
    secrets.push(basic);

    const jar = signedInJar();
    const url = authorizeUrl(h);
    const notionCode = new URL(url).searchParams.get('code')!;
    secrets.push(notionCode);
    const page = await browse(url, jar);
    const form = readConsentForm(await page.text());
    secrets.push(form.requestId, form.csrf, jar.cookies.get('unfurlkit_consent')!);
    const allowed = await postConsent(h, jar, form, 'allow');
    const code = new URL(allowed.headers.get('location')!).searchParams.get('code')!;
    secrets.push(code, h.notion.tokenFor('alice')!);

    const issued = await tokenRequest(
      h,
      { grant_type: 'authorization_code', code, redirect_uri: REDIRECT_URI },
      { basic: { id: CLIENT_ID, secret: CLIENT_SECRET } },
    );
    const access = issued.body.access_token as string;
    const refresh = issued.body.refresh_token as string;
    secrets.push(access, refresh);
    // Failures log too: a replay, a wrong secret, a reused refresh token.
    await tokenRequest(h, {
      grant_type: 'authorization_code',
      code,
      redirect_uri: REDIRECT_URI,
      ...clientFields,
    });
    await tokenRequest(h, {
      grant_type: 'authorization_code',
      code: 'ufk_code_x',
      client_id: CLIENT_ID,
      client_secret: 'wrong-secret-value',
    });
    secrets.push('wrong-secret-value');

    // Through the product's sign-in page: the person was not signed in when Notion sent them.
    const signInUrl = authorizeUrl(h, { state: 'state-through-sign-in' });
    secrets.push(new URL(signInUrl).searchParams.get('code')!);
    const toSignIn = await browse(signInUrl, new CookieJar());
    const signInPage = new URL(toSignIn.headers.get('location')!, h.url);
    await browse(signInPage.href, new CookieJar()); // the product's sign-in page is logged like any request
    const next = signInPage.searchParams.get('next')!;
    secrets.push(new URL(next, h.url).searchParams.get('resume')!);
    const resumedJar = signedInJar('carol');
    const resumed = readConsentForm(await (await browse(`${h.url}${next}`, resumedJar)).text());
    await postConsent(h, resumedJar, resumed, 'deny');

    const connected = await (async () => {
      const jar2 = signedInJar('bob');
      const page2 = await browse(authorizeUrl(h), jar2);
      const form2 = readConsentForm(await page2.text());
      const allowed2 = await postConsent(h, jar2, form2, 'allow');
      const code2 = new URL(allowed2.headers.get('location')!).searchParams.get('code')!;
      secrets.push(code2);
      return tokenRequest(h, {
        grant_type: 'authorization_code',
        code: code2,
        redirect_uri: REDIRECT_URI,
        ...clientFields,
      });
    })();
    const rotated = await tokenRequest(h, {
      grant_type: 'refresh_token',
      refresh_token: connected.body.refresh_token as string,
      ...clientFields,
    });
    secrets.push(
      connected.body.access_token as string,
      connected.body.refresh_token as string,
      rotated.body.access_token as string,
      rotated.body.refresh_token as string,
    );
    await tokenRequest(h, {
      grant_type: 'refresh_token',
      refresh_token: connected.body.refresh_token as string,
      ...clientFields,
    });

    await unfurl(h, 'https://fixture.test/items/7', access);
    await unfurl(h, 'https://fixture.test/items/7', 'ufk_at_not-a-real-token-value');
    secrets.push('ufk_at_not-a-real-token-value');
    await fetch(`${h.url}/notion/deletion`, {
      method: 'DELETE',
      headers: { authorization: `Bearer ${access}` },
    });

    const output = h.logs.join('');
    expect(h.logs.length).toBeGreaterThan(20);
    for (const secret of secrets) {
      expect(secret.length).toBeGreaterThan(8);
      expect(output.includes(secret), `log output contains a secret (${secret.slice(0, 12)}…)`).toBe(false);
    }
    expect(output).toContain('[REDACTED]');
  });
});
