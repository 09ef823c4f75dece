// Scale-out on PostgreSQL: `POST /unfurl` and the update fan-out with one and with two `unfurlkit serve` processes
// on one schema. Each instance is its own process; the load (autocannon) and the Notion emulator run here.
// Not part of `npm test`. Run after `tsc -b`: `node bench/scale-out.mjs`.
//
// Knobs: BENCH_DURATION_S (default 10) per /unfurl load, BENCH_CONNECTIONS (default 32, split over the
// instances), BENCH_FANOUT_CONNECTIONS (default 2000), BENCH_FANOUT_CONCURRENCY (default 16 per instance),
// BENCH_POSTGRES_URL, BENCH_ROUNDS (default 2: 1, 2, 1, 2 instances…).
import { randomBytes } from 'node:crypto';
import { dirname, join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { fileURLToPath } from 'node:url';
import { startEmulator } from '@unfurlkit/emulator';
import autocannon from 'autocannon';
import pg from 'pg';
import { openStore } from 'unfurlkit';
import { notionTokenAad } from '../packages/server/dist/crypto/notion-token-aad.js';
import { SecretBox } from '../packages/server/dist/crypto/secret-box.js';
import { OAUTH_CLIENT } from './configurations.mjs';
import { installCleanup, onCleanup } from './process/cleanup.mjs';
import { startServer } from './process/server-process.mjs';
import { createBenchSchema, dropBenchSchema } from './seed/postgres-schema.mjs';
import { seedUnfurlkit } from './seed/seed-unfurlkit.mjs';
import { ATTRIBUTES } from './servers/answer.mjs';

const HERE = dirname(fileURLToPath(import.meta.url));
const CLI = join(HERE, '..', 'packages', 'server', 'bin', 'unfurlkit.js');
const MODULE = join(HERE, 'servers', 'trivial-integration.mjs');
const POSTGRES_URL = process.env.BENCH_POSTGRES_URL ?? 'postgres://postgres@127.0.0.1:5432/test';
const DURATION_S = Number(process.env.BENCH_DURATION_S ?? 10);
const CONNECTIONS = Number(process.env.BENCH_CONNECTIONS ?? 32);
const FANOUT = Number(process.env.BENCH_FANOUT_CONNECTIONS ?? 2_000);
const FANOUT_CONCURRENCY = Number(process.env.BENCH_FANOUT_CONCURRENCY ?? 16);
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 2);
const URI = 'https://acme.com/items/23487';
const CHANGES_TOKEN = randomBytes(32).toString('base64url');
const DRAIN_LIMIT_MS = 10 * 60 * 1000;

/** The environment every instance of one run shares (one key: each opens what another sealed). */
function instanceEnv(databaseUrl, notionUrl, key) {
  return {
    NODE_ENV: 'production',
    HOST: '127.0.0.1',
    PUBLIC_URL: 'https://unfurlkit.bench.invalid',
    DATABASE_URL: databaseUrl,
    NOTION_API_URL: notionUrl,
    NOTION_CLIENT_ID: 'bench-notion-client',
    NOTION_CLIENT_SECRET: 'bench-notion-secret',
    OAUTH_CLIENT_ID: OAUTH_CLIENT.clientId,
    OAUTH_CLIENT_SECRET: OAUTH_CLIENT.clientSecret,
    TOKEN_ENCRYPTION_KEY: key,
    CHANGES_API_TOKEN: CHANGES_TOKEN,
    LOG_LEVEL: 'warn',
    UPDATES_CONCURRENCY: String(FANOUT_CONCURRENCY),
    UPDATES_RATE_PER_CONNECTION: '0',
    UPDATES_RATE_PER_INTEGRATION: '0',
    UPDATES_COALESCE_MS: '0',
    UPDATES_POLL_MS: '20',
  };
}

async function withSchema(run) {
  const { schema, databaseUrl } = await createBenchSchema(POSTGRES_URL);
  const drop = () => dropBenchSchema(POSTGRES_URL, schema);
  const unregister = onCleanup(drop);
  try {
    return await run(schema, databaseUrl);
  } finally {
    unregister();
    await drop();
  }
}

async function startInstances(count, env) {
  const instances = [];
  for (let i = 0; i < count; i++) {
    instances.push(
      await startServer({
        name: `instance-${i}`,
        args: [CLI, 'serve', '--config', MODULE],
        env: { ...env, INSTANCE_ID: `bench-${i}` },
      }),
    );
  }
  return instances;
}

const load = (options) =>
  new Promise((resolve, reject) =>
    autocannon(options, (error, result) => (error ? reject(error) : resolve(result))),
  );

