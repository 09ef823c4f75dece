import { readdirSync, readlinkSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type RedosVerdicts, screenPattern, title } from '@unfurlkit/core';
import { afterEach, describe, expect, it } from 'vitest';
import { createServer } from '../src/create-server.js';
import { defineIntegration, type Integration } from '../src/index.js';
import { openStore } from '../src/store/open-store.js';
import { testServerConfig } from './support/harness.js';

/*
 * `createServer` screens the rules while it assembles the routes (on a first start the screening is the slowest
 * step). What must still hold: a refused rule refuses the start, even when it is refused while routes are still
 * registering (and is never an unhandled rejection); a route that fails fails the start; nothing is left open.
 * (That a server has its rules in place when `createServer` returns, every test that unfurls shows.)
 */

/** Safe, and outside core's linear-time proof (the alternation): its verdict is looked up, so it can be planted. */
const SAFE = '^https:\\/\\/fixture\\.test\\/(?:items|things)\\/(?<id>\\d+)$';

function integration(pattern: string, routes?: Integration['routes']): Integration {
  return defineIntegration({
    name: 'Screening',
    rules: [
      {
        name: 'item',
        pattern,
        samples: ['https://fixture.test/items/7'],
        resolve: () => [title('Seven')],
      },
    ],
    authenticate: () => ({ signInUrl: '/login' }),
    ...(routes ? { routes } : {}),
  });
}

let dir: string | undefined;
afterEach(async () => {
  if (dir) await rm(dir, { recursive: true, force: true });
  dir = undefined;
});

async function configFor(): Promise<{ databaseUrl: string; config: ReturnType<typeof testServerConfig> }> {
  dir = await mkdtemp(join(tmpdir(), 'unfurlkit-screening-'));
  const databaseUrl = `sqlite:${join(dir, 'unfurlkit.db')}`;
  const config = testServerConfig(dir, databaseUrl, {
    NOTION_CLIENT_ID: 'notion-client',
    NOTION_CLIENT_SECRET: 'notion-secret-0123456789abcdef',
    LOG_LEVEL: 'silent',
  });
  return { databaseUrl, config };
}

/**
 * Stores a verdict that refuses `pattern` under the key core looks it up by (read off core's own screening), so
 * the start refuses it within milliseconds, with no analysis: while the routes are still registering.
 */
async function rememberAsUnsafe(databaseUrl: string, pattern: string): Promise<void> {
  const keys: string[] = [];
  const recorder: RedosVerdicts = { get: (key) => void keys.push(key), set: () => undefined };
  screenPattern(pattern, '', recorder);
  const store = await openStore(databaseUrl, { migrate: true });
  try {
    await store.redosVerdicts.put(
      keys.map((key) => [key, { problems: ['is remembered as unsafe'], warnings: [] }]),
      Date.now(),
    );
  } finally {
    await store.close();
  }
}

/** Files of this process's open descriptors that are the database (or its WAL and shared-memory files). */
function openDatabaseFiles(databaseUrl: string): string[] {
  const file = databaseUrl.replace(/^sqlite:/, '');
  return readdirSync('/proc/self/fd').flatMap((fd) => {
    try {
      const target = readlinkSync(`/proc/self/fd/${fd}`);
      return target.startsWith(file) ? [target] : [];
    } catch {
      return []; // closed meanwhile (the listing's own descriptor)
    }
  });
}

describe('createServer screens the rules while it registers the routes', () => {
  it('refuses a rule refused while the routes are still registering, and leaves the database closed', async () => {
    const { databaseUrl, config } = await configFor();
    await rememberAsUnsafe(databaseUrl, SAFE);
    let routesDone = false;
    const slowRoutes: Integration['routes'] = async () => {
      await new Promise((resolve) => setTimeout(resolve, 300));
      routesDone = true;
    };
    await expect(createServer({ integration: integration(SAFE, slowRoutes), config })).rejects.toThrow(
      /rule "item": pattern is remembered as unsafe/,
    );
    expect(routesDone).toBe(true);
    expect(openDatabaseFiles(databaseUrl)).toEqual([]);
  });

  it("fails with the product's routes' error when they fail, once the screening has ended", async () => {
    const { databaseUrl, config } = await configFor();
    const failingRoutes: Integration['routes'] = async () => {
      throw new Error('the product routes would not register');
    };
    await expect(createServer({ integration: integration(SAFE, failingRoutes), config })).rejects.toThrow(
      'the product routes would not register',
    );
    expect(openDatabaseFiles(databaseUrl)).toEqual([]);
  });
});
