import { type ChildProcess, spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CLIENT_ID, CLIENT_SECRET, type Harness } from './support/harness.js';
import { type NotionStandIn, startNotionStandIn } from './support/notion-stand-in.js';
import {
  authorizeUrl,
  browse,
  clientFields,
  connect,
  signedInJar,
  tokenRequest,
} from './support/oauth-flow.js';
import { findPostgresBin, type PrivatePostgres, startPrivatePostgres } from './support/private-postgres.js';

/*
 * The real `unfurlkit serve` process on a PostgreSQL cluster of the test's own, which the test stops, restarts
 * and freezes: requests get 503 with Retry-After (never 500, never a hang), /readyz says why, and service comes
 * back without restarting unfurlkit.
 */

const BIN = fileURLToPath(new URL('../bin/unfurlkit.js', import.meta.url));
const INTEGRATION = fileURLToPath(new URL('./fixtures/database-faults/integration.ts', import.meta.url));
const TIMEOUT_MS = 1_000;
const PAUSED = 'the database is unavailable: outbox claims paused until it answers';
const RESUMED = 'the database answers again: outbox claims resumed';

const bin = findPostgresBin();
if (!bin) {
  console.warn(
    'database-outage.test.ts skipped: no PostgreSQL server binaries (initdb, pg_ctl) under /usr/lib/postgresql/<version>/bin; install postgresql to run it',
  );
}

