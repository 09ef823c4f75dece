import { execFile } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { startEmulator } from '@unfurlkit/emulator';
import { describe, expect, it } from 'vitest';
import { acmeEmulatorSettings, DEMO_OAUTH_CLIENT_ID, DEMO_OAUTH_CLIENT_SECRET } from '../src/demo.js';

const BIN = fileURLToPath(new URL('../../../packages/server/bin/unfurlkit.js', import.meta.url));
const MODULE = fileURLToPath(new URL('../src/integration.ts', import.meta.url));

/** Runs the real `unfurlkit settings` on Acme's module, with only the environment given. */
function settingsOutput(
  args: string[],
  env: Record<string, string>,
): Promise<{ code: number; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    execFile(
      process.execPath,
      [BIN, 'settings', '--config', MODULE, ...args],
      { env: { PATH: process.env.PATH ?? '', ...env }, timeout: 30_000 },
      (error, stdout, stderr) => resolve({ code: error ? Number(error.code ?? 1) : 0, stdout, stderr }),
    );
  });
}

const credentials = {
  OAUTH_CLIENT_ID: DEMO_OAUTH_CLIENT_ID,
  OAUTH_CLIENT_SECRET: DEMO_OAUTH_CLIENT_SECRET,
  OAUTH_SCOPES: 'unfurl',
};

describe('unfurlkit settings, fed to the emulator as is', () => {
  it("prints the settings the demo writes by hand, derived from Acme's module", async () => {
    const acmeUrl = 'http://127.0.0.1:3999';
    const printed = await settingsOutput(['--public-url', acmeUrl], credentials);
    expect(printed.code).toBe(0);
    expect(printed.stderr).toBe('');
    expect(JSON.parse(printed.stdout)).toEqual(acmeEmulatorSettings(acmeUrl));
    // (--format text is checked in process: packages/server/test/cli-settings.test.ts.)
  });

  it('is accepted by startEmulator({ settings }) and by PUT /api/settings, unchanged', async () => {
    const printed = await settingsOutput([], {
      ...credentials,
      PUBLIC_URL: 'http://127.0.0.1:3998',
      NOTION_CLIENT_ID: 'notion-id-from-env',
      NOTION_CLIENT_SECRET: 'notion-secret-from-env',
    });
    const settings = JSON.parse(printed.stdout);
    const emulator = await startEmulator({ port: 0, storage: 'memory', logger: false, settings });
    try {
      expect(emulator.settings()).toMatchObject(settings);
      // The emulator then issues the credentials the server is configured with.
      expect(emulator.notionCredentials()).toEqual({
        clientId: 'notion-id-from-env',
        clientSecret: 'notion-secret-from-env',
      });
      const put = await fetch(`${emulator.url}/api/settings`, {
        method: 'PUT',
        headers: { 'content-type': 'application/json' },
        body: printed.stdout,
      });
      expect(put.status).toBe(200);
    } finally {
      await emulator.close();
    }
  });
});
