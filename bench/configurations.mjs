// The four configurations compared, each started as its own process by `startServer`: how to prepare its data,
// the command, the environment, and the token its load presents.
import { randomBytes } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { onCleanup } from './process/cleanup.mjs';
import { createBenchSchema, dropBenchSchema } from './seed/postgres-schema.mjs';
import { seedExpress } from './seed/seed-express.mjs';
import { seedUnfurlkit } from './seed/seed-unfurlkit.mjs';
import { settings } from './settings.mjs';

const HERE = dirname(fileURLToPath(import.meta.url));
const SERVERS = join(HERE, 'servers');
const UNFURLKIT_CLI = join(HERE, '..', 'packages', 'server', 'bin', 'unfurlkit.js');

/** Notion's client credentials at our token endpoint, made per run. */
export const OAUTH_CLIENT = Object.freeze({
  clientId: 'bench-notion',
  clientSecret: randomBytes(32).toString('hex'),
});

/** A production configuration of `unfurlkit serve`; nothing in it is ever contacted (no update is pushed). */
function unfurlkitEnv(databaseUrl) {
  return {
    NODE_ENV: 'production',
    HOST: '127.0.0.1',
    PUBLIC_URL: 'https://unfurlkit.bench.invalid',
    DATABASE_URL: databaseUrl,
    NOTION_CLIENT_ID: 'bench-notion-client',
    NOTION_CLIENT_SECRET: 'bench-notion-secret',
    OAUTH_CLIENT_ID: OAUTH_CLIENT.clientId,
    OAUTH_CLIENT_SECRET: OAUTH_CLIENT.clientSecret,
    TOKEN_ENCRYPTION_KEY: randomBytes(32).toString('base64'),
    LOG_LEVEL: settings.logLevel,
    REQUEST_LOG: settings.requestLog,
  };
}

const unfurlkitArgs = [UNFURLKIT_CLI, 'serve', '--config', join(SERVERS, 'trivial-integration.mjs')];

/** A temporary folder for one server process's files, removed by `cleanup` (or on an interrupted run). */
async function scratch() {
  const dir = await mkdtemp(join(tmpdir(), 'unfurlkit-bench-'));
  const remove = () => rm(dir, { recursive: true, force: true });
  const unregister = onCleanup(remove);
  return {
    dir,
    async cleanup() {
      unregister();
      await remove();
    },
  };
}

/**
 * Each `prepare()` returns `{ args, env, accessToken, refreshTokens?, cleanup }`: what to spawn, with what, the
 * bearer token for `POST /unfurl`, refresh tokens when the configuration has a token endpoint, and what to
 * remove once the process stopped.
 */
export const CONFIGURATIONS = [
  {
    id: 'fastify',
    label: '(a) bare Fastify route',
    async prepare() {
      return {
        args: [join(SERVERS, 'bare-fastify.mjs')],
        env: { NODE_ENV: 'production' },
        cleanup: async () => {},
      };
    },
  },
  {
    id: 'express',
    label: '(b) Express + better-sqlite3',
    async prepare() {
      const { dir, cleanup } = await scratch();
      const { file, accessToken } = seedExpress(dir);
      return {
        args: [join(SERVERS, 'express-sqlite.mjs')],
        env: { NODE_ENV: 'production', BENCH_DB: file },
        accessToken,
        cleanup,
      };
    },
  },
  {
    id: 'sqlite',
    label: '(c) unfurlkit, SQLite',
    async prepare() {
      const { dir, cleanup } = await scratch();
      const databaseUrl = `sqlite:${join(dir, 'unfurlkit.db')}`;
      const seeded = await seedUnfurlkit(databaseUrl, { chains: settings.refreshChains, ...OAUTH_CLIENT });
      return { args: unfurlkitArgs, env: unfurlkitEnv(databaseUrl), ...seeded, cleanup };
    },
  },
  {
    id: 'postgres',
    label: '(d) unfurlkit, PostgreSQL',
    async prepare() {
      const { schema, databaseUrl } = await createBenchSchema(settings.postgresUrl);
      const drop = () => dropBenchSchema(settings.postgresUrl, schema);
      const unregister = onCleanup(drop);
      const seeded = await seedUnfurlkit(settings.postgresUrl, {
        schema,
        chains: settings.refreshChains,
        ...OAUTH_CLIENT,
      });
      const cleanup = async () => {
        unregister();
        await drop();
      };
      return { args: unfurlkitArgs, env: unfurlkitEnv(databaseUrl), ...seeded, cleanup };
    },
  },
];