/** Polls `check` until it returns true; fails after `ms`. */
async function eventually(check: () => Promise<boolean>, ms: number, what: string): Promise<void> {
  const deadline = Date.now() + ms;
  while (Date.now() < deadline) {
    if (await check().catch(() => false)) return;
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  throw new Error(`${what}: not within ${ms} ms`);
}

interface Answer {
  status: number;
  retryAfter: string | null;
  error: unknown;
}

/** Light load: `workers` loops of POST /unfurl, 25 ms apart, until stopped (and never more than 400 requests). */
function startLoad(url: string, accessToken: string, workers = 3) {
  const answers: Answer[] = [];
  let running = true;
  const loop = async () => {
    while (running && answers.length < 400) {
      try {
        const response = await fetch(`${url}/unfurl`, {
          method: 'POST',
          headers: { authorization: `Bearer ${accessToken}`, 'content-type': 'application/json' },
          body: JSON.stringify({ uri: 'https://fixture.test/items/7' }),
          signal: AbortSignal.timeout(10_000),
        });
        const body = (await response.json()) as Record<string, unknown>;
        const retryAfter = response.headers.get('retry-after');
        answers.push({ status: response.status, retryAfter, error: body.error });
      } catch (error) {
        // No answer at all (a hang cut by the timeout, a dropped connection): recorded, and never expected.
        answers.push({ status: 0, retryAfter: null, error: String(error) });
      }
      await new Promise((resolve) => setTimeout(resolve, 25));
    }
  };
  const loops = Array.from({ length: workers }, loop);
  return {
    answers,
    async stop() {
      running = false;
      await Promise.all(loops);
    },
  };
}

const refresh = (h: Harness, refreshToken: string) =>
  tokenRequest(h, { grant_type: 'refresh_token', refresh_token: refreshToken, ...clientFields });

/** With the database stopped: /readyz, the token endpoint and the consent page each say so; /healthz does not. */
async function checkStopped(h: Harness, refreshToken: string): Promise<void> {
  const notReady = await fetch(`${h.url}/readyz`);
  expect(notReady.status).toBe(503);
  expect(notReady.headers.get('retry-after')).toBe('5');
  expect(await notReady.json()).toMatchObject({
    error: 'temporarily_unavailable',
    error_description: 'the database is unavailable: connection refused',
  });
  expect((await fetch(`${h.url}/healthz`)).status).toBe(200);

  const refused = await refresh(h, refreshToken);
  expect(refused.status).toBe(503);
  expect(refused.body).toMatchObject({ error: 'temporarily_unavailable' });
  expect(refused.headers.get('retry-after')).toBe('5');
  expect(refused.headers.get('cache-control')).toBe('no-store');

  const page = await browse(authorizeUrl(h), signedInJar());
  expect(page.status).toBe(503);
  expect(page.headers.get('content-type')).toMatch(/^text\/html/);
  expect(page.headers.get('retry-after')).toBe('5');
  expect(await page.text()).toContain('cannot reach its database');
}

describe.skipIf(!bin)('PostgreSQL stopped, restarted and frozen under a running unfurlkit', () => {
  let cluster: PrivatePostgres;
  let notion: NotionStandIn;
  let child: ChildProcess;
  let url: string;
  let stdout = '';
  const logLines = (msg: string) =>
    stdout.split('\n').filter((line) => line.includes(`"msg":"${msg}"`)).length;

  beforeAll(async () => {
    cluster = await startPrivatePostgres(bin!);
    notion = await startNotionStandIn();
    child = spawn(process.execPath, [BIN, 'serve', '--config', INTEGRATION], {
      env: {
        PATH: process.env.PATH ?? '',
        PORT: '0',
        HOST: '127.0.0.1',
        DATABASE_URL: cluster.url,
        DATABASE_TIMEOUT_MS: String(TIMEOUT_MS),
        NOTION_API_URL: notion.url,
        NOTION_CLIENT_ID: notion.clientId,
        NOTION_CLIENT_SECRET: notion.clientSecret,
        OAUTH_CLIENT_ID: CLIENT_ID,
        OAUTH_CLIENT_SECRET: CLIENT_SECRET,
        OAUTH_SCOPES: 'unfurl',
        LOG_LEVEL: 'info',
      },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    child.stdout?.on('data', (chunk: Buffer) => {
      stdout += chunk.toString('utf8');
    });
    await eventually(async () => /listening on http/.test(stdout), 20_000, 'unfurlkit serve listening');
    url = /listening on (http:\/\/127\.0\.0\.1:\d+)/.exec(stdout)![1]!;
  }, 40_000);

  afterAll(async () => {
    if (child && child.exitCode === null) {
      const exited = new Promise((resolve) => child.once('exit', resolve));
      child.kill('SIGTERM');
      await Promise.race([exited, new Promise((resolve) => setTimeout(resolve, 5_000))]);
      if (child.exitCode === null) child.kill('SIGKILL');
    }
    await cluster?.destroy();
    await notion?.close();
  }, 90_000);

  it('answers 503 with Retry-After while stopped, /readyz says why, and serves again after the restart', async () => {
    const h = { url, notion } as unknown as Harness;
    const tokens = await connect(h);
    const ready = await fetch(`${url}/readyz`);
    expect(ready.status).toBe(200);
    expect(await ready.json()).toEqual({ status: 'ready', database: { dialect: 'postgres' } });

    const load = startLoad(url, tokens.access_token);
    try {
      await eventually(async () => load.answers.some((a) => a.status === 200), 20_000, 'load served');
      await cluster.stop();
      await checkStopped(h, tokens.refresh_token!);
      await eventually(async () => load.answers.filter((a) => a.status === 503).length >= 10, 20_000, '503s');
      // The outbox worker looks once per poll: keep the database down until it has noticed.
      await eventually(async () => logLines(PAUSED) === 1, 20_000, 'worker paused');
      await cluster.start();
      await eventually(async () => (await fetch(`${url}/readyz`)).status === 200, 20_000, 'ready again');
      await eventually(async () => load.answers.at(-1)?.status === 200, 20_000, 'load served again');
    } finally {
      await load.stop();
    }
    const unexpected = load.answers.filter(
      (a) =>
        !(
          a.status === 200 ||
          (a.status === 503 && a.retryAfter === '5' && a.error === 'temporarily_unavailable')
        ),
    );
    expect(unexpected).toEqual([]);
    expect(load.answers.filter((a) => a.status === 503).length).toBeGreaterThanOrEqual(10);

    // Nothing was burnt while the database was away: the same refresh token works now.
    const renewed = await refresh(h, tokens.refresh_token!);
    expect(renewed.status).toBe(200);
    const unfurl = await fetch(`${url}/unfurl`, {
      method: 'POST',
      headers: { authorization: `Bearer ${renewed.body.access_token}`, 'content-type': 'application/json' },
      body: JSON.stringify({ uri: 'https://fixture.test/items/7' }),
    });
    expect(unfurl.status).toBe(200);
    // The outbox worker said so once each way, not once per poll.
    await eventually(async () => logLines(RESUMED) >= 1, 20_000, 'worker resumed');
    expect(logLines(PAUSED)).toBe(1);
    expect(logLines(RESUMED)).toBe(1);
  }, 90_000);

  it('answers 503 within about DATABASE_TIMEOUT_MS while the database is frozen, not when it wakes', async () => {
    const h = { url, notion } as unknown as Harness;
    const tokens = await connect(h, 'bob');
    // A second token, never presented before the freeze: no instance holds its lookup in memory.
    const unseen = await connect(h, 'carol');
    const unfurlWith = (accessToken: string) =>
      fetch(`${url}/unfurl`, {
        method: 'POST',
        headers: { authorization: `Bearer ${accessToken}`, 'content-type': 'application/json' },
        body: JSON.stringify({ uri: 'https://fixture.test/items/7' }),
        // Generous: the bound is a connection wait plus a query wait, each about TIMEOUT_MS; a hang is 20 s+.
        signal: AbortSignal.timeout(8 * TIMEOUT_MS),
      });
    const unfurl = () => unfurlWith(tokens.access_token);
    expect((await unfurl()).status).toBe(200);

    cluster.freeze();
    try {
      const answers = await Promise.all([
        unfurlWith(unseen.access_token),
        unfurlWith(unseen.access_token),
        fetch(`${url}/readyz`),
      ]);
      for (const answer of answers) {
        expect(answer.status).toBe(503);
        expect(answer.headers.get('retry-after')).toBe('5');
      }
      expect(await answers[2]!.json()).toMatchObject({
        error_description: 'the database is unavailable: timed out',
      });
      // The token just accepted may still be answered from memory for up to BEARER_CACHE_MS (1 s, see
      // docs/operations.md); the three answers above each took about TIMEOUT_MS, and past that bound it is 503
      // like any other. A few tries at most, each answered within the same bound as above.
      const afterwards: Response[] = [];
      for (let i = 0; i < 5 && afterwards.at(-1)?.status !== 503; i++) afterwards.push(await unfurl());
      expect(afterwards.map((answer) => answer.status).filter((status) => status !== 200)).toEqual([503]);
      expect(afterwards.at(-1)!.headers.get('retry-after')).toBe('5');
      expect(await afterwards.at(-1)!.json()).toMatchObject({ error: 'temporarily_unavailable' });
      expect((await unfurlWith(unseen.access_token)).status).toBe(503);
    } finally {
      cluster.thaw();
    }
    await eventually(async () => (await unfurl()).status === 200, 20_000, 'served after the thaw');
    expect((await fetch(`${url}/readyz`)).status).toBe(200);
  }, 90_000);
});
