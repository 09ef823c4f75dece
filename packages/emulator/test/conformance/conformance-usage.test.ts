import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { createServer, type Server } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runEmulatorCli } from '../../src/cli/main.js';
import { freePort, runEmulatorBin } from './support/processes.js';

const SETTINGS = {
  name: 'Somewhere',
  notionClientId: 'notion-id',
  notionClientSecret: 'notion-secret-0123456789',
  oauth: {
    authorizeUrl: 'http://127.0.0.1:9/authorize',
    tokenUrl: 'http://127.0.0.1:9/token',
    clientId: 'client',
    clientSecret: 'client-secret-0123456789',
  },
  unfurl: {
    callbackUrl: 'http://127.0.0.1:9/unfurl',
    domain: 'somewhere.test',
    rules: [
      {
        name: 'page',
        pattern: '^https:\\/\\/somewhere\\.test\\/p\\/(?<id>\\d+)$',
        samples: ['https://somewhere.test/p/1'],
      },
    ],
  },
};

/** The command in process, its exit code and what it printed. */
async function conformance(args: string[]) {
  let out = '';
  let err = '';
  const code = await runEmulatorCli(['conformance', ...args], {
    out: (text) => (out += text),
    err: (text) => (err += text),
    env: {},
  });
  return { code, out, err };
}

describe('unfurlkit-emulator conformance: usage and setup errors exit 2 with what to fix', () => {
  let dir: string;
  let settings: string;
  let blocker: Server;
  let busyPort: number;
  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'unfurlkit-conformance-usage-'));
    settings = join(dir, 'settings.json');
    await writeFile(settings, JSON.stringify(SETTINGS));
    const { notionClientSecret: _secret, ...withoutSecret } = SETTINGS;
    await writeFile(join(dir, 'no-notion-secret.json'), JSON.stringify(withoutSecret));
    await writeFile(join(dir, 'two.json'), JSON.stringify([SETTINGS, SETTINGS]));
    await writeFile(join(dir, 'broken.json'), '{"name": ');
    await writeFile(join(dir, 'hook.mjs'), 'export const notAHook = 1;\n');
    blocker = createServer();
    await new Promise<void>((resolve) => blocker.listen(0, '127.0.0.1', resolve));
    busyPort = (blocker.address() as { port: number }).port;
  });
  afterAll(async () => {
    await new Promise((resolve) => blocker.close(resolve));
    await rm(dir, { recursive: true, force: true });
  });

  it.each([
    [[], /--settings <file\.json> is required/],
    [['--settings', 'SETTINGS'], /--user <name:password> is required/],
    [['--settings', 'SETTINGS', '--user', 'nocolon'], /--user takes name:password, got "nocolon"/],
    [
      ['--settings', 'SETTINGS', '--user', 'a:b', '--fail-on', 'may'],
      /--fail-on must be must or should, got "may"/,
    ],
    [
      ['--settings', 'SETTINGS', '--user', 'a:b', '--fuzz=-1'],
      /--fuzz must be a whole number from 0 to 1000000, got "-1"/,
    ],
    [
      ['--settings', 'SETTINGS', '--user', 'a:b', '--port', 'http'],
      /--port must be a whole number from 1 to 65535/,
    ],
    [
      ['--settings', 'SETTINGS', '--user', 'a:b', '--forbidden', 'items/1'],
      /--forbidden must be an absolute URL/,
    ],
    [
      ['--settings', 'SETTINGS', '--user', 'a:b', '--only', 'LP-AUTH-001,LP-NOPE-001'],
      /--only: no check has the id LP-NOPE-001/,
    ],
    [
      ['--settings', 'SETTINGS', '--user', 'a:b', '--chromium', '/no/such/chromium'],
      /no Chromium at \/no\/such\/chromium: install chromium, or pass --chromium <path>/,
    ],
    [['--settings', 'DIR/none.json', '--user', 'a:b'], /could not read the settings file .*none\.json/],
    [['--settings', 'DIR/broken.json', '--user', 'a:b'], /could not read the settings file .*broken\.json/],
    [
      ['--settings', 'DIR/no-notion-secret.json', '--user', 'a:b'],
      /needs notionClientId and notionClientSecret: the values the integration has as NOTION_CLIENT_ID/,
    ],
    [['--settings', 'DIR/two.json', '--user', 'a:b'], /holds 2 integrations: the checker takes one/],
    [
      ['--settings', 'SETTINGS', '--user', 'a:b', '--authorize-hook', 'DIR/hook.mjs'],
      /must export \(default\) async \(\{ page, authorizeUrl, user \}\) => void/,
    ],
    [['--bogus'], /Unknown option '--bogus'/],
  ])('%j', async (args, message) => {
    const resolved = (args as string[]).map((a) => a.replace('SETTINGS', settings).replace('DIR', dir));
    const { code, out, err } = await conformance(resolved);
    expect(code).toBe(2);
    expect(out).toBe('');
    expect(err).toMatch(message);
    expect(err).toContain('Run "unfurlkit-emulator conformance --help" for the options.');
    expect(err).not.toMatch(/\n\s+at /);
  });

  it('says which port is taken when Notion’s API cannot listen (the real bin)', async () => {
    const result = await runEmulatorBin([
      'conformance',
      '--settings',
      settings,
      '--user',
      'a:b',
      '--port',
      String(busyPort),
    ]);
    expect(result.code).toBe(2);
    expect(result.stderr).toBe(
      `unfurlkit-emulator conformance: port ${busyPort} is already in use: pass --port with the port the integration's NOTION_API_URL points at, and free it\n`,
    );
  });

  it('says why the settings were refused (a pattern that matches none of its samples)', async () => {
    const refused = {
      ...SETTINGS,
      unfurl: {
        ...SETTINGS.unfurl,
        rules: [{ ...SETTINGS.unfurl.rules[0], samples: ['https://elsewhere.test/x'] }],
      },
    };
    await writeFile(join(dir, 'refused.json'), JSON.stringify(refused));
    const port = String(await freePort());
    const result = await conformance([
      '--settings',
      join(dir, 'refused.json'),
      '--user',
      'a:b',
      '--port',
      port,
    ]);
    expect(result.code).toBe(2);
    expect(result.err).toMatch(
      /^unfurlkit-emulator conformance: the integration settings were refused:\n- rule "page": pattern matches none of its sample URLs/,
    );
  });

  it('--help prints the options and the exit codes, exit 0', async () => {
    const { code, out } = await conformance(['--help']);
    expect(code).toBe(0);
    expect(out).toMatch(
      /^Usage: unfurlkit-emulator conformance --settings <file\.json> --user <name:password>/,
    );
    for (const flag of [
      '--forbidden',
      '--missing',
      '--change-hook',
      '--fuzz',
      '--json [file]',
      '--junit',
      '--only',
      '--fail-on',
      '--timeout',
      '--port',
      '--host',
      '--public-url',
      '--slow',
      '--authorize-hook',
    ])
      expect(out).toContain(flag);
    expect(out).toContain('Exit codes: 0 passed');
  });
});
