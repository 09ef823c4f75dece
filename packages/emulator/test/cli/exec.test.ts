import { execFile } from 'node:child_process';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { exitCodeOf, splitExecArgs } from '../../src/cli/exec-command.js';

const BIN = fileURLToPath(new URL('../../bin/unfurlkit-emulator.js', import.meta.url));

/** The real bin, to completion (30 s at most), with only PATH from this environment. */
function run(args: string[]) {
  return new Promise<{ code: number | null; stdout: string; stderr: string }>((resolve) => {
    execFile(
      process.execPath,
      [BIN, ...args],
      { env: { PATH: process.env.PATH ?? '' }, timeout: 30_000 },
      (error, stdout, stderr) =>
        resolve({ code: error ? (typeof error.code === 'number' ? error.code : null) : 0, stdout, stderr }),
    );
  });
}

// What the command does: print the three variables and the emulator's settings name, then exit with 7.
const PRINT_ENV = `
const { NOTION_API_URL: url, NOTION_CLIENT_ID: id, NOTION_CLIENT_SECRET: secret } = process.env;
const answer = await fetch(url + '/api/settings').then((r) => r.json());
console.log(JSON.stringify({ url, id, secretLength: secret.length, name: answer.settings?.name ?? null }));
process.exit(7);
`;

describe('unfurlkit-emulator exec', () => {
  let dir: string;
  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'emulator-exec-'));
  });
  afterAll(() => rm(dir, { recursive: true, force: true }));

  it('passes NOTION_API_URL/CLIENT_ID/CLIENT_SECRET to the command, exits with its code, stops after', async () => {
    const settings = join(dir, 'settings.json');
    await writeFile(
      settings,
      JSON.stringify({
        name: 'Exec Test',
        oauth: {
          authorizeUrl: 'http://127.0.0.1:9/notion/authorize',
          tokenUrl: 'http://127.0.0.1:9/notion/token',
          clientId: 'exec-test',
          clientSecret: 'exec-test-secret-0123456789abcdef0123',
        },
        unfurl: {
          callbackUrl: 'http://127.0.0.1:9/unfurl',
          domain: 'example.com',
          rules: [
            {
              name: 'page',
              pattern: '^https:\\/\\/example\\.com\\/p\\/\\d+$',
              samples: ['https://example.com/p/1'],
            },
          ],
        },
      }),
    );
    const result = await run([
      'exec',
      '--settings',
      settings,
      '--',
      process.execPath,
      '--input-type=module',
      '-e',
      PRINT_ENV,
    ]);
    expect(result.code).toBe(7);
    const printed = JSON.parse(result.stdout.trim()) as Record<string, unknown>;
    expect(printed).toMatchObject({ id: expect.any(String), name: 'Exec Test' });
    expect(printed.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
    expect(printed.secretLength).toBeGreaterThanOrEqual(32);
    // Stopped: nothing answers at that URL any more.
    await expect(fetch(`${printed.url}/api/settings`)).rejects.toThrow();
  });

  it('exits 0 with a passing command, 127 when it cannot start, 2 without a command', async () => {
    const [passing, missing, none] = await Promise.all([
      run(['exec', '--', process.execPath, '-e', '']),
      run(['exec', '--', join(dir, 'no-such-command')]),
      run(['exec']),
    ]);
    expect(passing.code).toBe(0);
    expect(missing.code).toBe(127);
    expect(missing.stderr).toContain('could not run');
    expect(none.code).toBe(2);
    expect(none.stderr).toContain('exec needs the command after --');
  });
});

describe('exec decisions', () => {
  it('splits the emulator options from the command at the first --', () => {
    expect(splitExecArgs(['--port', '0', '--', 'npm', 'test', '--', 'x'])).toEqual({
      options: ['--port', '0'],
      command: ['npm', 'test', '--', 'x'],
    });
    expect(splitExecArgs(['--port', '0'])).toHaveProperty('error');
    expect(splitExecArgs(['--'])).toHaveProperty('error');
  });

  it("reports a command killed by a signal as a shell does (128 + the signal's number)", () => {
    expect(exitCodeOf(3, null)).toBe(3);
    expect(exitCodeOf(null, 'SIGTERM')).toBe(143);
    expect(exitCodeOf(null, 'SIGKILL')).toBe(137);
  });
});
