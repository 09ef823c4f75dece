import { spawn } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BIN, exitCode, fixture, serveEnv, waitForOutput } from './support/cli-process.js';
import type { Harness } from './support/harness.js';
import { type NotionStandIn, startNotionStandIn } from './support/notion-stand-in.js';
import { connect, unfurl } from './support/oauth-flow.js';

/**
 * The documented path, through a real process: `unfurlkit serve --config integration.ts`. tsx gives the module
 * its own copy of the package, so its resolver errors are instances of another class than the server's; each
 * must still come out as its own error operation.
 */
describe('unfurlkit serve --config <module>.ts: typed resolver errors', () => {
  let dir: string;
  let notion: NotionStandIn;
  let child: ReturnType<typeof spawn>;
  let url: string;

  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'unfurlkit-typed-errors-'));
    notion = await startNotionStandIn();
    child = spawn(process.execPath, [BIN, 'serve', '--config', fixture('typed-errors.ts')], {
      cwd: dir,
      env: {
        ...serveEnv(dir),
        NOTION_API_URL: notion.url,
        NOTION_CLIENT_ID: notion.clientId,
        NOTION_CLIENT_SECRET: notion.clientSecret,
        OAUTH_SCOPES: 'unfurl',
      },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    url = (await waitForOutput(child, /listening on (http:\/\/127\.0\.0\.1:\d+)/, 25_000))[1]!;
  }, 30_000);

  afterAll(async () => {
    if (child && child.exitCode === null && child.signalCode === null) {
      child.kill('SIGTERM');
      await exitCode(child, 10_000).catch(() => child.kill('SIGKILL'));
    }
    await notion?.close();
    await rm(dir, { recursive: true, force: true });
  });

  it('answers every typed error with its own status and message, and attributes otherwise', async () => {
    // The OAuth helpers need only the server's URL and Notion's code issuer.
    const target = { url, notion } as unknown as Harness;
    const { access_token } = await connect(target, 'alice');
    const cases: Array<[string, number, string]> = [
      ['bad-request', 400, 'bad link'],
      ['unauthorized', 401, 'sign in again'],
      ['forbidden', 403, 'not yours'],
      ['not-found', 404, 'no such item'],
      ['gone', 410, 'deleted'],
      ['too-many', 429, 'slow down'],
    ];
    for (const [kind, status, message] of cases) {
      const uri = `https://errors.test/${kind}`;
      const answer = await unfurl(target, uri, access_token);
      expect(answer.status, kind).toBe(200);
      expect(answer.body, kind).toMatchObject({
        uri,
        operations: [{ path: ['error'], set: { status, message } }],
      });
    }
    const ok = await unfurl(target, 'https://errors.test/fine', access_token);
    expect(JSON.stringify(ok.body)).toContain('Item fine');
  });
});
