import { CookieJar } from '../../../../packages/server/test/support/oauth-flow.js';
import type { RunningDemo } from '../../src/demo.js';

export type Person = 'ada' | 'ben';

export async function json<T = Record<string, unknown>>(url: string, init: RequestInit = {}): Promise<T> {
  const response = await fetch(url, {
    ...init,
    headers: {
      ...(init.body === undefined ? {} : { 'content-type': 'application/json' }),
      ...(init.headers as Record<string, string>),
    },
  });
  const text = await response.text();
  if (!response.ok)
    throw new Error(`${init.method ?? 'GET'} ${url} answered ${response.status}: ${text.slice(0, 300)}`);
  return (text ? JSON.parse(text) : {}) as T;
}

async function follow(jar: CookieJar, url: string, init: RequestInit = {}): Promise<Response> {
  const response = await fetch(url, {
    ...init,
    redirect: 'manual',
    headers: { ...(init.headers as Record<string, string>), cookie: jar.header() },
  });
  jar.take(response);
  return response;
}

/**
 * What a person does in a browser, with fetch: paste a link in the emulator's workspace (as `person`), sign in to
 * Acme as `user`, press Allow, and land back in the workspace, which then unfurls. Resolves when the emulator is
 * idle (the preview rendered). The browser tests do the same through Chromium.
 */
export async function connectAndPaste(
  demo: Pick<RunningDemo, 'emulatorUrl' | 'acmeUrl'>,
  person: Person,
  user: 'alice' | 'bob',
  uris: string[],
): Promise<void> {
  const [first, ...rest] = uris;
  const pasted = await json<{ authorizeUrl: string | null }>(`${demo.emulatorUrl}/api/paste`, {
    method: 'POST',
    body: JSON.stringify({ uri: first, person }),
  });
  if (pasted.authorizeUrl) await consent(demo, pasted.authorizeUrl, user);
  for (const uri of rest) {
    await json(`${demo.emulatorUrl}/api/paste`, { method: 'POST', body: JSON.stringify({ uri, person }) });
  }
  await json(`${demo.emulatorUrl}/api/refresh`, { method: 'POST', body: JSON.stringify({ person }) });
}

async function consent(
  demo: Pick<RunningDemo, 'acmeUrl'>,
  authorizeUrl: string,
  user: 'alice' | 'bob',
): Promise<void> {
  const jar = new CookieJar();
  let response = await follow(jar, authorizeUrl);
  if (response.status === 302 && response.headers.get('location')?.startsWith('/login')) {
    const next = new URL(response.headers.get('location')!, demo.acmeUrl).searchParams.get('next')!;
    response = await follow(jar, `${demo.acmeUrl}/login`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({ username: user, password: user, next }).toString(),
    });
    response = await follow(jar, new URL(response.headers.get('location')!, demo.acmeUrl).href);
  }
  const page = await response.text();
  const field = (name: string) => new RegExp(`name="${name}" value="([^"]+)"`).exec(page)?.[1] ?? '';
  const allowed = await follow(jar, `${demo.acmeUrl}/notion/authorize`, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams({
      request_id: field('request_id'),
      csrf: field('csrf'),
      decision: 'allow',
    }).toString(),
  });
  const callback = allowed.headers.get('location');
  if (allowed.status !== 302 || !callback) throw new Error(`consent answered ${allowed.status}`);
  const landed = await follow(jar, callback);
  if (landed.status >= 400)
    throw new Error(`the emulator's callback answered ${landed.status}: ${await landed.text()}`);
}

export interface EmulatedPreview {
  person: Person;
  connectionId: string;
  uri: string;
  state: string;
  attributes: Array<{ id: string; inline?: Record<string, { value: unknown }> }> | null;
  error: { status: number; message: string } | null;
}

export async function previewsOf(
  demo: Pick<RunningDemo, 'emulatorUrl'>,
  person: Person,
): Promise<EmulatedPreview[]> {
  return (await json<{ previews: EmulatedPreview[] }>(`${demo.emulatorUrl}/api/previews?person=${person}`))
    .previews;
}

export function titleOf(preview: EmulatedPreview | undefined): unknown {
  return preview?.attributes?.find((a) => a.id === 'title')?.inline?.title?.value;
}

/** PUT /api/items/:id on Acme with HTTP Basic as a demo user. */
export async function editItem(
  demo: Pick<RunningDemo, 'acmeUrl'>,
  id: string,
  patch: Record<string, unknown>,
  user: 'alice' | 'bob' = 'alice',
): Promise<{ previewsQueued: number }> {
  return json(`${demo.acmeUrl}/api/items/${id}`, {
    method: 'PUT',
    headers: { authorization: `Basic ${Buffer.from(`${user}:${user}`).toString('base64')}` },
    body: JSON.stringify(patch),
  });
}

/** Polls until `check` holds (bounded: `timeoutMs`, default 15 s), returning its last value. */
export async function eventually<T>(
  read: () => Promise<T>,
  check: (value: T) => boolean,
  timeoutMs = 15_000,
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await read();
    if (check(value)) return value;
    if (Date.now() > deadline)
      throw new Error(
        `condition not met within ${timeoutMs} ms; last value: ${JSON.stringify(value).slice(0, 500)}`,
      );
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}
