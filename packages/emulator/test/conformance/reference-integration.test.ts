import { afterEach, describe, expect, it } from 'vitest';
import { type RunningEmulator, startEmulator } from '../../src/index.js';
import { jsonRequest, type PreviewJson } from '../support/harness.js';
import { type BrowserResponse, FormBrowser, hiddenField } from './support/form-browser.js';
import {
  REFERENCE_CREDENTIALS,
  type ReferenceIntegration,
  startReferenceIntegration,
} from './support/reference-integration.js';

/**
 * The Python reference integration (a program unfurlkit did not write) against the real emulator: the whole
 * protocol through its sign-in and consent pages, and a few `--break` rules observably breaking what they say.
 */
const DOC_1 = 'https://refdocs.test/doc/1';
const DOC_2 = 'https://refdocs.test/doc/2';

interface Setup {
  emulator: RunningEmulator;
  reference: ReferenceIntegration;
}

let running: Setup | undefined;
afterEach(async () => {
  await running?.reference.close();
  await running?.emulator.close();
  running = undefined;
});

async function setup(breaks: string[] = []): Promise<Setup> {
  const emulator = await startEmulator({ port: 0, storage: 'memory', logger: false });
  const reference = await startReferenceIntegration(emulator.url, breaks);
  running = { emulator, reference };
  await emulator.setSettings(reference.settings);
  return running;
}

/** Notion's authorize redirect for a person, as the workspace starts it (paste a link, or Connect). */
async function authorizeUrl(emulator: RunningEmulator, person: string, uri?: string): Promise<string> {
  const started = uri
    ? await jsonRequest(`${emulator.url}/api/paste`, { method: 'POST', body: { uri, person } })
    : await jsonRequest(`${emulator.url}/api/connect`, { method: 'POST', body: { person } });
  const url = (started.body as { authorizeUrl?: string }).authorizeUrl;
  if (!url) throw new Error(`no authorize URL: ${started.text}`);
  return url;
}

/** Authorize URL → sign-in form → consent page (answered, not yet decided). */
async function signIn(browser: FormBrowser, url: string, user: string): Promise<BrowserResponse> {
  const toSignIn = await browser.get(url);
  expect(toSignIn.status).toBe(303);
  const form = await browser.follow(toSignIn);
  expect(form.body).toContain('name=username');
  expect(form.body).toContain('type=password name=password');
  expect(form.body).toContain('>Sign in</button>');
  const signedIn = await browser.postForm(new URL('/login', form.url).toString(), {
    request: hiddenField(form.body, 'request'),
    csrf: hiddenField(form.body, 'csrf'),
    username: user,
    password: `${user}-password`,
  });
  expect(signedIn.status).toBe(303);
  return browser.follow(signedIn);
}

async function decide(
  browser: FormBrowser,
  consent: BrowserResponse,
  decision: 'allow' | 'deny',
  csrf = hiddenField(consent.body, 'csrf'),
): Promise<BrowserResponse> {
  return browser.postForm(new URL('/consent', consent.url).toString(), {
    request: hiddenField(consent.body, 'request'),
    csrf,
    decision,
  });
}

/** The whole connect flow for a person: the emulator's callback gets the integration's code. */
async function connect(setup: Setup, person: string, user: string, uri: string): Promise<void> {
  const browser = new FormBrowser();
  const consent = await signIn(browser, await authorizeUrl(setup.emulator, person, uri), user);
  const back = await decide(browser, consent, 'allow');
  expect(back.location).toMatch(new RegExp(`^${setup.emulator.url}/externalIntegrationAuthCallback\\?code=`));
  const callback = await browser.get(back.location ?? '');
  expect(callback.status).toBe(303);
}

async function previewsOf(emulator: RunningEmulator, person: string): Promise<PreviewJson[]> {
  const answer = await jsonRequest(`${emulator.url}/api/refresh`, { method: 'POST', body: { person } });
  return (answer.body as { previews: PreviewJson[] }).previews;
}

