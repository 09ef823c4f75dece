import { type ChildProcess, spawn } from 'node:child_process';
import { mkdtemp, readFile, rm, stat, symlink, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runDev } from '../src/cli/dev-command.js';
import { BIN, capture, exitCode, waitForOutput } from './support/cli-process.js';
import {
  connectAsAlice,
  control,
  DEV_BANNER,
  README_SAMPLE,
  README_SAMPLE_TITLE,
  readmeIntegration,
} from './support/readme-example.js';

const ROOT = fileURLToPath(new URL('../../../', import.meta.url));

describe('unfurlkit dev --config integration.ts (the README example, a real process)', () => {
  let dir: string;
  let child: ChildProcess;
  let integrationUrl: string;
  let emulatorUrl: string;
  let output = '';

  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'unfurlkit-dev-'));
    await writeFile(join(dir, 'integration.ts'), await readmeIntegration());
    // As after `npm install unfurlkit`: the packages resolve from the folder's node_modules.
    await symlink(join(ROOT, 'node_modules'), join(dir, 'node_modules'), 'dir');
    child = spawn(
      process.execPath,
      [BIN, 'dev', '--config', 'integration.ts', '--port', '0', '--emulator-port', '0'],
      {
        cwd: dir,
        env: { PATH: process.env.PATH ?? '', LOG_LEVEL: 'warn' },
        stdio: ['ignore', 'pipe', 'pipe'],
      },
    );
    child.stdout!.on('data', (chunk: Buffer) => {
      output += chunk.toString('utf8');
    });
    const banner = await waitForOutput(child, DEV_BANNER, 25_000);
    emulatorUrl = banner[1]!;
    integrationUrl = /Integration\s+(http:\/\/\S+)/.exec(banner.input!)![1]!;
  }, 30_000);

  afterAll(async () => {
    if (child && child.exitCode === null && child.signalCode === null) {
      child.kill('SIGTERM');
      await exitCode(child, 10_000).catch(() => child.kill('SIGKILL'));
    }
    await rm(dir, { recursive: true, force: true });
  });

  it('serves the example to a working preview, then reloads an edit keeping the connection', async () => {
    expect(output).toContain(README_SAMPLE);
    const credentials = await stat(join(dir, 'data', 'dev-credentials.json'));
    expect(credentials.mode & 0o777).toBe(0o600);

    const uri = README_SAMPLE;
    await connectAsAlice(emulatorUrl, uri);
    const before = await control(emulatorUrl, '/api/refresh', { person: 'ada' });
    expect(JSON.stringify(before.previews)).toContain(README_SAMPLE_TITLE);
    const connections = (await control(emulatorUrl, '/api/connections?person=ada')).connections as unknown[];
    expect(connections).toHaveLength(1);

    const file = join(dir, 'integration.ts');
    await writeFile(file, (await readFile(file, 'utf8')).replace(README_SAMPLE_TITLE, 'Fix logout bug'));
    await waitForOutput(child, /reloaded Acme in \d+ ms/, 15_000);

    const after = await control(emulatorUrl, '/api/refresh', { person: 'ada' });
    expect(JSON.stringify(after.previews)).toContain('Fix logout bug');
    expect((await control(emulatorUrl, '/api/connections?person=ada')).connections).toEqual(connections);
    const health = await fetch(`${integrationUrl}/healthz`, { signal: AbortSignal.timeout(5_000) });
    expect(health.status).toBe(200);
  }, 40_000);
});

describe('unfurlkit dev without the emulator package', () => {
  it('says how to install it and exits 2', async () => {
    const { io, text } = capture();
    const code = await runDev(['--config', 'integration.ts'], io, { importEmulator: async () => undefined });
    expect(code).toBe(2);
    expect(text()).toContain('npm install -D @unfurlkit/emulator');
    expect(text()).toContain('--no-emulator');
  });
});
