import { type ChildProcess, spawn } from 'node:child_process';
import { mkdtemp, readFile, rm, stat, symlink, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runDev } from '../src/cli/dev-command.js';
import { BIN, capture, exitCode, waitForOutput } from './support/cli-process.js';
import { browse, CookieJar, readConsentForm } from './support/oauth-flow.js';

const ROOT = fileURLToPath(new URL('../../../', import.meta.url));

/** The README's "Write an integration" code block, as a reader copies it. */
async function readmeIntegration(): Promise<string> {
  const readme = await readFile(join(ROOT, 'README.md'), 'utf8');
  const section = readme.slice(readme.indexOf('## Write an integration'));
  const block = /```ts\n([\s\S]*?)```/.exec(section)?.[1];
  if (!block) throw new Error('no ts block in the README section');
  return block;
}

/** The emulator's control API (JSON in, JSON out). */
async function control(base: string, path: string, body?: unknown): Promise<Record<string, unknown>> {
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

/** Ada pastes the sample link and connects as alice: authorize → sign-in → consent → Allow → Notion's callback. */
async function connectAsAlice(emulatorUrl: string, uri: string): Promise<void> {
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

describe('unfurlkit dev --config integration.ts (the README example, a real process)', () => {
  let dir: string;
  let child: ChildProcess;
  let integrationUrl: string;
  let emulatorUrl: string;
  let output = '';

  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'unfurlkit-dev-'));
    await writeFile(join(dir, 'integration.ts'), await readmeIntegration());
    // As after `npm install unfurlkit`: the packages resolve from the folder's node_modules.
    await symlink(join(ROOT, 'node_modules'), join(dir, 'node_modules'), 'dir');
    child = spawn(
      process.execPath,
      [BIN, 'dev', '--config', 'integration.ts', '--port', '0', '--emulator-port', '0'],
      {
        cwd: dir,
        env: { PATH: process.env.PATH ?? '', LOG_LEVEL: 'warn' },
        stdio: ['ignore', 'pipe', 'pipe'],
      },
    );
    child.stdout!.on('data', (chunk: Buffer) => {
      output += chunk.toString('utf8');
    });
    const banner = await waitForOutput(child, /Notion emulator\s+(http:\/\/\S+)[\s\S]*Watching/, 25_000);
    emulatorUrl = banner[1]!;
    integrationUrl = /Integration\s+(http:\/\/\S+)/.exec(banner.input!)![1]!;
  }, 30_000);

  afterAll(async () => {
    if (child && child.exitCode === null && child.signalCode === null) {
      child.kill('SIGTERM');
      await exitCode(child, 10_000).catch(() => child.kill('SIGKILL'));
    }
    await rm(dir, { recursive: true, force: true });
  });

  it('serves the example to a working preview, then reloads an edit keeping the connection', async () => {
    expect(output).toContain('https://acme.com/items/23487');
    const credentials = await stat(join(dir, 'data', 'dev-credentials.json'));
    expect(credentials.mode & 0o777).toBe(0o600);

    const uri = 'https://acme.com/items/23487';
    await connectAsAlice(emulatorUrl, uri);
    const before = await control(emulatorUrl, '/api/refresh', { person: 'ada' });
    expect(JSON.stringify(before.previews)).toContain('Fix login bug');
    const connections = (await control(emulatorUrl, '/api/connections?person=ada')).connections as unknown[];
    expect(connections).toHaveLength(1);

    const file = join(dir, 'integration.ts');
    await writeFile(file, (await readFile(file, 'utf8')).replace('Fix login bug', 'Fix logout bug'));
    await waitForOutput(child, /reloaded Acme in \d+ ms/, 15_000);

    const after = await control(emulatorUrl, '/api/refresh', { person: 'ada' });
    expect(JSON.stringify(after.previews)).toContain('Fix logout bug');
    expect((await control(emulatorUrl, '/api/connections?person=ada')).connections).toEqual(connections);
    const health = await fetch(`${integrationUrl}/healthz`, { signal: AbortSignal.timeout(5_000) });
    expect(health.status).toBe(200);
  }, 40_000);
});

describe('unfurlkit dev without the emulator package', () => {
  it('says how to install it and exits 2', async () => {
    const { io, text } = capture();
    const code = await runDev(['--config', 'integration.ts'], io, { importEmulator: async () => undefined });
    expect(code).toBe(2);
    expect(text()).toContain('npm install -D @unfurlkit/emulator');
    expect(text()).toContain('--no-emulator');
  });
});
