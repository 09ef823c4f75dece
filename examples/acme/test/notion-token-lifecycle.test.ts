import { execFile } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { createServer, type UnfurlkitServer } from 'unfurlkit';
import { afterEach, describe, expect, it } from 'vitest';
import { DEMO_OAUTH_CLIENT_ID, DEMO_OAUTH_CLIENT_SECRET, type RunningDemo, startDemo } from '../src/demo.js';
import { createAcmeIntegration } from '../src/integration.js';
import {
  connectAndPaste,
  editItem,
  eventually,
  json,
  previewsOf,
  titleOf,
} from './support/connect-person.js';

/*
 * Notion's token lifecycle end to end: Acme (the real server, a SQLite file) against the emulator issuing Notion
 * tokens that expire after 2 s. Expiry is real time here (the emulator's clock is its own); the waits are for
 * conditions, bounded, never asserted durations.
 */

const ITEM = 'https://acme.com/items/23487';
const BIN = fileURLToPath(new URL('../../../packages/server/bin/unfurlkit.js', import.meta.url));

interface TrafficEntry {
  direction: string;
  method: string;
  url: string;
  status: number | null;
  requestBody: unknown;
}

interface EmulatedConnection {
  id: string;
  person: string;
  notionTokenExpiresAt: string | number | null;
  hasNotionRefreshToken: boolean;
}

let demo: RunningDemo | undefined;
let dir: string | undefined;
let second: UnfurlkitServer | undefined;
afterEach(async () => {
  await second?.close();
  second = undefined;
  await demo?.close();
  demo = undefined;
  if (dir) await rm(dir, { recursive: true, force: true });
  dir = undefined;
});

async function start(): Promise<RunningDemo> {
  dir = await mkdtemp(join(tmpdir(), 'acme-token-lifecycle-'));
  demo = await startDemo({
    acmePort: 0,
    emulatorPort: 0,
    dataDir: dir,
    logLevel: 'silent',
    acmeConfig: { UPDATES_BACKOFF_BASE_MS: 50, UPDATES_BACKOFF_CAP_MS: 200, UPDATES_POLL_MS: 50 },
  });
  await json(`${demo.emulatorUrl}/api/notion-tokens`, {
    method: 'PUT',
    body: JSON.stringify({ ttlSeconds: 2 }),
  });
  return demo;
}

async function traffic(d: RunningDemo): Promise<TrafficEntry[]> {
  return (await json<{ entries: TrafficEntry[] }>(`${d.emulatorUrl}/traffic.json`)).entries;
}

const inbound = (entries: TrafficEntry[], method: string, path: string) =>
  entries.filter((e) => e.direction === 'inbound' && e.method === method && e.url.includes(path));

const refreshGrants = (entries: TrafficEntry[]) =>
  inbound(entries, 'POST', '/v1/oauth/token').filter(
    (e) => (e.requestBody as { grant_type?: string } | null)?.grant_type === 'refresh_token',
  );

async function adasConnection(d: RunningDemo): Promise<EmulatedConnection> {
  const { connections } = await json<{ connections: EmulatedConnection[] }>(
    `${d.emulatorUrl}/api/connections?person=ada`,
  );
  expect(connections).toHaveLength(1);
  return connections[0]!;
}

/** Waits (bounded) until the emulator considers Ada's current Notion token expired. */
async function pastExpiry(d: RunningDemo): Promise<void> {
  const { notionTokenExpiresAt } = await adasConnection(d);
  expect(notionTokenExpiresAt).not.toBeNull();
  const expiresAt = new Date(notionTokenExpiresAt!).getTime();
  await eventually(
    async () => Date.now(),
    (now) => now > expiresAt + 50,
    10_000,
  );
}

function unfurlkit(args: string[], databaseUrl: string): Promise<{ code: number | null; stdout: string }> {
  return new Promise((resolve) => {
    execFile(
      process.execPath,
      [BIN, ...args],
      { env: { PATH: process.env.PATH ?? '', DATABASE_URL: databaseUrl }, timeout: 30_000 },
      (error, stdout) => resolve({ code: error ? (error.code as number) : 0, stdout }),
    );
  });
}

