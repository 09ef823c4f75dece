import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchChromium } from '../support/browser.js';
import { DOC_1, type RefdocsSetup, startRefdocs } from './support/refdocs-flows.js';

/**
 * The Python reference integration's pages in Debian's Chromium, as the conformance checker signs a person in:
 * the emulator's workspace → RefDocs' sign-in (username, password, "Sign in") → consent ("Allow") → back to
 * the workspace with the preview drawn. Its CSP and cookies must not get in a real browser's way.
 */
describe('the Python reference integration in a browser', () => {
  let setup: RefdocsSetup;
  let browser: Browser;

  beforeAll(async () => {
    setup = await startRefdocs();
    browser = await launchChromium();
  });
  afterAll(async () => {
    await browser?.close();
    await setup?.close();
  });

  it('signs in, allows, and shows the preview', async () => {
    const context = await browser.newContext();
    const page = await context.newPage();
    await page.goto(setup.emulator.url);
    await page.getByLabel('Paste a link').fill(DOC_1);
    await page.getByRole('button', { name: 'Paste', exact: true }).click();
    await page.waitForURL(/\/login\?request=/);
    await page.locator('input[name="username"]').fill('alice');
    await page.locator('input[type="password"][name="password"]').fill('alice-password');
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.waitForURL(/\/consent\?request=/);
    expect(await page.textContent('body')).toContain('Alice (RefDocs)');
    await page.getByRole('button', { name: 'Allow' }).click();
    await page.waitForURL(`${setup.emulator.url}/`);
    const preview = page.locator(`[data-testid="preview"][data-uri="${DOC_1}"]`);
    await expect.poll(() => preview.getAttribute('data-state')).toBe('ready');
    expect(await preview.getByTestId('preview-title').textContent()).toBe('Quarterly plan');
    await context.close();
  });
});
