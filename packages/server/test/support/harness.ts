import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { ConfigInput } from '../../src/config/load-config.js';
import { type CreateServerOptions, createServer, type UnfurlkitServer } from '../../src/create-server.js';
import type { Integration } from '../../src/integration/define-integration.js';
import { fixtureIntegration } from './fixture-integration.js';
import { type NotionStandIn, startNotionStandIn } from './notion-stand-in.js';

export const REDIRECT_URI = 'https://www.notion.so/externalIntegrationAuthCallback';
export const CLIENT_ID = 'notion-link-previews';
export const CLIENT_SECRET = 'our-client-secret-0123456789abcdef0123456789';

/** A clock tests move by hand: codes expire after 10 minutes without waiting 10 minutes. */
export class TestClock {
  now = Date.UTC(2026, 0, 1);
  readonly read = () => this.now;
  advance(ms: number): void {
    this.now += ms;
  }
}

/**
 * The configuration of a server under test: files in `dir`, the database at `databaseUrl`, any free port, Notion's
 * client credentials at our token endpoint; `overrides` on top.
 */
export function testServerConfig(dir: string, databaseUrl: string, overrides: ConfigInput = {}) {
  return {
    env: {},
    cwd: dir,
    overrides: {
      PORT: 0,
      DATABASE_URL: databaseUrl,
      OAUTH_CLIENT_ID: CLIENT_ID,
      OAUTH_CLIENT_SECRET: CLIENT_SECRET,
      ...overrides,
    },
  };
}

export interface Harness {
  url: string;
  server: UnfurlkitServer;
  notion: NotionStandIn;
  clock: TestClock;
  /** Every log line the server wrote (pino JSON), to search for leaked secrets. */
  logs: string[];
  databaseUrl: string;
  close(): Promise<void>;
}

/**
 * The real server on a loopback port, with a real SQLite file in a fresh temporary folder, a controlled clock,
 * captured logs, and a stand-in for Notion's token endpoint.
 */
export async function startHarness(
  options: { config?: ConfigInput; integration?: Integration; server?: Partial<CreateServerOptions> } = {},
): Promise<Harness> {
  const dir = await mkdtemp(join(tmpdir(), 'unfurlkit-server-'));
  const notion = await startNotionStandIn();
  const clock = new TestClock();
  const logs: string[] = [];
  const databaseUrl = `sqlite:${join(dir, 'unfurlkit.db')}`;
  const server = await createServer({
    integration: options.integration ?? fixtureIntegration,
    config: testServerConfig(dir, databaseUrl, {
      NOTION_API_URL: notion.url,
      NOTION_CLIENT_ID: notion.clientId,
      NOTION_CLIENT_SECRET: notion.clientSecret,
      OAUTH_SCOPES: 'unfurl',
      LOG_LEVEL: 'debug',
      NOTION_TIMEOUT_MS: 1_000,
      RESOLVER_TIMEOUT_MS: 200,
      ...options.config,
    }),
    logger: { destination: { write: (line: string) => void logs.push(line) } },
    clock: clock.read,
    ...options.server,
  });
  const url = await server.listen();
  return {
    url,
    server,
    notion,
    clock,
    logs,
    databaseUrl,
    async close() {
      await server.close();
      await notion.close();
      await rm(dir, { recursive: true, force: true });
    },
  };
}
