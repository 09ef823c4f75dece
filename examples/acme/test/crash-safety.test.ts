import { type ChildProcess, spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import { createServer as createNetServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { type RunningEmulator, startEmulator } from '@unfurlkit/emulator';
import { openStore } from 'unfurlkit';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { acmeEmulatorSettings, DEMO_OAUTH_CLIENT_ID, DEMO_OAUTH_CLIENT_SECRET } from '../src/demo.js';
import { connectAndPaste, editItem, eventually, previewsOf, titleOf } from './support/connect-person.js';

const ROOT = resolve(fileURLToPath(new URL('../../..', import.meta.url)));

function freePort(): Promise<number> {
  return new Promise((done, fail) => {
    const probe = createNetServer();
    probe.once('error', fail);
    probe.listen(0, '127.0.0.1', () => {
      const { port } = probe.address() as { port: number };
      probe.close(() => done(port));
    });
  });
}

/** `unfurlkit serve` with Acme's integration, as a separate process we can kill. */
function startAcmeProcess(env: Record<string, string>): Promise<ChildProcess> {
  const child = spawn(
    process.execPath,
    [
      join(ROOT, 'packages/server/bin/unfurlkit.js'),
      'serve',
      '--config',
      join(ROOT, 'examples/acme/dist/integration.js'),
    ],
    { env: { ...process.env, ...env }, stdio: ['ignore', 'pipe', 'pipe'] },
  );
  return new Promise((done, fail) => {
    let output = '';
    const timer = setTimeout(() => fail(new Error(`Acme did not start within 45 s:\n${output}`)), 45_000);
    const read = (chunk: Buffer) => {
      output += chunk.toString();
      if (output.includes('listening on')) {
        clearTimeout(timer);
        done(child);
      }
    };
    child.stdout!.on('data', read);
    child.stderr!.on('data', read);
    child.once('exit', (code) => fail(new Error(`Acme exited with ${code}:\n${output}`)));
  });
}

function killHard(child: ChildProcess): Promise<void> {
  return new Promise((done) => {
    child.once('exit', () => done());
    child.kill('SIGKILL');
  });
}

describe('crash safety of the update pipeline', () => {
  let dir: string;
  let emulator: RunningEmulator;
  let acme: ChildProcess | undefined;

  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'unfurlkit-crash-'));
    emulator = await startEmulator({ port: 0, storage: 'memory', logger: false });
  });
  afterAll(async () => {
    if (acme && acme.exitCode === null) await killHard(acme);
    await emulator?.close();
    await rm(dir, { recursive: true, force: true });
  });

  it('delivers every latest state after the server is killed with SIGKILL mid-delivery and restarted', async () => {
    const port = await freePort();
    const acmeUrl = `http://127.0.0.1:${port}`;
    const notion = emulator.notionCredentials();
    const env = {
      PORT: String(port),
      HOST: '127.0.0.1',
      DATABASE_URL: `sqlite:${join(dir, 'acme.db')}`,
      ACME_ITEMS_FILE: join(dir, 'acme-items.json'),
      TOKEN_ENCRYPTION_KEY: randomBytes(32).toString('base64'),
      NOTION_API_URL: emulator.url,
      NOTION_CLIENT_ID: notion.clientId,
      NOTION_CLIENT_SECRET: notion.clientSecret,
      OAUTH_CLIENT_ID: DEMO_OAUTH_CLIENT_ID,
      OAUTH_CLIENT_SECRET: DEMO_OAUTH_CLIENT_SECRET,
      OAUTH_REDIRECT_URIS: `${emulator.url}/externalIntegrationAuthCallback`,
      OAUTH_SCOPES: 'unfurl',
      LOG_LEVEL: 'warn',
      NOTION_TIMEOUT_MS: '1500',
      RESOLVER_TIMEOUT_MS: '1000',
      UPDATES_BACKOFF_BASE_MS: '100',
      UPDATES_BACKOFF_CAP_MS: '400',
      UPDATES_POLL_MS: '50',
    };
    acme = await startAcmeProcess(env);
    await emulator.setSettings(acmeEmulatorSettings(acmeUrl));
    const demo = { acmeUrl, emulatorUrl: emulator.url };
    const uris = ['https://acme.com/items/23487', 'https://acme.com/items/42'];
    await connectAndPaste(demo, 'ada', 'alice', uris);

    // Notion goes slow: every PATCH outlives the client's timeout, so updates stay in flight and pending.
    emulator.setFaults({ share: 0, latencyMs: 5_000 });
    for (let round = 1; round <= 3; round += 1) {
      await editItem(demo, '23487', { title: `login bug, round ${round}` });
      await editItem(demo, '42', { title: `docs, round ${round}` });
    }
    // Kill while a delivery is in flight: a row is leased, and an earlier attempt has already timed out.
    const store = await openStore(env.DATABASE_URL);
    try {
      await eventually(
        async () => ({
          leased: (await store.outbox.list({ limit: 10 })).filter((row) => row.leaseId !== null).length,
          metrics: await fetch(`${acmeUrl}/metrics`).then((r) => r.text()),
        }),
        ({ leased, metrics }) =>
          leased > 0 && /unfurlkit_delivery_retries_total\{reason="transient"\} [1-9]/.test(metrics),
      );
      await killHard(acme);
      const left = await store.outbox.list({ limit: 10 });
      expect(left.map((row) => row.uri).sort()).toEqual(uris);
    } finally {
      await store.close();
    }

    emulator.setFaults({ share: 0, latencyMs: 0 });
    acme = await startAcmeProcess(env);
    const previews = await eventually(
      () => previewsOf(demo, 'ada'),
      (list) =>
        titleOf(list.find((p) => p.uri === uris[0])) === 'login bug, round 3' &&
        titleOf(list.find((p) => p.uri === uris[1])) === 'docs, round 3',
      30_000,
    );
    expect(previews).toHaveLength(2);
    // Two server starts and a 30 s delivery bound: more than vitest's default when the machine is loaded.
  }, 120_000);
});