const titleOf = (preview: PreviewJson | undefined) =>
  preview?.attributes?.find((a) => a.id === 'title')?.inline?.title?.value;

/** Our own code from a consent, without letting the emulator redeem it. */
async function integrationCode(setup: Setup): Promise<{ code: string; redirectUri: string }> {
  const browser = new FormBrowser();
  const consent = await signIn(browser, await authorizeUrl(setup.emulator, 'ada'), 'alice');
  const back = new URL((await decide(browser, consent, 'allow')).location ?? '');
  return { code: back.searchParams.get('code') ?? '', redirectUri: `${back.origin}${back.pathname}` };
}

function tokenRequest(setup: Setup, form: Record<string, string>, basic = false) {
  const { clientId, clientSecret } = REFERENCE_CREDENTIALS;
  const credentials = basic
    ? `${encodeURIComponent(clientId)}:${new URLSearchParams({ s: clientSecret }).toString().slice(2)}`
    : undefined;
  return jsonRequest(`${setup.reference.url}/oauth/token`, {
    method: 'POST',
    headers: {
      'content-type': 'application/x-www-form-urlencoded',
      ...(credentials ? { authorization: `Basic ${Buffer.from(credentials).toString('base64')}` } : {}),
    },
    body: new URLSearchParams(
      basic ? form : { ...form, client_id: clientId, client_secret: clientSecret },
    ).toString(),
  });
}

function unfurl(setup: Setup, accessToken: string, uri = DOC_1) {
  return jsonRequest(`${setup.reference.url}/unfurl`, {
    method: 'POST',
    headers: { authorization: `Bearer ${accessToken}` },
    body: { uri },
  });
}

