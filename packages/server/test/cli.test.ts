import { type ChildProcess, execFile, spawn } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { type CliIo, runCli } from '../src/cli/main.js';

const BIN = fileURLToPath(new URL('../bin/unfurlkit.js', import.meta.url));
const fixture = (name: string) => fileURLToPath(new URL(`./fixtures/cli/${name}`, import.meta.url));

/** An io that keeps what the CLI printed. */
function capture(): { io: CliIo; out: string[]; err: string[]; text: () => string } {
  const out: string[] = [];
  const err: string[] = [];
  return {
    io: { out: (line) => out.push(line), err: (line) => err.push(line) },
    out,
    err,
    text: () => [...out, ...err].join('\n'),
  };
}

/** The environment `serve` needs, and nothing inherited (a developer's own settings must not leak in). */
function serveEnv(dir: string): Record<string, string> {
  return {
    PATH: process.env.PATH ?? '',
    PORT: '0',
    HOST: '127.0.0.1',
    DATABASE_URL: `sqlite:${join(dir, 'unfurlkit.db')}`,
    NOTION_API_URL: 'http://127.0.0.1:9',
    NOTION_CLIENT_ID: 'notion-client-id',
    NOTION_CLIENT_SECRET: 'notion-client-secret',
    OAUTH_CLIENT_ID: 'notion-link-previews',
    OAUTH_CLIENT_SECRET: 'our-client-secret-0123456789abcdef0123456789',
    LOG_LEVEL: 'warn',
  };
}

interface Finished {
  code: number | null;
  stdout: string;
  stderr: string;
}

/** Runs the real bin to completion (at most 30 s). */
function runBin(
  args: string[],
  options: { cwd?: string; env?: Record<string, string> } = {},
): Promise<Finished> {
  return new Promise((resolve) => {
    execFile(
      process.execPath,
      [BIN, ...args],
      { cwd: options.cwd, env: options.env ?? { PATH: process.env.PATH ?? '' }, timeout: 30_000 },
      (error, stdout, stderr) => {
        const code = error ? (typeof error.code === 'number' ? error.code : null) : 0;
        resolve({ code, stdout, stderr });
      },
    );
  });
}

/** Resolves with the first match of `pattern` on the child's stdout; rejects if it exits or `ms` pass first. */
function waitForOutput(child: ChildProcess, pattern: RegExp, ms: number): Promise<RegExpMatchArray> {
  return new Promise((resolve, reject) => {
    let seen = '';
    let stderr = '';
    const timer = setTimeout(
      () => finish(new Error(`no ${pattern} within ${ms} ms; got:\n${seen}\n${stderr}`)),
      ms,
    );
    const onData = (chunk: Buffer) => {
      seen += chunk.toString('utf8');
      const match = pattern.exec(seen);
      if (match) finish(undefined, match);
    };
    const onErr = (chunk: Buffer) => {
      stderr += chunk.toString('utf8');
    };
    const onExit = (code: number | null) =>
      finish(new Error(`exited with ${code} before ${pattern}:\n${seen}\n${stderr}`));
    function finish(error?: Error, match?: RegExpMatchArray) {
      clearTimeout(timer);
      child.stdout?.off('data', onData);
      child.stderr?.off('data', onErr);
      child.off('exit', onExit);
      if (error) reject(error);
      else resolve(match!);
    }
    child.stdout?.on('data', onData);
    child.stderr?.on('data', onErr);
    child.on('exit', onExit);
  });
}

/** The exit code of a child, or a rejection after `ms`. */
function exitCode(child: ChildProcess, ms: number): Promise<number | null> {
  if (child.exitCode !== null) return Promise.resolve(child.exitCode);
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`did not exit within ${ms} ms`)), ms);
    child.once('exit', (code) => {
      clearTimeout(timer);
      resolve(code);
    });
  });
}

describe('unfurlkit --help', () => {
  it('prints the usage and exits 0, for --help, -h and help', async () => {
    for (const argv of [['--help'], ['-h'], ['help']]) {
      const { io, out, err } = capture();
      expect(await runCli(argv, io)).toBe(0);
      expect(out.join('\n')).toMatch(/^unfurlkit: the integration server/);
      expect(out.join('\n')).toContain('unfurlkit serve --config <module>');
      expect(out.join('\n')).toContain('unfurlkit check --config <module>');
      expect(err).toEqual([]);
    }
  });

  it('prints the usage and exits 1 without a command', async () => {
    const { io, text } = capture();
    expect(await runCli([], io)).toBe(1);
    expect(text()).toContain('Usage:');
  });

  it.each(['serve', 'check'])('prints the help of %s and exits 0', async (command) => {
    for (const flag of ['--help', '-h']) {
      const { io, out, err } = capture();
      expect(await runCli([command, flag], io)).toBe(0);
      expect(out.join('\n')).toMatch(new RegExp(`^unfurlkit ${command} --config <module>`));
      expect(err).toEqual([]);
    }
  });

  it('refuses an unknown command with exit 1, naming it, and the usage', async () => {
    const { io, err } = capture();
    expect(await runCli(['deploy'], io)).toBe(1);
    expect(err.join('\n')).toMatch(/^unknown command "deploy"/);
    expect(err.join('\n')).toContain('Usage:');
  });

  it('refuses an unknown option with exit 1 and the reason, not a stack trace', async () => {
    const { io, err } = capture();
    expect(await runCli(['check', '--bogus'], io)).toBe(1);
    expect(err.join('\n')).toContain("Unknown option '--bogus'");
    expect(err.join('\n')).toContain('unfurlkit check --help');
    expect(err.join('\n')).not.toMatch(/\n\s+at /);
  });

  it('asks for --config when it is missing', async () => {
    for (const command of ['serve', 'check']) {
      const { io, err } = capture();
      expect(await runCli([command], io)).toBe(1);
      expect(err.join('\n')).toMatch(/^--config is required/);
    }
  });
});

