import { spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { createServer, type Server } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCli } from '../src/cli/main.js';
import { describeModuleLoadError, locateSyntaxError } from '../src/cli/module-load-error.js';
import { BIN, capture, exitCode, fixture, runBin, serveEnv } from './support/cli-process.js';

const VERSION = (
  JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8')) as { version: string }
).version;

/** A config module with a syntax error on line 5 (the second comma, column 25). */
const BROKEN = `import { defineIntegration } from 'unfurlkit';

export default defineIntegration({
  name: 'Broken',
  rules: [ { name: 'a' ,, } ],
});
`;

describe('unfurlkit start-up, through the real bin', () => {
  let dir: string;
  let blocker: Server;
  let busyPort: number;
  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'unfurlkit-startup-'));
    blocker = createServer();
    await new Promise<void>((resolve) => blocker.listen(0, '127.0.0.1', resolve));
    busyPort = (blocker.address() as { port: number }).port;
  });
  afterAll(async () => {
    await new Promise((resolve) => blocker.close(resolve));
    await rm(dir, { recursive: true, force: true });
  });

  it('--version prints the package version (-v too)', async () => {
    expect(await runBin(['--version'], { cwd: dir })).toEqual({
      code: 0,
      stdout: `${VERSION}\n`,
      stderr: '',
    });
    const { io, out } = capture();
    expect(await runCli(['-v'], io)).toBe(0);
    expect(out).toEqual([VERSION]);
  });

  it('serve on a busy port ends at once with exit 1 and one line naming the port and PORT', async () => {
    // A mistyped variable of ours is warned about on the way, with the name it probably meant.
    const env = { ...serveEnv(dir), PORT: String(busyPort), NOTION_API_ULR: 'http://127.0.0.1:9' };
    const child = spawn(process.execPath, [BIN, 'serve', '--config', fixture('good-integration.ts')], {
      cwd: dir,
      env,
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString('utf8')));
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString('utf8')));
    try {
      expect(await exitCode(child, 20_000)).toBe(1);
    } finally {
      if (child.exitCode === null) child.kill('SIGKILL');
    }
    expect(stderr).toBe(
      `unfurlkit: port ${busyPort} on 127.0.0.1 is already in use: stop what runs there, or set PORT to a free port (PORT=0 picks any)\n`,
    );
    expect(stdout).toContain(
      'NOTION_API_ULR is not a setting unfurlkit reads (it is ignored): did you mean NOTION_API_URL?',
    );
  });

  it('serve reports every invalid setting in one round', async () => {
    const { OAUTH_CLIENT_SECRET: _omitted, ...env } = serveEnv(dir);
    const result = await runBin(['serve', '--config', fixture('good-integration.ts')], {
      cwd: dir,
      env: { ...env, NODE_ENV: 'production', LOG_LEVEL: 'loud', PUBLIC_URL: 'http://links.example' },
    });
    expect(result.code).toBe(1);
    const problems = result.stderr.split('\n').filter((line) => line.startsWith('  - '));
    expect(problems).toEqual([
      expect.stringMatching(/^ {2}- LOG_LEVEL must be one of/),
      expect.stringMatching(/^ {2}- OAUTH_CLIENT_SECRET is missing/),
      '  - PUBLIC_URL must be https in production (NODE_ENV=production); got "http://links.example"',
      expect.stringMatching(/^ {2}- TOKEN_ENCRYPTION_KEY is missing/),
    ]);
  });

  it.each([
    ['integration.ts', 'Expected identifier but found ","'],
    ['integration.mjs', "Unexpected token ','"],
  ])('a syntax error in %s is one file:line:col line, without bundler frames', async (name, message) => {
    const path = join(dir, name);
    await writeFile(path, BROKEN);
    const result = await runBin(['check', '--config', path], { cwd: dir });
    expect(result.code).toBe(1);
    expect(result.stderr).toBe(
      `${path}:5:25 ${message}\n(the module given to --config could not be loaded)\n`,
    );
  });
});

describe('describeModuleLoadError', () => {
  it("reads esbuild's place (0-based column) from tsx's transform error", () => {
    const error = new Error(
      'Transform failed with 1 error:\n/app/i.ts:5:24: ERROR: Expected identifier but found ","',
    );
    expect(describeModuleLoadError(error, '/app/i.ts')).toBe(
      '/app/i.ts:5:25 Expected identifier but found ","',
    );
  });

  it("asks node --check for a JavaScript SyntaxError's place", () => {
    const report =
      "/app/i.js:3\n  a ,, b\n    ^\n\nSyntaxError: Unexpected token ','\n    at checkSyntax (node:internal)\n";
    const error = new SyntaxError("Unexpected token ','");
    expect(describeModuleLoadError(error, '/app/i.js', () => report)).toBe(
      "/app/i.js:3:5 Unexpected token ','",
    );
    expect(locateSyntaxError('nothing useful')).toBeUndefined();
  });

  it('keeps the first line of any other error, at its first frame in a project file', () => {
    const error = new ReferenceError('x is not defined');
    error.stack =
      'ReferenceError: x is not defined\n    at file:///app/i.mjs:1:15\n    at node:internal/x:1:1';
    expect(describeModuleLoadError(error, '/app/i.mjs')).toBe(
      '/app/i.mjs:1:15 ReferenceError: x is not defined',
    );
    const missing = new Error(
      "Cannot find module 'unfurlkit'\nRequire stack:\n- /app/i.ts?namespace=1234-abcd",
    );
    expect(describeModuleLoadError(missing, '/app/i.ts')).toBe(
      "/app/i.ts Error: Cannot find module 'unfurlkit'",
    );
  });
});
