import { describe, expect, it } from 'vitest';
import { forwardToEmulator } from '../src/cli/main.js';
import { capture, runBin } from './support/cli-process.js';

/** Issue 10: `unfurlkit conformance …` is the emulator's checker, when @unfurlkit/emulator is installed. */
describe('unfurlkit conformance', () => {
  it('forwards to unfurlkit-emulator conformance (the real bin): --help, exit 0', async () => {
    const result = await runBin(['conformance', '--help']);
    expect(result.code).toBe(0);
    expect(result.stdout).toMatch(/^Usage: unfurlkit-emulator conformance --settings <file\.json>/);
  });

  it('passes the checker’s usage errors through with exit 2', async () => {
    const result = await runBin(['conformance', '--user', 'a:b']);
    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(/^unfurlkit-emulator conformance: --settings <file\.json> is required/);
  });

  it('says what to install, exit 2, when @unfurlkit/emulator is missing', async () => {
    const { io, err } = capture();
    expect(await forwardToEmulator(['conformance', '--help'], io, 2, async () => undefined)).toBe(2);
    expect(err).toEqual([
      'unfurlkit conformance needs the package @unfurlkit/emulator: npm install -D @unfurlkit/emulator',
    ]);
  });

  it('is listed in the usage', async () => {
    const result = await runBin(['--help']);
    expect(result.stdout).toContain('unfurlkit conformance [options]');
  });
});
