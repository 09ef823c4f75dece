import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runEmulatorCli } from '../../src/cli/main.js';
import type { ConformanceReport } from '../../src/conformance/report/conformance-report.js';
import { freePort } from './support/processes.js';
import { type ReferenceIntegration, startReferenceIntegration } from './support/reference-integration.js';

/** A sign-in the built-in form filling does not do: the hook clicks by label, and writes down that it ran. */
const hook = (log: string) => `
import { appendFileSync } from 'node:fs';
export default async ({ page, authorizeUrl, user, action }) => {
  appendFileSync(${JSON.stringify(log)}, action + ' ' + user.name + '\\n');
  await page.goto(authorizeUrl);
  if (await page.locator('input[type=password]').count()) {
    await page.locator('input[name=username]').fill(user.name);
    await page.locator('input[type=password]').fill(user.password);
    await page.locator('input[type=password]').press('Enter');
    await page.waitForLoadState('load');
  }
  await page.getByRole('button', { name: action === 'deny' ? /deny/i : /allow/i }).click();
  await page.waitForURL(/externalIntegrationAuthCallback/);
};
`;

describe('--authorize-hook', () => {
  let dir: string;
  let reference: ReferenceIntegration;
  let port: number;
  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'unfurlkit-conformance-hook-'));
    port = await freePort();
    reference = await startReferenceIntegration(`http://127.0.0.1:${port}`);
    await writeFile(join(dir, 'settings.json'), JSON.stringify(reference.settings));
    await writeFile(join(dir, 'sign-in.mjs'), hook(join(dir, 'hook.log')));
  });
  afterAll(async () => {
    await reference.close();
    await rm(dir, { recursive: true, force: true });
  });

  it('takes over sign-in and consent, for Allow and for Deny', async () => {
    const log = join(dir, 'hook.log');
    let out = '';
    const code = await runEmulatorCli(
      [
        'conformance',
        ...['--settings', join(dir, 'settings.json'), '--user', 'alice:alice-password'],
        ...['--authorize-hook', join(dir, 'sign-in.mjs'), '--only', 'LP-AUTH-009,LP-TOKEN-001,LP-UNFURL-001'],
        ...['--port', String(port), '--fuzz', '0', '--json'],
      ],
      { out: (text) => (out += text), err: () => undefined, env: {} },
    );
    const report = JSON.parse(out) as ConformanceReport;
    expect(report.checks.map((c) => [c.id, c.status])).toEqual([
      ['LP-AUTH-009', 'pass'],
      ['LP-UNFURL-001', 'pass'],
      ['LP-TOKEN-001', 'pass'],
    ]);
    expect(code).toBe(0);
    expect((await readFile(log, 'utf8')).split('\n').filter(Boolean).sort()).toEqual([
      'allow alice',
      'deny alice',
    ]);
  }, 120_000);
});
