import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { runEmulatorCli } from '../../src/cli/main.js';
import { type RunningEmulator, SettingsRejectedError, startEmulator } from '../../src/index.js';
import { startFixtureIntegration } from '../fixtures/fixture-integration.js';
import { jsonRequest } from '../support/harness.js';

const rule = (pattern: string, samples: string[]) => ({ name: 'item', pattern, samples });

function settingsFor(base: string, rules: Array<ReturnType<typeof rule>>) {
  return {
    name: 'Acme',
    oauth: {
      authorizeUrl: `${base}/notion/authorize`,
      tokenUrl: `${base}/notion/token`,
      clientId: 'acme',
      clientSecret: 'acme-secret',
    },
    unfurl: { callbackUrl: `${base}/unfurl`, domain: 'acme.com', rules },
  };
}

const ITEM = '^(?<site>https:\\/\\/acme\\.com)\\/items\\/(?<itemNo>\\d+)$';

/** Settings (SPEC §1): Notion's validation, persistence, stable generated credentials, the CLI. */
describe('integration settings', () => {
  let dir: string;
  let emulator: RunningEmulator | undefined;

  beforeEach(async () => {
    dir = await mkdtemp(join(tmpdir(), 'unfurlkit-emulator-'));
  });
  afterEach(async () => {
    await emulator?.close();
    emulator = undefined;
    await rm(dir, { recursive: true, force: true });
  });

  it('refuses a pattern that matches none of its samples, an unanchored or catastrophic one, with clear messages', async () => {
    emulator = await startEmulator({ port: 0, logger: false });
    const put = (rules: Array<ReturnType<typeof rule>>) =>
      jsonRequest(`${emulator!.url}/api/settings`, {
        method: 'PUT',
        body: settingsFor('http://127.0.0.1:3000', rules),
      });
    const none = await put([rule(ITEM, ['https://acme.com/other/1'])]);
    expect(none.status).toBe(400);
    expect((none.body as { problems: string[] }).problems).toContain(
      'rule "item": pattern matches none of its sample URLs',
    );
    const unanchored = await put([rule('acme\\.com', ['https://acme.com/items/1'])]);
    expect((unanchored.body as { problems: string[] }).problems.join('\n')).toMatch(/must start with \^/);
    const redos = await put([rule('^https:\\/\\/acme\\.com\\/(a+)+$', ['https://acme.com/aaa'])]);
    expect(redos.status).toBe(400);
    const badUrl = await jsonRequest(`${emulator.url}/api/settings`, {
      method: 'PUT',
      body: {
        ...settingsFor('http://127.0.0.1:3000', [rule(ITEM, ['https://acme.com/items/1'])]),
        oauth: { tokenUrl: 'ftp://x' },
      },
    });
    expect((badUrl.body as { problems: string[] }).problems.join('\n')).toMatch(
      /oauth\.authorizeUrl: the OAuth Authorize URL is required/,
    );
    // "any" sample is enough, as on Notion's settings page.
    const ok = await put([rule(ITEM, ['https://acme.com/items/1', 'https://acme.com/other'])]);
    expect(ok.status).toBe(200);
    expect((ok.body as { warnings: string[] }).warnings.join('\n')).toMatch(/does not match sample/);
    await expect(
      startEmulator({
        port: 0,
        logger: false,
        settings: settingsFor('http://x', [rule(ITEM, ['https://acme.com/x'])]),
      }),
    ).rejects.toBeInstanceOf(SettingsRejectedError);
  });

  it('keeps settings and the generated Notion credentials across restarts with a SQLite file', async () => {
    const sqlitePath = join(dir, 'nested', 'emulator.db');
    emulator = await startEmulator({
      port: 0,
      logger: false,
      storage: { sqlitePath },
      settings: settingsFor('http://127.0.0.1:3000', [rule(ITEM, ['https://acme.com/items/1'])]),
    });
    const first = emulator.settings();
    expect(first.notionClientId).toMatch(/^[0-9a-f-]{36}$/);
    expect(first.notionClientSecret).toMatch(/^secret_/);
    await emulator.close();
    emulator = await startEmulator({ port: 0, logger: false, storage: { sqlitePath } });
    expect(emulator.settings()).toEqual(first);
    const memory = await startEmulator({ port: 0, logger: false, storage: 'memory' });
    expect(memory.notionCredentials().clientId).not.toBe(first.notionClientId);
    expect(() => memory.settings()).toThrow(/no integration settings/);
    await memory.close();
  });

  it('keeps connections across restarts: a Notion token still works', async () => {
    const sqlitePath = join(dir, 'emulator.db');
    const fixture = await startFixtureIntegration();
    try {
      emulator = await startEmulator({
        port: 0,
        logger: false,
        storage: { sqlitePath },
        settings: fixture.settings(),
      });
      fixture.setEmulatorUrl(emulator.url);
      const { connectOverHttp, refresh } = await import('../support/harness.js');
      const harness = { emulator, fixture, close: async () => {} };
      await connectOverHttp(harness, { uri: 'https://fixture.test/items/1' });
      await refresh(harness);
      await emulator.close();
      emulator = await startEmulator({ port: 0, logger: false, storage: { sqlitePath } });
      const answer = await jsonRequest(`${emulator.url}/v1/external/object`, {
        method: 'PATCH',
        headers: {
          authorization: `Bearer ${fixture.notionTokens.get('fixture-user-1')}`,
          'notion-version': '2022-06-28',
        },
        body: {
          uri: 'https://fixture.test/items/1',
          operations: [{ path: ['error'], set: { status: 404, message: 'gone' } }],
        },
      });
      expect(answer.status).toBe(200);
    } finally {
      await fixture.close();
    }
  });

  it('runs from the CLI with a settings file, prints the URL and stops on the signal', async () => {
    const file = join(dir, 'settings.json');
    await writeFile(
      file,
      JSON.stringify(settingsFor('http://127.0.0.1:3000', [rule(ITEM, ['https://acme.com/items/1'])])),
    );
    let output = '';
    let stop: () => void = () => {};
    const stopSignal = new Promise<void>((resolve) => {
      stop = resolve;
    });
    const exit = runEmulatorCli(
      ['--port', '0', '--settings', file, '--data', join(dir, 'cli.db'), '--log-level', 'silent'],
      {
        out: (text) => {
          output += text;
        },
        env: {},
        stopSignal,
      },
    );
    for (let i = 0; i < 100 && !output.includes('running at'); i++)
      await new Promise((r) => setTimeout(r, 20));
    const url = /running at (\S+)/.exec(output)?.[1];
    expect(url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
    const settings = await jsonRequest(`${url}/api/settings`);
    expect((settings.body as { settings: { name: string } }).settings.name).toBe('Acme');
    stop();
    expect(await exit).toBe(0);
  });

  it('CLI: --help, bad flags and a refused settings file', async () => {
    let out = '';
    let err = '';
    const io = {
      out: (t: string) => (out += t),
      err: (t: string) => (err += t),
      env: {},
      stopSignal: Promise.resolve(),
    };
    expect(await runEmulatorCli(['--help'], io)).toBe(0);
    expect(out).toContain('--rate-limit');
    expect(await runEmulatorCli(['--nope'], io)).toBe(2);
    expect(await runEmulatorCli(['--port', 'abc'], io)).toBe(1);
    expect(err).toContain('--port must be');
    const file = join(dir, 'bad.json');
    await writeFile(file, JSON.stringify(settingsFor('http://x', [rule(ITEM, ['https://acme.com/other'])])));
    expect(await runEmulatorCli(['--memory', '--port', '0', '--settings', file], io)).toBe(1);
    expect(err).toContain('pattern matches none of its sample URLs');
  });
});
