import { expect } from 'vitest';
import { type RunningEmulator, startEmulator } from '../../../src/index.js';
import { jsonRequest, type PreviewJson } from '../../support/harness.js';
import { type BrowserResponse, FormBrowser, hiddenField } from './form-browser.js';
import {
  REFERENCE_CREDENTIALS,
  type ReferenceIntegration,
  startReferenceIntegration,
} from './reference-integration.js';

/** What the tests of the Python reference integration (RefDocs) do with it, through the real emulator. */
export const DOC_1 = 'https://refdocs.test/doc/1';
export const DOC_2 = 'https://refdocs.test/doc/2';

export interface RefdocsSetup {
  emulator: RunningEmulator;
  reference: ReferenceIntegration;
  close(): Promise<void>;
}

/** The emulator (memory, no log, free port) and RefDocs pointed at it, with RefDocs' settings in force. */
export async function startRefdocs(breaks: string[] = []): Promise<RefdocsSetup> {
  const emulator = await startEmulator({ port: 0, storage: 'memory', logger: false });
  let reference: ReferenceIntegration;
  try {
    reference = await startReferenceIntegration(emulator.url, breaks);
  } catch (error) {
    await emulator.close();
    throw error;
  }
  const close = async () => {
    await reference.close();
    await emulator.close();
  };
  try {
    await emulator.setSettings(reference.settings);
  } catch (error) {
    await close();
    throw error;
  }
  return { emulator, reference, close };
}

/** Notion's authorize redirect for a person, as the workspace starts it (paste a link, or Connect). */
export async function authorizeUrl(emulator: RunningEmulator, person: string, uri?: string): Promise<string> {
  const started = uri
    ? await jsonRequest(`${emulator.url}/api/paste`, { method: 'POST', body: { uri, person } })
    : await jsonRequest(`${emulator.url}/api/connect`, { method: 'POST', body: { person } });
  const url = (started.body as { authorizeUrl?: string }).authorizeUrl;
  if (!url) throw new Error(`no authorize URL: ${started.text}`);
  return url;
}

/** Authorize URL → sign-in form → consent page (shown, not yet answered). */
export async function signIn(browser: FormBrowser, url: string, user: string): Promise<BrowserResponse> {
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

/** Presses Allow or Deny on a consent page (with the page's CSRF token unless another is given). */
export function decide(
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

/** The whole connect flow for a person: the emulator's callback redeems the integration's code. */
export async function connect(setup: RefdocsSetup, person: string, user: string, uri: string): Promise<void> {
  const browser = new FormBrowser();
  const consent = await signIn(browser, await authorizeUrl(setup.emulator, person, uri), user);
  const back = await decide(browser, consent, 'allow');
  expect(back.location).toMatch(new RegExp(`^${setup.emulator.url}/externalIntegrationAuthCallback\\?code=`));
  const callback = await browser.get(back.location ?? '');
  expect(callback.status).toBe(303);
}

/** A person's previews after a refresh (as a page visit does). */
export async function refreshedPreviews(emulator: RunningEmulator, person: string): Promise<PreviewJson[]> {
  const answer = await jsonRequest(`${emulator.url}/api/refresh`, { method: 'POST', body: { person } });
  return (answer.body as { previews: PreviewJson[] }).previews;
}

export const titleOf = (preview: PreviewJson | undefined): unknown =>
  preview?.attributes?.find((a) => a.id === 'title')?.inline?.title?.value;

/** RefDocs' own code after Alice allows, taken from the redirect before the emulator can redeem it. */
export async function integrationCode(setup: RefdocsSetup): Promise<{ code: string; redirectUri: string }> {
  const browser = new FormBrowser();
  const consent = await signIn(browser, await authorizeUrl(setup.emulator, 'ada'), 'alice');
  const back = new URL((await decide(browser, consent, 'allow')).location ?? '');
  return { code: back.searchParams.get('code') ?? '', redirectUri: `${back.origin}${back.pathname}` };
}

/** A POST to RefDocs' Token URL, client_secret_post by default, client_secret_basic (RFC 6749 §2.3.1) if asked. */
export function tokenRequest(
  setup: RefdocsSetup,
  form: Record<string, string>,
  auth: 'post' | 'basic' = 'post',
  credentials: { clientId: string; clientSecret: string } = REFERENCE_CREDENTIALS,
) {
  const { clientId, clientSecret } = credentials;
  const formEncode = (value: string) => new URLSearchParams({ v: value }).toString().slice(2);
  const basic = `${formEncode(clientId)}:${formEncode(clientSecret)}`;
  return jsonRequest(`${setup.reference.url}/oauth/token`, {
    method: 'POST',
    headers: {
      'content-type': 'application/x-www-form-urlencoded',
      ...(auth === 'basic' ? { authorization: `Basic ${Buffer.from(basic).toString('base64')}` } : {}),
    },
    body: new URLSearchParams(
      auth === 'basic' ? form : { ...form, client_id: clientId, client_secret: clientSecret },
    ).toString(),
  });
}

/** Alice's access and refresh token, from a code redeemed directly at the Token URL. */
export async function aliceTokens(
  setup: RefdocsSetup,
): Promise<{ access_token: string; refresh_token: string }> {
  const { code, redirectUri } = await integrationCode(setup);
  const issued = await tokenRequest(setup, {
    grant_type: 'authorization_code',
    code,
    redirect_uri: redirectUri,
  });
  expect(issued.status).toBe(200);
  return issued.body as { access_token: string; refresh_token: string };
}

/** POST (or DELETE) on RefDocs' Unfurl Callback with a bearer token. */
export function unfurl(setup: RefdocsSetup, accessToken: string, uri = DOC_1, method = 'POST') {
  return jsonRequest(`${setup.reference.url}/unfurl`, {
    method,
    headers: { authorization: `Bearer ${accessToken}` },
    body: { uri },
  });
}

export async function control(setup: RefdocsSetup, path: string, method = 'POST') {
  return jsonRequest(`${setup.reference.url}/_control/${path}`, { method });
}
