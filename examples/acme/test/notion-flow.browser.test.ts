import { AUTHORIZE_ERROR_TEXT } from '@unfurlkit/core';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchChromium, screenshotPath } from '../../../packages/emulator/test/support/browser.js';
import { type RunningDemo, startDemo } from '../src/demo.js';

/**
 * The demo as a person uses it, in Debian's Chromium: the emulator's workspace, Acme's sign-in and consent
 * pages, and the preview. Ada signs in to Acme as alice, Ben as bob.
 */
describe('Acme in the Notion emulator, in a browser', () => {
  let demo: RunningDemo;
  let browser: Browser;

  beforeAll(async () => {
    demo = await startDemo({ acmePort: 0, emulatorPort: 0, memory: true, logLevel: 'silent' });
    browser = await launchChromium();
  });
  afterAll(async () => {
    await browser?.close();
    await demo?.close();
  });

  async function newPage(person: 'ada' | 'ben'): Promise<Page> {
    const context = await browser.newContext({ viewport: { width: 1100, height: 900 } });
    const page = await context.newPage();
    await page.goto(`${demo.emulatorUrl}/?person=${person}`);
    return page;
  }

  async function pasteAndSignIn(page: Page, uri: string, user: 'alice' | 'bob'): Promise<void> {
    await page.getByLabel('Paste a link').fill(uri);
    await page.getByRole('button', { name: 'Paste', exact: true }).click();
    await page.waitForURL(/\/login\?next=/);
    await page.getByLabel('Username').fill(user);
    await page.getByLabel('Password').fill(user);
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.waitForURL(/\/notion\/authorize/);
    expect(await page.getByRole('heading').textContent()).toContain(
      'Notion wants to show previews of your Acme links',
    );
    expect(await page.getByTestId('scope').allTextContents()).toEqual(['unfurl']);
  }

  const preview = (page: Page, uri: string) => page.locator(`[data-testid="preview"][data-uri="${uri}"]`);

  it('alice pastes an Acme link, signs in, allows, and sees the preview, full and mention', async () => {
    const page = await newPage('ada');
    await pasteAndSignIn(page, 'https://acme.com/items/23487', 'alice');
    await page.getByRole('button', { name: 'Allow' }).click();
    await page.waitForURL(`${demo.emulatorUrl}/`);
    const item = preview(page, 'https://acme.com/items/23487');
    await expect.poll(() => item.getAttribute('data-state')).toBe('ready');
    expect(await item.getByTestId('preview-title').textContent()).toBe('Fix login bug');
    expect(await item.getByTestId('preview-full').textContent()).toContain('In progress');
    expect(await item.getByTestId('preview-mention').textContent()).toContain('Fix login bug');
    expect(await page.getByTestId('connection-name').allTextContents()).toEqual(['alice']);
    await item
      .getByTestId('preview-full')
      .screenshot({ path: await screenshotPath('acme-preview-full.png') });
    await item
      .getByTestId('preview-mention')
      .screenshot({ path: await screenshotPath('acme-preview-mention.png') });
    await page.screenshot({ path: await screenshotPath('acme-workspace.png') });
  });

  it('an edit in Acme updates the open page live', async () => {
    const page = await newPage('ada');
    const item = preview(page, 'https://acme.com/items/23487');
    await expect.poll(() => item.getAttribute('data-state')).toBe('ready');
    await demo.integration.items.put({
      ...demo.integration.items.get('23487')!,
      title: 'Fix login bug (edited)',
    });
    await demo.integration.changed('https://acme.com/items/23487');
    await expect
      .poll(() => item.getByTestId('preview-title').textContent(), { timeout: 10_000 })
      .toBe('Fix login bug (edited)');
  });

  it("shows the integration's error_description, as Notion does, when the person presses Deny", async () => {
    const page = await newPage('ben');
    await pasteAndSignIn(page, 'https://acme.com/items/42', 'bob');
    await page.getByRole('button', { name: 'Deny' }).click();
    await page.waitForURL(/\/externalIntegrationAuthCallback/);
    // Notion shows the description instead of its standard text (AUTHORIZE_ERROR_TEXT) when there is one.
    const shown = await page.getByTestId('auth-error').textContent();
    expect(shown).toBe('The person denied the request');
    expect(shown).not.toContain(AUTHORIZE_ERROR_TEXT.access_denied);
  });

  it("bob pasting alice's private item sees the 403 error card", async () => {
    const page = await newPage('ben');
    await pasteAndSignIn(page, 'https://acme.com/items/1', 'bob');
    await page.getByRole('button', { name: 'Allow' }).click();
    await page.waitForURL(`${demo.emulatorUrl}/`);
    const item = preview(page, 'https://acme.com/items/1');
    await expect.poll(() => item.getAttribute('data-state')).toBe('error');
    const card = await item.getByTestId('preview-error').textContent();
    expect(card).toContain('403');
    expect(await item.textContent()).not.toContain('Q3 launch plan');
  });

  it("Disconnect reaches Acme's deletion callback: alice's tokens die and her connection is forgotten", async () => {
    const page = await newPage('ada');
    const before = await demo.acme.store.previews.listOfUri('https://acme.com/items/23487');
    expect(before).toHaveLength(1);
    await page.getByRole('button', { name: 'Disconnect', exact: true }).click();
    await expect.poll(() => page.getByTestId('connection').count()).toBe(0);
    await demo.emulator.idle();
    const deletion = demo.emulator
      .traffic()
      .find(
        (entry) =>
          entry.direction === 'outbound' &&
          entry.method === 'DELETE' &&
          entry.url.endsWith('/notion/deletion'),
      );
    expect(deletion?.status).toBe(200);
    expect(await demo.acme.store.connections.find(before[0]!.connectionId)).toBeUndefined();
    expect(await demo.acme.store.previews.listOfUri('https://acme.com/items/23487')).toHaveLength(0);
  });

  it('"Not you? Sign out" on the consent page lets bob take over a browser where alice is signed in', async () => {
    // Ada's connection is gone (the test above): she pastes alice's private item in a browser signed in to
    // Acme as alice, notices the consent page names alice, signs out there and signs in as bob.
    const page = await newPage('ada');
    await page.goto(`${demo.acmeUrl}/login`);
    await page.getByLabel('Username').fill('alice');
    await page.getByLabel('Password').fill('alice');
    await page.getByRole('button', { name: 'Sign in' }).click();
    expect(await page.getByTestId('acme-user').textContent()).toBe('alice');
    await page.goto(`${demo.emulatorUrl}/?person=ada`);
    await page.getByLabel('Paste a link').fill('https://acme.com/items/1');
    await page.getByRole('button', { name: 'Paste', exact: true }).click();
    await page.waitForURL(/\/notion\/authorize/);
    expect(await page.getByTestId('account-name').textContent()).toBe('alice');
    await page.getByRole('button', { name: 'Sign out' }).click();
    await page.waitForURL(/\/login\?next=/);
    await page.getByLabel('Username').fill('bob');
    await page.getByLabel('Password').fill('bob');
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.waitForURL(/\/notion\/authorize/);
    expect(await page.getByTestId('account-name').textContent()).toBe('bob');
    await page.getByRole('button', { name: 'Allow' }).click();
    await page.waitForURL(`${demo.emulatorUrl}/`);
    const item = preview(page, 'https://acme.com/items/1');
    await expect.poll(() => item.getAttribute('data-state')).toBe('error');
    expect(await item.getByTestId('preview-error').textContent()).toContain('403');
    expect(await page.getByTestId('connection-name').allTextContents()).toEqual(['bob']);
  });
});
