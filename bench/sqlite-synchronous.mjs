// SQLite durability against throughput: unfurls per second with `synchronous = FULL` (what the server runs)
// against `NORMAL` (better-sqlite3's WAL default), measured in the same run on the same disk. Every unfurl commits
// one write (the preview registry's `last_unfurled_at`), so this is the cost of one fsync per commit.
// Not part of `npm test`; run with `npm run bench` (which builds first) or `node bench/sqlite-synchronous.mjs`.
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import autocannon from 'autocannon';
import BetterSqlite3 from 'better-sqlite3';
import { createServer } from 'unfurlkit';
import { createAcmeIntegration } from '../examples/acme/dist/integration.js';
import { notionTokenAad } from '../packages/server/dist/crypto/notion-token-aad.js';
import { SecretBox } from '../packages/server/dist/crypto/secret-box.js';
import { hashSecret } from '../packages/server/dist/crypto/tokens.js';
// The server takes Kysely's values from its CommonJS build and tells SQLite from PostgreSQL by the adapter's
// class: a Kysely from the ES build would not be recognised.
import { Kysely, SqliteDialect } from '../packages/server/dist/store/kysely/kysely-runtime.js';
import { KyselyIntegrationStore } from '../packages/server/dist/store/kysely-store.js';
import { migrateToLatest } from '../packages/server/dist/store/migrations/migrate-to-latest.js';

const SECONDS = Number(process.env.BENCH_SECONDS ?? 10);
const CONCURRENCY = Number(process.env.BENCH_CONCURRENCY ?? 16);
const URI = 'https://acme.com/items/23487';
const TOKEN = 'bench-access-token';

/** The store as openStore builds it, except for the one pragma under test. */
async function storeWith(file, synchronous) {
  const database = new BetterSqlite3(file);
  database.pragma('journal_mode = WAL');
  database.pragma('foreign_keys = ON');
  database.pragma('busy_timeout = 5000');
  database.pragma(`synchronous = ${synchronous}`);
  const db = new Kysely({ dialect: new SqliteDialect({ database }) });
  await migrateToLatest(db);
  return new KyselyIntegrationStore(db);
}

/** One person connected, with an access token the benchmark presents. */
async function seed(server) {
  const box = new SecretBox(server.config.tokenEncryptionKeys);
  const now = Date.now();
  const connection = await server.store.connections.upsert(
    {
      accountId: 'bench',
      accountName: 'Bench',
      botId: 'bench-bot',
      workspaceId: 'bench-workspace',
      workspaceName: 'Bench',
      workspaceIcon: null,
      accessToken: box.seal('notion-token', notionTokenAad('bench', 'bench-bot')),
    },
    now,
  );
  const grant = {
    id: 'bench-grant',
    accountId: 'bench',
    accountName: 'Bench',
    clientId: 'bench',
    scope: null,
    connectionId: connection.id,
    createdAt: now,
    revokedAt: null,
  };
  await server.store.grants.createGrantWithCode(grant, {
    codeHash: hashSecret('bench-code'),
    grantId: grant.id,
    clientId: 'bench',
    redirectUri: 'https://www.notion.so/externalIntegrationAuthCallback',
    scope: null,
    accountId: 'bench',
    createdAt: now,
    expiresAt: now + 600_000,
    usedAt: now,
  });
  await server.store.grants.saveAccessToken({
    tokenHash: hashSecret(TOKEN),
    grantId: grant.id,
    createdAt: now,
    expiresAt: null,
    revokedAt: null,
  });
}

async function measure(synchronous) {
  const dir = await mkdtemp(join(tmpdir(), 'unfurlkit-bench-sync-'));
  const store = await storeWith(join(dir, 'bench.db'), synchronous);
  const server = await createServer({
    integration: createAcmeIntegration(),
    store,
    logger: { destination: { write() {} } },
    config: {
      env: {},
      cwd: dir,
      overrides: {
        PORT: 0,
        NOTION_API_URL: 'http://127.0.0.1:9',
        NOTION_CLIENT_ID: 'bench',
        NOTION_CLIENT_SECRET: 'bench',
        OAUTH_CLIENT_ID: 'bench',
        OAUTH_CLIENT_SECRET: 'bench-secret-bench-secret-bench-secret',
        LOG_LEVEL: 'silent',
        UPDATES_ENABLED: 'false',
      },
    },
  });
  try {
    await seed(server);
    const url = await server.listen();
    const result = await autocannon({
      url: `${url}/unfurl`,
      method: 'POST',
      headers: { authorization: `Bearer ${TOKEN}`, 'content-type': 'application/json' },
      body: JSON.stringify({ uri: URI }),
      connections: CONCURRENCY,
      duration: SECONDS,
    });
    if (result.non2xx > 0) throw new Error(`${synchronous}: ${result.non2xx} non-2xx answers`);
    return { perSecond: result.requests.average, p99: result.latency.p99 };
  } finally {
    await server.close();
    await store.close();
    await rm(dir, { recursive: true, force: true });
  }
}

export async function runSqliteSynchronous() {
  const normal = await measure('NORMAL');
  const full = await measure('FULL');
  console.log(`sqlite synchronous, ${CONCURRENCY} connections, ${SECONDS} s each, on ${tmpdir()}:`);
  console.log(`  NORMAL: ${normal.perSecond.toFixed(0)} unfurls/s (p99 ${normal.p99} ms)`);
  console.log(`  FULL:   ${full.perSecond.toFixed(0)} unfurls/s (p99 ${full.p99} ms)`);
  console.log(`  FULL / NORMAL: ${(full.perSecond / normal.perSecond).toFixed(2)}`);
}

if (import.meta.url === `file://${process.argv[1]}`) await runSqliteSynchronous();
