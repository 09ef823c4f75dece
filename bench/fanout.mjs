// Fan-out of pushed updates: one uri held by N connections (default 10,000), every one re-resolved and PATCHed
// to the emulator. Prints deliveries per second of the pipeline against two references measured in this run:
// the emulator's raw PATCH capacity (autocannon, same concurrency) and the configured per-integration rate.
// Not part of `npm test`; run with `npm run bench` (which builds first).
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { startEmulator } from '@unfurlkit/emulator';
import autocannon from 'autocannon';
import { createServer } from 'unfurlkit';
import { createAcmeIntegration } from '../examples/acme/dist/integration.js';
import { notionTokenAad } from '../packages/server/dist/crypto/notion-token-aad.js';
import { SecretBox } from '../packages/server/dist/crypto/secret-box.js';

const COUNT = Number(process.env.BENCH_FANOUT_CONNECTIONS ?? 10_000);
const CONCURRENCY = Number(process.env.BENCH_FANOUT_CONCURRENCY ?? 16);
const RATE_PER_MINUTE = Number(process.env.BENCH_RATE_PER_MINUTE ?? 12_000);
const URI = 'https://acme.com/items/23487';
const DEADLINE_MS = 15 * 60 * 1000;

/** The emulator's raw capacity for this PATCH at this concurrency: the ceiling the pipeline is measured against. */
async function baseline(emulatorUrl, token, body) {
  const result = await autocannon({
    url: `${emulatorUrl}/v1/external/object`,
    method: 'PATCH',
    headers: {
      authorization: `Bearer ${token}`,
      'notion-version': '2022-06-28',
      'content-type': 'application/json',
    },
    body: JSON.stringify(body),
    connections: CONCURRENCY,
    amount: Math.min(COUNT, 20_000),
  });
  if (result.non2xx > 0) throw new Error(`baseline: ${result.non2xx} non-2xx answers`);
  return result.requests.average;
}

/** One pipeline run: a fresh integration server holding every seeded connection, then one changed(). */
async function pipeline(emulator, seeded, extraConfig) {
  const dir = await mkdtemp(join(tmpdir(), 'unfurlkit-bench-'));
  const integration = createAcmeIntegration();
  const server = await createServer({
    integration,
    logger: { destination: { write() {} } },
    config: {
      env: {},
      cwd: dir,
      overrides: {
        PORT: 0,
        DATABASE_URL: `sqlite:${join(dir, 'bench.db')}`,
        NOTION_API_URL: emulator.url,
        NOTION_CLIENT_ID: 'bench',
        NOTION_CLIENT_SECRET: 'bench',
        OAUTH_CLIENT_ID: 'bench',
        OAUTH_CLIENT_SECRET: 'bench-secret-bench-secret-bench-secret',
        LOG_LEVEL: 'silent',
        UPDATES_CONCURRENCY: CONCURRENCY,
        UPDATES_COALESCE_MS: 0,
        UPDATES_POLL_MS: 20,
        ...extraConfig,
      },
    },
  });
  const box = new SecretBox(server.config.tokenEncryptionKeys);
  const now = Date.now();
  for (const connection of seeded) {
    const accountId = connection.externalKey;
    const stored = await server.store.connections.upsert(
      {
        accountId,
        accountName: accountId,
        botId: connection.botId,
        workspaceId: 'bench-workspace',
        workspaceName: 'Bench',
        workspaceIcon: null,
        accessToken: box.seal(connection.notionToken, notionTokenAad(accountId, connection.botId)),
      },
      now,
    );
    await server.store.previews.record({
      connectionId: stored.id,
      uri: URI,
      ruleName: 'item',
      accountId,
      createdAt: now,
      lastUnfurledAt: now,
    });
  }
  const started = performance.now();
  const { queued } = await integration.changed(URI);
  for (;;) {
    const counts = await server.store.outbox.count();
    if (counts.pending === 0) {
      if (counts.failed > 0) throw new Error(`${counts.failed} deliveries failed`);
      break;
    }
    if (performance.now() - started > DEADLINE_MS) throw new Error('pipeline did not drain in time');
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
  const seconds = (performance.now() - started) / 1000;
  await server.close();
  await rm(dir, { recursive: true, force: true });
  return { queued, seconds, perSecond: queued / seconds };
}

export async function runFanout() {
  const emulator = await startEmulator({
    port: 0,
    storage: 'memory',
    logger: false,
    rateLimitPerMinute: 1_000_000,
    rateLimitBurst: 1_000_000,
  });
  try {
    const seeded = await emulator.seedConnections({ count: COUNT, uri: URI });
    const body = {
      uri: URI,
      operations: [
        {
          path: ['attributes'],
          set: [
            {
              id: 'title',
              name: 'Title',
              type: 'inline',
              inline: { title: { value: 'Fix login bug', section: 'title' } },
            },
          ],
        },
      ],
    };
    const raw = await baseline(emulator.url, seeded[0].notionToken, body);
    const unpaced = await pipeline(emulator, seeded, {
      UPDATES_RATE_PER_INTEGRATION: 0,
      UPDATES_RATE_PER_CONNECTION: 0,
    });
    const paced = await pipeline(emulator, seeded, {
      UPDATES_RATE_PER_INTEGRATION: RATE_PER_MINUTE,
      UPDATES_RATE_PER_CONNECTION: 180,
      UPDATES_BURST: 10,
    });
    const configured = RATE_PER_MINUTE / 60;
    console.log(
      `\nfan-out: ${COUNT} connections holding one uri, concurrency ${CONCURRENCY}, Node ${process.version}`,
    );
    console.table([
      {
        run: 'baseline: raw PATCH to the emulator (autocannon)',
        'per second': raw.toFixed(0),
        ratio: '1.00 (baseline)',
      },
      {
        run: 'pipeline, no pacing',
        'per second': unpaced.perSecond.toFixed(0),
        ratio: `${(unpaced.perSecond / raw).toFixed(2)} of baseline`,
        seconds: unpaced.seconds.toFixed(1),
      },
      {
        run: `pipeline, paced at ${RATE_PER_MINUTE}/min`,
        'per second': paced.perSecond.toFixed(0),
        ratio: `${(paced.perSecond / configured).toFixed(2)} of configured ${configured.toFixed(0)}/s`,
        seconds: paced.seconds.toFixed(1),
      },
    ]);
    return { raw, unpaced, paced, configured };
  } finally {
    await emulator.close();
  }
}

if (import.meta.url === `file://${process.argv[1]}`) await runFanout();