describe('unfurlkit check (in process)', () => {
  it('passes a TypeScript module whose rules hold, printing ok', async () => {
    const { io, out, err } = capture();
    expect(await runCli(['check', '--config', fixture('good-integration.ts')], io)).toBe(0);
    expect(out).toEqual(['ok    rule "item"', '1 rule(s) ok']);
    expect(err).toEqual([]);
  });

  it('passes a JavaScript module too, with -c', async () => {
    const { io, out } = capture();
    expect(await runCli(['check', '-c', fixture('good-integration.js')], io)).toBe(0);
    expect(out).toEqual(['ok    rule "page"', '1 rule(s) ok']);
  });

  it('fails a module whose pattern misses its sample, and says which sample', async () => {
    const { io, out } = capture();
    expect(await runCli(['check', '--config', fixture('sample-mismatch.ts')], io)).toBe(1);
    expect(out).toEqual([
      'FAIL  rule "item"',
      '      - pattern does not match sample "https://cli.test/items/abc"',
      '1 of 1 rule(s) failed',
    ]);
  });

  it('says when the file does not exist, with the path it looked at', async () => {
    const { io, err } = capture();
    const path = fixture('no-such-integration.ts');
    expect(await runCli(['check', '--config', path], io)).toBe(1);
    expect(err).toEqual([
      `UNFURLKIT_INTEGRATION_INVALID: --config ${path}: no such file (looked at ${path})`,
    ]);
  });

  it('says when the module has no default export, listing what it exports', async () => {
    const { io, err } = capture();
    expect(await runCli(['check', '--config', fixture('no-default-export.ts')], io)).toBe(1);
    expect(err.join('\n')).toMatch(
      /^UNFURLKIT_INTEGRATION_INVALID: --config .*no-default-export\.ts must default-export defineIntegration\(\{\.\.\.\}\); it exports integration$/,
    );
  });

  it('says what is missing when the default export is not an integration', async () => {
    const { io, err } = capture();
    expect(await runCli(['check', '--config', fixture('not-an-integration.ts')], io)).toBe(1);
    expect(err.join('\n')).toMatch(
      /^UNFURLKIT_INTEGRATION_INVALID: defineIntegration: .*rules needs at least one rule.*authenticate must be a function/,
    );
  });
});

describe('the unfurlkit bin', () => {
  let dir: string;
  beforeEach(async () => {
    dir = await mkdtemp(join(tmpdir(), 'unfurlkit-cli-'));
  });
  afterEach(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  it('check exits 0 on a good module and 1 on a bad one', async () => {
    const good = await runBin(['check', '--config', fixture('good-integration.ts')], { cwd: dir });
    expect(good).toMatchObject({ code: 0 });
    expect(good.stdout).toContain('1 rule(s) ok');
    const bad = await runBin(['check', '--config', fixture('sample-mismatch.ts')], { cwd: dir });
    expect(bad.code).toBe(1);
    expect(bad.stdout).toContain('FAIL  rule "item"');
  });

  it('serve listens, answers /healthz, and exits 0 on SIGTERM', async () => {
    const child = spawn(process.execPath, [BIN, 'serve', '--config', fixture('good-integration.ts')], {
      cwd: dir,
      env: serveEnv(dir),
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    try {
      const match = await waitForOutput(child, /listening on (http:\/\/127\.0\.0\.1:\d+)/, 25_000);
      const response = await fetch(`${match[1]}/healthz`);
      expect(response.status).toBe(200);
      expect(await response.json()).toEqual({ status: 'ok' });
      child.kill('SIGTERM');
      expect(await exitCode(child, 10_000)).toBe(0);
    } finally {
      if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
    }
  });

  it('serve exits 1 and names the missing OAUTH_CLIENT_SECRET', async () => {
    const { OAUTH_CLIENT_SECRET: _omitted, ...env } = serveEnv(dir);
    const result = await runBin(['serve', '--config', fixture('good-integration.ts')], { cwd: dir, env });
    expect(result.code).toBe(1);
    expect(result.stderr).toContain('UNFURLKIT_CONFIG_INVALID');
    expect(result.stderr).toContain('OAUTH_CLIENT_SECRET is missing');
  });
});