describe('the Python reference integration against the emulator', () => {
  it('connects through its sign-in and consent, unfurls per person, and pushes a change', async () => {
    const s = await setup();
    await connect(s, 'ada', 'alice', DOC_1);

    const exchange = s.emulator.traffic().find((e) => e.kind === 'oauth-token' && e.direction === 'inbound');
    expect(exchange).toMatchObject({
      status: 200,
      requestHeaders: { authorization: 'Basic [REDACTED]', 'notion-version': '2022-06-28' },
      requestBody: { grant_type: 'authorization_code', external_account: { key: 'u-1001' } },
    });

    const [doc1] = await previewsOf(s.emulator, 'ada');
    expect(doc1).toMatchObject({ uri: DOC_1, state: 'ready', warnings: [] });
    expect(titleOf(doc1)).toBe('Quarterly plan');

    // Bob's document is refused to Alice as an error operation, never shown.
    await jsonRequest(`${s.emulator.url}/api/paste`, { method: 'POST', body: { uri: DOC_2, person: 'ada' } });
    const doc2 = (await previewsOf(s.emulator, 'ada')).find((p) => p.uri === DOC_2);
    expect(doc2?.error).toMatchObject({ status: 403 });
    expect(JSON.stringify(doc2)).not.toContain("Bob's private notes");

    const change = await jsonRequest(`${s.reference.url}/_control/change?doc=1`, { method: 'POST' });
    expect(change.body).toMatchObject({ pushed: 1, statuses: [200] });
    const patch = s.emulator.traffic().find((e) => e.kind === 'external-object');
    expect(patch).toMatchObject({
      method: 'PATCH',
      status: 200,
      requestHeaders: { 'notion-version': '2022-06-28' },
      requestBody: { uri: DOC_1 },
    });
    const shown = (await jsonRequest(`${s.emulator.url}/api/previews?person=ada`)).body as {
      previews: PreviewJson[];
    };
    expect(titleOf(shown.previews.find((p) => p.uri === DOC_1))).toBe('Quarterly plan (revision 2)');

    // Its request log names methods and paths only: no code, token or secret.
    expect(s.reference.stderr()).toContain('POST /unfurl');
    expect(s.reference.stderr()).not.toMatch(/rd_(code|at|rt)_|code=|refdocs secret/);
  });

  it('keeps codes single-use (a replay revokes their tokens) and rotates refresh tokens', async () => {
    const s = await setup();
    const { code, redirectUri } = await integrationCode(s);
    const issued = await tokenRequest(
      s,
      { grant_type: 'authorization_code', code, redirect_uri: redirectUri },
      true,
    );
    expect(issued.status).toBe(200);
    expect(issued.headers.get('cache-control')).toBe('no-store');
    const tokens = issued.body as { access_token: string; refresh_token: string };
    const unfurled = await unfurl(s, tokens.access_token);
    expect(unfurled.status).toBe(200);
    expect(unfurled.text).toContain('"value": "Quarterly plan"');

    const replay = await tokenRequest(s, {
      grant_type: 'authorization_code',
      code,
      redirect_uri: redirectUri,
    });
    expect(replay).toMatchObject({ status: 400, body: { error: 'invalid_grant' } });
    const revoked = await unfurl(s, tokens.access_token);
    expect(revoked.status).toBe(401);
    expect(revoked.headers.get('www-authenticate')).toMatch(/^Bearer .*error="invalid_token"/);

    const second = await integrationCode(s);
    const fresh = (
      await tokenRequest(s, {
        grant_type: 'authorization_code',
        code: second.code,
        redirect_uri: second.redirectUri,
      })
    ).body as { refresh_token: string };
    const rotated = await tokenRequest(s, {
      grant_type: 'refresh_token',
      refresh_token: fresh.refresh_token,
    });
    expect(rotated.status).toBe(200);
    expect((rotated.body as { refresh_token: string }).refresh_token).not.toBe(fresh.refresh_token);
    const reused = await tokenRequest(s, { grant_type: 'refresh_token', refresh_token: fresh.refresh_token });
    expect(reused).toMatchObject({ status: 400, body: { error: 'invalid_grant' } });

    const wrongBasic = await jsonRequest(`${s.reference.url}/oauth/token`, {
      method: 'POST',
      headers: {
        'content-type': 'application/x-www-form-urlencoded',
        authorization: `Basic ${Buffer.from('refdocs-client:nope').toString('base64')}`,
      },
      body: 'grant_type=refresh_token&refresh_token=x',
    });
    expect(wrongBasic).toMatchObject({ status: 401, body: { error: 'invalid_client' } });
    expect(wrongBasic.headers.get('www-authenticate')).toMatch(/^Basic /);
  });

  it('protects consent: framing headers, a session cookie, a CSRF token; Deny keeps state', async () => {
    const s = await setup();
    const browser = new FormBrowser();
    const url = await authorizeUrl(s.emulator, 'ada');
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

    const foreign = new URL(url);
    foreign.searchParams.set('redirect_uri', 'https://attacker.test/externalIntegrationAuthCallback');
    const refused = await new FormBrowser().get(foreign.toString());
    expect(refused.status).toBe(400);
    expect(refused.location).toBeNull();
  });

  it('--break replayable-code lets a code be redeemed twice', async () => {
    const s = await setup(['replayable-code']);
    const { code, redirectUri } = await integrationCode(s);
    const form = { grant_type: 'authorization_code', code, redirect_uri: redirectUri };
    expect((await tokenRequest(s, form)).status).toBe(200);
    expect((await tokenRequest(s, form)).status).toBe(200);
  });

  it('--break no-csrf accepts a forged consent post', async () => {
    const s = await setup(['no-csrf']);
    const browser = new FormBrowser();
    const consent = await signIn(browser, await authorizeUrl(s.emulator, 'ada'), 'alice');
    const forged = await decide(browser, consent, 'allow', 'forged-token');
    expect(forged.status).toBe(303);
    expect(forged.location).toContain('code=');
  });

  it('--break cross-person-data shows Bob’s document to Alice', async () => {
    const s = await setup(['cross-person-data']);
    await connect(s, 'ada', 'alice', DOC_2);
    const [doc2] = await previewsOf(s.emulator, 'ada');
    expect(titleOf(doc2)).toBe("Bob's private notes");
  });
});
