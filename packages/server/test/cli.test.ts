import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { CliIo } from '../src/cli/cli-io.js';
import { runCli } from '../src/cli/main.js';
import { runUpdates } from '../src/cli/updates-command.js';
import { openStore } from '../src/store/open-store.js';
import type { OutboxRow } from '../src/store/store.js';
import { BIN, capture, exitCode, fixture, runBin, serveEnv, waitForOutput } from './support/cli-process.js';

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

  it('emulator runs the Notion emulator (the optional @unfurlkit/emulator package)', async () => {
    const help = await runBin(['emulator', '--help'], { cwd: dir });
    expect(help.code).toBe(0);
    expect(help.stdout).toContain('unfurlkit-emulator');
    expect(help.stdout).toContain('--port');
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

describe('unfurlkit updates', () => {
  const T0 = Date.UTC(2026, 0, 1);
  let dir: string;
  let env: Record<string, string>;
  beforeEach(async () => {
    dir = await mkdtemp(join(tmpdir(), 'unfurlkit-updates-'));
    env = { DATABASE_URL: `sqlite:${join(dir, 'unfurlkit.db')}` };
  });
  afterEach(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  /** Two pending rows and one failed row, written by a store on the same file as a server would. */
  async function seed(): Promise<{ connectionId: string }> {
    const store = await openStore(env.DATABASE_URL!);
    try {
      const { id: connectionId } = await store.connections.upsert(
        {
          accountId: 'alice',
          accountName: 'Alice',
          botId: 'bot-1',
          workspaceId: 'workspace-1',
          workspaceName: 'Acme',
          workspaceIcon: null,
          accessToken: { keyId: 'k1', sealed: 'opaque' },
        },
        T0,
      );
      const pairs = ['a', 'b', 'c'].map((name) => ({ connectionId, uri: `https://acme.com/items/${name}` }));
      expect(await store.outbox.enqueueChanges(pairs, T0)).toBe(3);
      const [claimed] = await store.outbox.claimDue(T0, 1, { id: 'lease-1', until: T0 + 60_000 });
      expect(claimed?.uri).toBe('https://acme.com/items/a');
      await store.outbox.fail(
        claimed!,
        { attempts: 1, lastStatus: 400, lastError: 'validation_error (HTTP 400)' },
        T0 + 1_000,
      );
      return { connectionId };
    } finally {
      await store.close();
    }
  }

  async function outbox(): Promise<OutboxRow[]> {
    const store = await openStore(env.DATABASE_URL!);
    try {
      return await store.outbox.list({ limit: 100 });
    } finally {
      await store.close();
    }
  }

  it('--help prints its usage and exits 0, through the CLI too', async () => {
    for (const run of [
      (io: CliIo) => runUpdates(['--help'], io, env),
      (io: CliIo) => runUpdates(['-h'], io, env),
      (io: CliIo) => runCli(['updates', '--help'], io),
    ]) {
      const { io, out, err } = capture();
      expect(await run(io)).toBe(0);
      expect(out.join('\n')).toMatch(/^unfurlkit updates \[list\]/);
      expect(out.join('\n')).toContain('unfurlkit updates retry <connection-id> <uri>');
      expect(err).toEqual([]);
    }
  });

  it('list on an empty database prints 0 pending, 0 failed', async () => {
    // The database a server created and has not queued anything in yet.
    await (await openStore(env.DATABASE_URL!)).close();
    for (const args of [[], ['list']]) {
      const { io, out, err } = capture();
      expect(await runUpdates(args, io, env)).toBe(0);
      expect(out).toEqual(['0 pending, 0 failed']);
      expect(err).toEqual([]);
    }
    const { io, out } = capture();
    expect(await runUpdates(['list', '--json'], io, env)).toBe(0);
    expect(JSON.parse(out.join('\n'))).toEqual([]);
  });

  it('says so, and creates nothing, when there is no database at DATABASE_URL', async () => {
    const missing = join(dir, 'elsewhere', 'unfurlkit.db');
    for (const args of [['list'], ['retry', 'c', 'u']]) {
      const { io, out, err } = capture();
      expect(await runUpdates(args, io, { DATABASE_URL: `sqlite:${missing}` })).toBe(1);
      expect(err).toEqual([
        `no database at sqlite:${missing}: run this where the server runs, or set DATABASE_URL to its database`,
      ]);
      expect(out).toEqual([]);
    }
    expect(existsSync(join(dir, 'elsewhere'))).toBe(false);
  });

  it('list shows the counts and one line per row, failed ones with their last outcome', async () => {
    const { connectionId } = await seed();
    const { io, out } = capture();
    expect(await runUpdates(['list'], io, env)).toBe(0);
    expect(out[0]).toBe('2 pending, 1 failed');
    expect(out).toHaveLength(4);
    const line = (uri: string) => out.find((text) => text.includes(uri));
    expect(line('https://acme.com/items/a')).toMatch(
      new RegExp(
        `^failed  ${connectionId}  https://acme\\.com/items/a  attempts 1  next 2026-01-01T00:00:00\\.000Z  last: 400 validation_error \\(HTTP 400\\)$`,
      ),
    );
    expect(line('https://acme.com/items/b')).toBe(
      `pending ${connectionId}  https://acme.com/items/b  attempts 0  next 2026-01-01T00:00:00.000Z`,
    );
    expect(line('https://acme.com/items/c')).toMatch(/^pending /);
  });

  it('--state narrows the rows, --limit caps them, and the counts stay whole', async () => {
    await seed();
    const failed = capture();
    expect(await runUpdates(['list', '--state', 'failed'], failed.io, env)).toBe(0);
    expect(failed.out[0]).toBe('2 pending, 1 failed');
    expect(failed.out.slice(1)).toEqual([expect.stringMatching(/^failed .*items\/a /)]);

    const pending = capture();
    expect(await runUpdates(['--state', 'pending'], pending.io, env)).toBe(0);
    expect(pending.out.slice(1)).toHaveLength(2);
    expect(pending.out.slice(1).every((text) => text.startsWith('pending '))).toBe(true);

    const limited = capture();
    expect(await runUpdates(['list', '--limit', '1'], limited.io, env)).toBe(0);
    expect(limited.out).toHaveLength(2);
  });

  it('--json prints the rows as JSON', async () => {
    const { connectionId } = await seed();
    const all = capture();
    expect(await runUpdates(['list', '--json'], all.io, env)).toBe(0);
    const rows = JSON.parse(all.out.join('\n')) as OutboxRow[];
    expect(rows).toHaveLength(3);
    expect(rows.map((row) => row.uri).sort()).toEqual([
      'https://acme.com/items/a',
      'https://acme.com/items/b',
      'https://acme.com/items/c',
    ]);

    const failed = capture();
    expect(await runUpdates(['list', '--json', '--state', 'failed'], failed.io, env)).toBe(0);
    expect(JSON.parse(failed.out.join('\n'))).toEqual([
      expect.objectContaining({
        connectionId,
        uri: 'https://acme.com/items/a',
        state: 'failed',
        attempts: 1,
        lastStatus: 400,
        lastError: 'validation_error (HTTP 400)',
      }),
    ]);
  });

  it('retry puts a failed row back in the queue (exit 0), and only a failed one', async () => {
    const { connectionId } = await seed();
    const uri = 'https://acme.com/items/a';
    const retried = capture();
    expect(await runUpdates(['retry', connectionId, uri], retried.io, env)).toBe(0);
    expect(retried.out).toEqual([`queued again: ${uri} for connection ${connectionId}`]);
    expect((await outbox()).find((row) => row.uri === uri)).toMatchObject({ state: 'pending', attempts: 0 });

    // Now pending: nothing failed to retry.
    const again = capture();
    expect(await runUpdates(['retry', connectionId, uri], again.io, env)).toBe(1);
    expect(again.err).toEqual(['no failed update for that connection and uri']);

    const pending = capture();
    expect(await runUpdates(['retry', connectionId, 'https://acme.com/items/b'], pending.io, env)).toBe(1);
    const unknown = capture();
    expect(await runUpdates(['retry', 'no-such-connection', uri], unknown.io, env)).toBe(1);
    expect(unknown.err).toEqual(['no failed update for that connection and uri']);
  });

  it('retry without a connection and a uri exits 1 and says what it needs', async () => {
    for (const args of [['retry'], ['retry', 'connection-only']]) {
      const { io, err } = capture();
      expect(await runUpdates(args, io, env)).toBe(1);
      expect(err.join('\n')).toMatch(/^retry needs a connection id and a uri/);
    }
  });

  it('refuses a bad --state, a bad --limit and an unknown action with exit 1 and a message', async () => {
    const cases: Array<[string[], RegExp]> = [
      [['list', '--state', 'done'], /^--state is pending or failed$/],
      [['--state', ''], /^--state is pending or failed$/],
      [['list', '--limit', '0'], /^--limit is a positive whole number$/],
      [['list', '--limit=-3'], /^--limit is a positive whole number$/],
      [['list', '--limit', '1.5'], /^--limit is a positive whole number$/],
      [['list', '--limit', 'ten'], /^--limit is a positive whole number$/],
      [['list', '--limit', ''], /^--limit is a positive whole number$/],
      [['purge'], /^unknown action "purge"/],
    ];
    for (const [args, message] of cases) {
      const { io, out, err } = capture();
      expect(await runUpdates(args, io, env), args.join(' ')).toBe(1);
      expect(err.join('\n'), args.join(' ')).toMatch(message);
      expect(out).toEqual([]);
    }
  });

  it('an unknown option exits 1 with the reason through the CLI', async () => {
    const { io, err } = capture();
    expect(await runCli(['updates', '--bogus'], io)).toBe(1);
    expect(err.join('\n')).toContain("Unknown option '--bogus'");
    expect(err.join('\n')).toContain('unfurlkit updates --help');
  });
});
