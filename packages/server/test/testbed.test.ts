import { execFile } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { isUnfurlkitError, plainText, title } from '@unfurlkit/core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { defineIntegration, forbidden, notFound } from '../src/index.js';
import { startTestbed, TESTBED_ACCOUNT_HEADER, type Testbed } from '../src/testing/index.js';
import { loadEmulator } from '../src/testing/load-emulator.js';

const notes = new Map<string, { title: string; owner?: string }>([
  ['1', { title: 'Launch plan', owner: 'alice' }],
  ['7', { title: 'Team handbook' }],
]);

const integration = defineIntegration({
  name: 'Notes',
  developer: 'Notes Inc',
  rules: [
    {
      name: 'note',
      pattern: '^https:\\/\\/notes\\.test\\/n\\/(?<id>\\d+)$',
      samples: ['https://notes.test/n/7'],
      resolve({ groups, account }) {
        const note = notes.get(groups.id ?? '');
        if (!note) return notFound('No such note');
        if (note.owner && note.owner !== account.id) return forbidden('This note is private');
        return [
          title(note.title),
          plainText({ id: 'viewer', name: 'Viewer', value: account.name, section: 'primary' }),
        ];
      },
    },
  ],
  authenticate: (_request, { returnTo }) => ({ signInUrl: `/login?next=${encodeURIComponent(returnTo)}` }),
});

const titleOf = (preview: { attributes: unknown }) =>
  (preview.attributes as Array<{ id: string; inline?: { title?: { value: string } } }> | null)?.find(
    (a) => a.id === 'title',
  )?.inline?.title?.value;

describe('startTestbed', () => {
  let bed: Testbed;
  beforeAll(async () => {
    bed = await startTestbed({ integration });
  });
  afterAll(() => bed.close());

  it('connects two people as two accounts, without a browser, and each sees what their account may', async () => {
    const ada = await bed.connect('ada', { id: 'alice', name: 'Alice' });
    await bed.connect('ben', 'bob');
    expect(ada.connectionId).toEqual(expect.any(String));

    const mine = await bed.paste('https://notes.test/n/1', 'ada');
    expect(mine).toMatchObject({ uri: 'https://notes.test/n/1', state: 'ready', error: null, warnings: [] });
    expect(titleOf(mine)).toBe('Launch plan');
    const theirs = await bed.paste('https://notes.test/n/1', 'ben');
    expect(theirs).toMatchObject({ state: 'error', attributes: null });
    expect(theirs.error).toMatchObject({ status: 403, message: 'This note is private' });
    expect((await bed.paste('https://notes.test/n/404', 'ben')).error).toMatchObject({ status: 404 });
  });

  it('changed() reaches Notion as a PATCH that nextDelivery() returns, one at a time', async () => {
    notes.get('7')!.title = 'Team handbook, 2nd edition';
    await bed.paste('https://notes.test/n/7', 'ada');
    expect(await bed.changed('https://notes.test/n/7')).toEqual({ queued: 1 });
    const delivery = await bed.nextDelivery();
    expect(delivery).toMatchObject({ status: 200, uri: 'https://notes.test/n/7' });
    expect(JSON.stringify(delivery.body)).toContain('Team handbook, 2nd edition');
    expect(titleOf((await bed.previews('ada')).find((p) => p.uri.endsWith('/7'))!)).toBe(
      'Team handbook, 2nd edition',
    );

    const none = await bed.nextDelivery({ timeoutMs: 100 }).catch((error: unknown) => error);
    expect(isUnfurlkitError(none, 'UNFURLKIT_TESTBED_FAILED')).toBe(true);
    expect(bed.deliveries()).toHaveLength(1);
  });

  it("honours the sign-in header only with a live ticket: anything else goes to the product's authenticate", async () => {
    const started = await fetch(`${bed.emulatorUrl}/api/connect`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ person: 'ada' }),
    });
    const { authorizeUrl } = (await started.json()) as { authorizeUrl: string };
    for (const forged of ['alice', 'x'.repeat(32), '']) {
      const answer = await fetch(authorizeUrl, {
        headers: { [TESTBED_ACCOUNT_HEADER]: forged },
        redirect: 'manual',
      });
      // A valid authorize request, so authenticate() decides: the product's own, which sends to /login.
      expect(answer.status).toBe(302);
      expect(answer.headers.get('location')).toMatch(/^\/login\?next=/);
    }
  });

  it('disconnect() removes the connection in Notion and calls the Deleted Token Callback', async () => {
    expect(await bed.disconnect('ben')).toEqual({ disconnected: 1 });
    const deletion = bed.emulator
      .traffic()
      .filter((entry) => entry.direction === 'outbound' && entry.url.endsWith('/notion/deletion'));
    expect(deletion.map((entry) => entry.status)).toEqual([200]);
    expect((await bed.paste('https://notes.test/n/7', 'ben')).state).toBe('placeholder');
  });
});

describe('unfurlkit/testing without the emulator installed', () => {
  it('says what to install', async () => {
    const missing = Object.assign(new Error("Cannot find package '@unfurlkit/emulator'"), {
      code: 'ERR_MODULE_NOT_FOUND',
    });
    const error = await loadEmulator(() => Promise.reject(missing)).catch((e: unknown) => e);
    expect(isUnfurlkitError(error, 'UNFURLKIT_EMULATOR_MISSING')).toBe(true);
    expect((error as Error).message).toContain('npm install --save-dev @unfurlkit/emulator');
  });
});

describe('unfurlkit/testing under node:test', () => {
  it('passes `node --test` on a plain .mjs file, from the built package', async () => {
    const file = fileURLToPath(new URL('./fixtures/testbed/node-test.mjs', import.meta.url));
    const { code, output } = await new Promise<{ code: number | null; output: string }>((resolve) => {
      const child = execFile(
        process.execPath,
        ['--test', '--test-reporter=tap', file],
        { timeout: 30_000, env: { ...process.env, NODE_OPTIONS: '' } },
        (_error, stdout, stderr) => resolve({ code: child.exitCode, output: `${stdout}${stderr}` }),
      );
    });
    expect(output).toMatch(/# pass 2/);
    expect(output).toMatch(/# fail 0/);
    expect(code).toBe(0);
  });
});
