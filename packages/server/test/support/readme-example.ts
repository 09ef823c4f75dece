import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { expect } from 'vitest';
import { browse, CookieJar, readConsentForm } from './oauth-flow.js';

const ROOT = fileURLToPath(new URL('../../../../', import.meta.url));

/** The link the README example's sample resolves, and the title its preview shows. */
export const README_SAMPLE = 'https://acme.com/items/23487';
export const README_SAMPLE_TITLE = 'Fix login bug';

/** `unfurlkit dev`'s banner: the emulator's URL (group 1), printed before it starts watching. */
export const DEV_BANNER = /Notion emulator\s+(http:\/\/\S+)[\s\S]*Watching/;

/** The README's "Write an integration" code block, as a reader copies it. */
export async function readmeIntegration(): Promise<string> {
  const readme = await readFile(join(ROOT, 'README.md'), 'utf8');
  const section = readme.slice(readme.indexOf('## Write an integration'));
  const block = /```ts\n([\s\S]*?)```/.exec(section)?.[1];
  if (!block) throw new Error('no ts block in the README section');
  return block;
}

/** The emulator's control API (JSON in, JSON out). */
export async function control(base: string, path: string, body?: unknown): Promise<Record<string, unknown>> {
  const response = await fetch(`${base}${path}`, {
    method: body === undefined ? 'GET' : 'POST',
    ...(body === undefined
      ? {}
      : { headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) }),
    signal: AbortSignal.timeout(10_000),
  });
  expect(response.status, path).toBe(200);
  return (await response.json()) as Record<string, unknown>;
}

/**
 * Ada pastes `uri` in the emulator and connects as alice through the README example's own sign-in, with plain
 * HTTP (cookies kept by hand): authorize → sign-in → consent → Allow → Notion's callback.
 */
export async function connectAsAlice(emulatorUrl: string, uri: string): Promise<void> {
  const pasted = await control(emulatorUrl, '/api/paste', { uri, person: 'ada' });
  const jar = new CookieJar();
  const toSignIn = await browse(String(pasted.authorizeUrl), jar);
  expect(toSignIn.status).toBe(302);
  const signIn = new URL(toSignIn.headers.get('location')!, String(pasted.authorizeUrl));
  const next = signIn.searchParams.get('next')!;
  const signedIn = await browse(new URL('/login', signIn).href, jar, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams({ user: 'alice', password: 'alice', next }).toString(),
  });
  expect(signedIn.status).toBe(303);
  const consent = await browse(new URL(signedIn.headers.get('location')!, signIn).href, jar);
  expect(consent.status).toBe(200);
  const form = readConsentForm(await consent.text());
  const allowed = await browse(new URL('/notion/authorize', signIn).href, jar, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams({ request_id: form.requestId, csrf: form.csrf, decision: 'allow' }).toString(),
  });
  expect(allowed.status).toBe(302);
  const callback = await fetch(allowed.headers.get('location')!, {
    redirect: 'manual',
    signal: AbortSignal.timeout(10_000),
  });
  expect(callback.status).toBeLessThan(400);
  await control(emulatorUrl, '/api/idle', {});
}