/** `POST /unfurl` on `count` instances at once, the connections split between them; total answers per second. */
async function unfurlThroughput(count, emulatorUrl) {
  return withSchema(async (schema, databaseUrl) => {
    const { accessToken } = await seedUnfurlkit(POSTGRES_URL, { schema, chains: 0, ...OAUTH_CLIENT });
    const instances = await startInstances(
      count,
      instanceEnv(databaseUrl, emulatorUrl, randomBytes(32).toString('base64')),
    );
    try {
      const target = (url) => ({
        url: `${url}/unfurl`,
        method: 'POST',
        headers: { authorization: `Bearer ${accessToken}`, 'content-type': 'application/json' },
        body: JSON.stringify({ uri: URI }),
        connections: Math.max(1, Math.round(CONNECTIONS / count)),
      });
      // Warm-up, unmeasured.
      await Promise.all(instances.map((instance) => load({ ...target(instance.url), duration: 2 })));
      const results = await Promise.all(
        instances.map((instance) => load({ ...target(instance.url), duration: DURATION_S })),
      );
      const failures = results.reduce((sum, r) => sum + r.non2xx + r.errors + r.timeouts, 0);
      if (failures > 0) throw new Error(`/unfurl: ${failures} answers were not 2xx`);
      return {
        perSecond: results.reduce((sum, r) => sum + r.requests.total / r.duration, 0),
        p99Ms: Math.max(...results.map((r) => r.latency.p99)),
      };
    } finally {
      await Promise.all(instances.map((instance) => instance.stop()));
    }
  });
}

/** The store of a fan-out run: FANOUT connections each holding URI, their Notion tokens sealed with `key`. */
async function seedFanout(schema, seeded, key) {
  const store = await openStore(POSTGRES_URL, { schema });
  const box = new SecretBox([{ id: 'k', key: Buffer.from(key, 'base64') }]);
  const now = Date.now();
  try {
    for (const connection of seeded) {
      const accountId = connection.externalKey;
      const stored = await store.connections.upsert(
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
      await store.previews.record({
        connectionId: stored.id,
        uri: URI,
        ruleName: 'item',
        accountId,
        createdAt: now,
        lastUnfurledAt: now,
      });
    }
  } finally {
    await store.close();
  }
}

/** One changed() fanned out to FANOUT connections by `count` instances' workers; deliveries per second. */
async function fanoutThroughput(count, emulator, seeded) {
  return withSchema(async (schema, databaseUrl) => {
    const key = randomBytes(32).toString('base64');
    await seedFanout(schema, seeded, key);
    const instances = await startInstances(count, instanceEnv(databaseUrl, emulator.url, `k:${key}`));
    const client = new pg.Client({ connectionString: databaseUrl });
    await client.connect();
    try {
      const started = performance.now();
      const answer = await fetch(`${instances[0].url}/unfurlkit/changes`, {
        method: 'POST',
        headers: { authorization: `Bearer ${CHANGES_TOKEN}`, 'content-type': 'application/json' },
        body: JSON.stringify({ uri: URI }),
      });
      const { queued } = await answer.json();
      for (;;) {
        const { rows } = await client.query(
          "select count(*) filter (where state = 'pending')::int as pending, count(*) filter (where state = 'failed')::int as failed from outbox",
        );
        if (rows[0].failed > 0) throw new Error(`${rows[0].failed} deliveries failed`);
        if (rows[0].pending === 0) break;
        if (performance.now() - started > DRAIN_LIMIT_MS)
          throw new Error('the fan-out did not drain in time');
        await new Promise((resolve) => setTimeout(resolve, 20));
      }
      const seconds = (performance.now() - started) / 1000;
      return { queued, seconds, perSecond: queued / seconds };
    } finally {
      await client.end();
      await Promise.all(instances.map((instance) => instance.stop()));
    }
  });
}

installCleanup();
const emulator = await startEmulator({
  port: 0,
  storage: 'memory',
  logger: false,
  rateLimitPerMinute: 1_000_000,
  rateLimitBurst: 1_000_000,
});
try {
  const seeded = await emulator.seedConnections({ count: FANOUT, uri: URI });
  const rows = [];
  for (let round = 1; round <= ROUNDS; round++) {
    for (const count of [1, 2]) {
      const unfurl = await unfurlThroughput(count, emulator.url);
      const fanout = await fanoutThroughput(count, emulator, seeded);
      rows.push({
        round,
        instances: count,
        'unfurl/s': unfurl.perSecond.toFixed(0),
        'unfurl p99 ms': unfurl.p99Ms.toFixed(0),
        'fan-out deliveries/s': fanout.perSecond.toFixed(0),
        'fan-out s': fanout.seconds.toFixed(1),
      });
      console.log(rows.at(-1));
    }
  }
  console.log(
    `\nPostgreSQL, ${CONNECTIONS} /unfurl connections in all for ${DURATION_S} s, fan-out of one change to ${FANOUT} connections (UPDATES_CONCURRENCY ${FANOUT_CONCURRENCY} per instance, no pacing), attributes of ${JSON.stringify(ATTRIBUTES).length} bytes, Node ${process.version}`,
  );
  console.table(rows);
} finally {
  await emulator.close();
}
