import { type ChildProcess, spawn } from 'node:child_process';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { bundleFilesHolding, loadedAny } from './support/bundle-files.js';
import { BIN, fixture, serveEnv, waitForOutput } from './support/cli-process.js';

/*
 * What `unfurlkit serve` loads before its first request, through the real bin: only what serving needs. The
 * rest is loaded at its first use, and still works then: the OAuth library at the first token request, the
 * consent page's code at the first authorize request, prom-client at the first scrape of /metrics, Fastify's
 * JSON-schema compilers at a product's first route with a schema (product-route-schemas.test.ts). The bin runs
 * the bundle (scripts/bundle.mjs): code moved into it is found through the bundle's map (`bundleFilesHolding`).
 */

/** Preloaded to record every module a process resolves, ES and CommonJS (support/record-loads.mjs). */
const RECORD_LOADS = fileURLToPath(new URL('./support/record-loads.mjs', import.meta.url));

const PROM_CLIENT = /\/node_modules\/prom-client\//;
/** The bundle's files holding the OAuth library, the consent page, and the commands `serve` does not run. */
const OAUTH_LIBRARY = bundleFilesHolding(/\/node_modules\/@node-oauth\/oauth2-server\//);
const CONSENT_CODE = bundleFilesHolding(/^dist\/(ui\/consent-page|oauth\/authorize\/show-consent-page)\.js$/);
const OTHER_COMMANDS = bundleFilesHolding(
  /^dist\/(dev\/|cli\/(dev|check|migrate|settings|updates)-command\.js$)/,
);

describe('unfurlkit serve at start-up', () => {
  let dir: string;
  let loads: string;
  let child: ChildProcess;
  let url: string;
  let env: Record<string, string>;
  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'unfurlkit-startup-loads-'));
    loads = join(dir, 'serve-loads.txt');
    env = serveEnv(dir);
    child = spawn(
      process.execPath,
      ['--import', RECORD_LOADS, BIN, 'serve', '--config', fixture('good-integration.js')],
      {
        cwd: dir,
        env: { ...env, UNFURLKIT_TEST_LOADS: loads },
        stdio: ['ignore', 'pipe', 'pipe'],
      },
    );
    const listening = await waitForOutput(child, /listening on (http:\/\/\S+)/, 30_000);
    url = listening[1]!;
  });
  afterAll(async () => {
    child?.kill('SIGKILL');
    await rm(dir, { recursive: true, force: true });
  });

  it('loads neither the OAuth library, prom-client, the JSON-schema compilers, undici nor pg', async () => {
    const resolved = await readFile(loads, 'utf8');
    // Kysely is in the bundle: neither of its builds is loaded from node_modules.
    expect(resolved).toMatch(/\/packages\/server\/bundle\/cli\/main\.js$/m);
    expect(resolved).not.toMatch(/\/node_modules\/kysely\//);
    expect(loadedAny(resolved, OAUTH_LIBRARY)).toBe(false);
    expect(resolved).not.toMatch(PROM_CLIENT);
    // No route of the server has a JSON schema: Ajv and fast-json-stringify wait for a product's first one.
    expect(resolved).not.toMatch(/\/node_modules\/ajv\//);
    expect(resolved).not.toMatch(/\/node_modules\/fast-json-stringify\/index\.js$/m);
    expect(resolved).not.toMatch(/\/node_modules\/undici\//);
    expect(resolved).not.toMatch(/\/node_modules\/pg\//);
  });

  it("loads none of the other commands' code: no dev watcher, front server or emulator glue", async () => {
    const resolved = await readFile(loads, 'utf8');
    expect(loadedAny(resolved, bundleFilesHolding(/^dist\/cli\/serve-command\.js$/))).toBe(true);
    expect(loadedAny(resolved, OTHER_COMMANDS)).toBe(false);
    // Nor the consent page and the answer to it, until the first authorize request.
    expect(loadedAny(resolved, CONSENT_CODE)).toBe(false);
  });

  it('loads the OAuth library at the first token request, and answers it (RFC 6749)', async () => {
    const response = await fetch(`${url}/notion/token`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({
        grant_type: 'authorization_code',
        code: 'no-such-code',
        redirect_uri: 'https://www.notion.so/externalintegrationauthcallback',
        client_id: env.OAUTH_CLIENT_ID!,
        client_secret: env.OAUTH_CLIENT_SECRET!,
      }),
    });
    expect(response.status).toBe(400);
    expect(await response.json()).toMatchObject({ error: 'invalid_grant' });
    expect(loadedAny(await readFile(loads, 'utf8'), OAUTH_LIBRARY)).toBe(true);
  });

  it('loads the consent page at the first authorize request, and answers it', async () => {
    const response = await fetch(`${url}/notion/authorize?client_id=someone-else&response_type=code`);
    expect(response.status).toBe(400);
    expect(response.headers.get('content-type')).toMatch(/^text\/html/);
    expect(loadedAny(await readFile(loads, 'utf8'), CONSENT_CODE)).toBe(true);
  });

  it('loads prom-client at the first scrape of /metrics, which lists every metric', async () => {
    const response = await fetch(`${url}/metrics`);
    expect(response.status).toBe(200);
    const text = await response.text();
    expect(text).toContain('unfurlkit_instance_info{instance_id=');
    expect(text).toContain('unfurlkit_notion_breaker_state 0');
    expect(text).toContain('unfurlkit_outbox_rows{state="pending"} 0');
    expect(await readFile(loads, 'utf8')).toMatch(PROM_CLIENT);
  });
});