describe("Notion's token lifecycle", () => {
  it('keeps pushing updates past the Notion token expiry, refreshing it (twice: the rotated one works too)', async () => {
    const d = await start();
    await connectAndPaste(d, 'ada', 'alice', [ITEM]);
    expect((await adasConnection(d)).hasNotionRefreshToken).toBe(true);
    for (const [round, name] of ['Token outlived once', 'Token outlived twice'].entries()) {
      await pastExpiry(d);
      await editItem(d, '23487', { title: name });
      await eventually(
        () => previewsOf(d, 'ada'),
        (previews) => titleOf(previews[0]) === name,
      );
      const refreshes = refreshGrants(await traffic(d));
      expect(refreshes.length).toBeGreaterThanOrEqual(round + 1);
      expect(refreshes.every((e) => e.status === 200)).toBe(true);
    }
    expect((await d.acme.store.connections.listRevoked(10)).length).toBe(0);
  });

  it('two Acme instances sharing the database refresh an expired token once, and both deliver with it', async () => {
    const d = await start();
    const notion = d.emulator.notionCredentials();
    // A second instance on the same SQLite file: its worker claims rows of the same connection.
    second = await createServer({
      integration: createAcmeIntegration(),
      config: {
        env: {},
        cwd: dir!,
        overrides: {
          PORT: 0,
          DATABASE_URL: `sqlite:${join(dir!, 'acme.db')}`,
          NOTION_API_URL: d.emulatorUrl,
          NOTION_CLIENT_ID: notion.clientId,
          NOTION_CLIENT_SECRET: notion.clientSecret,
          OAUTH_CLIENT_ID: DEMO_OAUTH_CLIENT_ID,
          OAUTH_CLIENT_SECRET: DEMO_OAUTH_CLIENT_SECRET,
          OAUTH_SCOPES: 'unfurl',
          LOG_LEVEL: 'silent',
          UPDATES_POLL_MS: 50,
        },
      },
    });
    await second.listen();
    await connectAndPaste(d, 'ada', 'alice', [ITEM, 'https://acme.com/items/42']);
    await pastExpiry(d);
    await Promise.all([
      editItem(d, '23487', { title: 'First after expiry' }),
      editItem(d, '42', { title: 'Second after expiry' }),
    ]);
    await eventually(
      async () => (await d.acme.store.outbox.count()).pending,
      (pending) => pending === 0,
    );
    // Notion rotates refresh tokens: a second refresh of the same one would have been refused, and the
    // connection revoked. One refresh, and both rows delivered with its token.
    const refreshes = refreshGrants(await traffic(d));
    expect(refreshes).toHaveLength(1);
    expect(refreshes[0]!.status).toBe(200);
    expect(await d.acme.store.connections.countByState()).toEqual({ active: 1, revoked: 0 });
    const patches = inbound(await traffic(d), 'PATCH', '/v1/external/object');
    expect(patches.slice(-2).map((e) => e.status)).toEqual([200, 200]);
  });

  it('a revoked refresh token shows the connection as revoked in `unfurlkit updates list` and /metrics', async () => {
    const d = await start();
    await connectAndPaste(d, 'ada', 'alice', [ITEM]);
    const emulated = await adasConnection(d);
    await json(`${d.emulatorUrl}/api/connections/${emulated.id}/revoke-token`, {
      method: 'POST',
      body: '{}',
    });
    await editItem(d, '23487', { title: 'Nobody will see this' });
    const [revoked] = await eventually(
      () => d.acme.store.connections.listRevoked(10),
      (list) => list.length === 1,
    );
    // The refresh was tried, and refused, before the connection was marked revoked.
    const refreshes = refreshGrants(await traffic(d));
    expect(refreshes.length).toBeGreaterThanOrEqual(1);
    expect(refreshes.every((e) => e.status === 400)).toBe(true);

    const listed = await unfurlkit(['updates', 'list'], `sqlite:${join(dir!, 'acme.db')}`);
    expect(listed.code).toBe(0);
    expect(listed.stdout).toMatch(/revoked connections \(1\)/);
    expect(listed.stdout).toContain(revoked!.id);
    expect(listed.stdout).toContain('alice');
    expect(listed.stdout).toContain(new Date(revoked!.revokedAt).toISOString());

    const metrics = await fetch(`${d.acmeUrl}/metrics`).then((r) => r.text());
    expect(metrics).toContain('unfurlkit_notion_connections{state="revoked"} 1');
    expect(metrics).toContain('unfurlkit_notion_connections{state="active"} 0');
  });

  it("the deletion callback revokes the connection's Notion token at Notion", async () => {
    const d = await start();
    await connectAndPaste(d, 'ada', 'alice', [ITEM]);
    const emulated = await adasConnection(d);
    const response = await fetch(`${d.emulatorUrl}/api/connections/${emulated.id}`, { method: 'DELETE' });
    expect(response.ok).toBe(true);
    const revokes = await eventually(
      async () => inbound(await traffic(d), 'POST', '/v1/oauth/revoke'),
      (entries) => entries.length === 1,
    );
    expect(revokes[0]!.status).toBe(200);
  });
});
