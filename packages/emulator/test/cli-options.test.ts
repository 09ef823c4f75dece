import { describe, expect, it } from 'vitest';
import { runEmulatorCli } from '../src/cli/main.js';
import { jsonRequest } from './support/harness.js';

/** `--strict`, `--notion-token-ttl`, `--notion-token-owner` and their env variables. */
describe('the CLI’s Notion options', () => {
  it('starts strict with expiring tokens from flags and env, and refuses bad values', async () => {
    let output = '';
    let stop: () => void = () => {};
    const stopSignal = new Promise<void>((resolve) => {
      stop = resolve;
    });
    const exit = runEmulatorCli(
      ['--port', '0', '--memory', '--log-level', 'silent', '--notion-token-ttl', '2'],
      {
        out: (text) => {
          output += text;
        },
        env: { EMULATOR_STRICT: 'true', EMULATOR_NOTION_TOKEN_OWNER: 'workspace' },
        stopSignal,
      },
    );
    for (let i = 0; i < 100 && !output.includes('running at'); i++)
      await new Promise((r) => setTimeout(r, 20));
    const url = /running at (\S+)/.exec(output)?.[1];
    expect(output).toContain('Strict');
    expect((await jsonRequest(`${url}/api/notion-tokens`)).body).toEqual({
      ttlSeconds: 2,
      owner: 'workspace',
    });
    const exchange = await jsonRequest(`${url}/v1/oauth/token`, {
      method: 'POST',
      body: { grant_type: 'authorization_code', code: 'c' },
    });
    expect(exchange.body).toMatchObject({ code: 'missing_version' });
    stop();
    expect(await exit).toBe(0);

    let err = '';
    const io = { err: (t: string) => (err += t), out: () => {}, env: {}, stopSignal: Promise.resolve() };
    expect(await runEmulatorCli(['--notion-token-owner', 'nobody'], io)).toBe(1);
    expect(await runEmulatorCli(['--notion-token-ttl=-1'], io)).toBe(1);
    expect(await runEmulatorCli([], { ...io, env: { EMULATOR_STRICT: 'maybe' } })).toBe(1);
    expect(err).toContain('--notion-token-owner must be user or workspace');
    expect(err).toContain('--notion-token-ttl must be');
    expect(err).toContain('EMULATOR_STRICT must be true or false');
  });
});
