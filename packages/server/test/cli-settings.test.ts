import { describe, expect, it } from 'vitest';
import { runCli } from '../src/cli/main.js';
import { runSettings } from '../src/cli/settings-command.js';
import { capture, fixture } from './support/cli-process.js';

/** Loaded natively, without tsx, so each call is quick; the .ts path runs through the bin in examples/acme. */
const MODULE = fixture('good-integration.js');

const env = { OAUTH_CLIENT_ID: 'notion-link-previews', OAUTH_CLIENT_SECRET: 'secret-0123456789abcdef' };

describe('unfurlkit settings (in process)', () => {
  it('prints the JSON with the URLs from PUBLIC_URL, else from HOST and PORT', async () => {
    const fromPublic = capture();
    const code = await runSettings(['--config', MODULE], fromPublic.io, {
      ...env,
      PUBLIC_URL: 'https://previews.cli.test/',
    });
    expect(code).toBe(0);
    const settings = JSON.parse(fromPublic.out.join('\n'));
    expect(settings).toMatchObject({
      name: 'CLI JS Fixture',
      oauth: {
        authorizeUrl: 'https://previews.cli.test/notion/authorize',
        clientId: 'notion-link-previews',
        clientSecret: 'secret-0123456789abcdef',
      },
      unfurl: { callbackUrl: 'https://previews.cli.test/unfurl', domain: 'cli.test' },
    });
    expect(fromPublic.err).toEqual([]);

    const fromPort = capture();
    await runSettings(['-c', MODULE], fromPort.io, { ...env, PORT: '3100' });
    expect(JSON.parse(fromPort.out.join('\n')).oauth.tokenUrl).toBe('http://127.0.0.1:3100/notion/token');
  });

  it('--public-url wins over PUBLIC_URL', async () => {
    const { io, out } = capture();
    const args = ['--config', MODULE, '--public-url', 'https://flag.test'];
    await runSettings(args, io, { ...env, PUBLIC_URL: 'https://env.test' });
    expect(JSON.parse(out.join('\n')).unfurl.callbackUrl).toBe('https://flag.test/unfurl');
  });

  it('says which credentials are not set, on stderr, and still prints the rest', async () => {
    const { io, out, err } = capture();
    expect(await runSettings(['--config', MODULE], io, {})).toBe(0);
    expect(JSON.parse(out.join('\n')).oauth).not.toHaveProperty('clientSecret');
    expect(err).toEqual([
      'not set: OAUTH_CLIENT_ID, OAUTH_CLIENT_SECRET; set them as for `unfurlkit serve` (the emulator refuses settings without a client id and secret)',
    ]);
  });

  it('refuses a bad --format, a bad --public-url and a missing --config with exit 1', async () => {
    const cases: Array<[string[], string]> = [
      [['--config', MODULE, '--format', 'yaml'], '--format is json or text, got "yaml"'],
      [
        ['--config', MODULE, '--public-url', 'ftp://x'],
        '--public-url must be an absolute http(s) URL, got "ftp://x"',
      ],
      [['--format', 'text'], '--config is required'],
    ];
    for (const [args, message] of cases) {
      const { io, out, err } = capture();
      expect(await runSettings(args, io, env), args.join(' ')).toBe(1);
      expect(err.join('\n')).toContain(message);
      expect(out).toEqual([]);
    }
  });

  it('--format text prints the values under the dashboard labels', async () => {
    const { io, out } = capture();
    expect(await runSettings(['--config', MODULE, '--format', 'text'], io, env)).toBe(0);
    const text = out.join('\n');
    expect(text).toMatch(/^Notion settings for CLI JS Fixture\n\nExternal Authorization Setup\n/);
    expect(text).toContain('  OAuth Client ID             notion-link-previews');
    expect(text).toContain('  URL matching rule "page"');
  });

  it('is listed in the usage and has its own help', async () => {
    const usage = capture();
    await runCli(['--help'], usage.io);
    expect(usage.out.join('\n')).toContain('unfurlkit settings --config <module>');
    const help = capture();
    expect(await runCli(['settings', '--help'], help.io)).toBe(0);
    expect(help.out.join('\n')).toMatch(
      /^unfurlkit settings --config <module> \[--public-url <url>\] \[--format json\|text\]/,
    );
  });
});
