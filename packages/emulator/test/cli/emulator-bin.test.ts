import { execFile } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { createServer, type Server } from 'node:net';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runEmulatorCli } from '../../src/cli/main.js';

const BIN = fileURLToPath(new URL('../../bin/unfurlkit-emulator.js', import.meta.url));
const VERSION = (
  JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8')) as { version: string }
).version;

/** The real bin, to completion (30 s at most), with only the environment given. */
function run(args: string[], env: Record<string, string> = {}) {
  return new Promise<{ code: number | null; stdout: string; stderr: string }>((resolve) => {
    execFile(
      process.execPath,
      [BIN, ...args],
      { env: { PATH: process.env.PATH ?? '', ...env }, timeout: 30_000 },
      (error, stdout, stderr) =>
        resolve({ code: error ? (typeof error.code === 'number' ? error.code : null) : 0, stdout, stderr }),
    );
  });
}

describe('the unfurlkit-emulator bin', () => {
  let blocker: Server;
  let busyPort: number;
  beforeAll(async () => {
    blocker = createServer();
    await new Promise<void>((resolve) => blocker.listen(0, '127.0.0.1', resolve));
    busyPort = (blocker.address() as { port: number }).port;
  });
  afterAll(async () => {
    await new Promise((resolve) => blocker.close(resolve));
  });

  it('--version prints the package version (-v too)', async () => {
    expect(await run(['--version'])).toEqual({ code: 0, stdout: `${VERSION}\n`, stderr: '' });
    let out = '';
    expect(await runEmulatorCli(['-v'], { out: (text) => (out += text) })).toBe(0);
    expect(out).toBe(`${VERSION}\n`);
  });

  it('ends at once with exit 1 and one line naming the port and EMULATOR_PORT when the port is busy', async () => {
    for (const [args, env] of [
      [['--memory'], { EMULATOR_PORT: String(busyPort) }],
      [['--memory', '--port', String(busyPort)], {}],
    ] as const) {
      const result = await run([...args], env);
      expect(result.code).toBe(1);
      expect(result.stderr).toBe(
        `unfurlkit-emulator: port ${busyPort} on 127.0.0.1 is already in use: stop what runs there, or set EMULATOR_PORT (or --port) to a free port\n`,
      );
    }
  });
});
