import { execFile } from 'node:child_process';
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const FOLDER = fileURLToPath(new URL('./fixtures/jest-testbed/', import.meta.url));
const JEST = createRequire(import.meta.url).resolve('jest/bin/jest');

describe('unfurlkit/testing under jest', () => {
  it('passes jest (ESM mode) on a plain .mjs file, from the built packages, against the Acme example', async () => {
    const { code, output } = await new Promise<{ code: number | null; output: string }>((resolve) => {
      const child = execFile(
        process.execPath,
        [JEST, '--ci', '--runInBand', '--config', `${FOLDER}jest.config.mjs`],
        // jest's ESM mode needs this flag; the rest of NODE_OPTIONS is the parent runner's, not the user's.
        { cwd: FOLDER, timeout: 30_000, env: { ...process.env, NODE_OPTIONS: '--experimental-vm-modules' } },
        (_error, stdout, stderr) => resolve({ code: child.exitCode, output: `${stdout}${stderr}` }),
      );
    });
    expect(output).toMatch(/Tests:\s+1 passed, 1 total/);
    expect(code).toBe(0);
  });
});
