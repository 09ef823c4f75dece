import { existsSync } from 'node:fs';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { itemUri } from '../fixtures/fixture-integration.js';
import { launchChromium, screenshotPath } from '../support/browser.js';
import { type Harness, jsonRequest, startHarness } from '../support/harness.js';

/**
 * The emulator's pages driven as a person would, in Debian's Chromium, against the fixture integration:
 * paste → consent → preview (full and mention), live PATCH, markup rendered as text, error operations,
 * delete, disconnect, Deny, the Lab and the settings form.
 */
describe('the workspace in a browser', () => {
  let harness: Harness;
  let browser: Browser;
  let context: BrowserContext;
  let page: Page;

  beforeAll(async () => {
    harness = await startHarness();
    browser = await launchChromium();
    context = await browser.newContext({ viewport: { width: 1100, height: 900 } });
    page = await context.newPage();
  });
  afterAll(async () => {
    await browser?.close();
    await harness?.close();
  });

  const preview = (uri: string) => page.locator(`[data-testid="preview"][data-uri="${uri}"]`);

  async function paste(uri: string) {
    await page.getByLabel('Paste a link').fill(uri);
    await page.getByRole('button', { name: 'Paste', exact: true }).click();
  }

  it('connects on the first paste and renders the preview, full and mention', async () => {
    await page.goto(harness.emulator.url);
    await expect
      .poll(() => page.getByRole('button', { name: 'Ada' }).getAttribute('aria-pressed'))
      .toBe('true');
    await paste(itemUri(42));
    await page.waitForURL(/\/notion\/authorize/);
    await page.getByRole('button', { name: 'Allow' }).click();
    await page.waitForURL(`${harness.emulator.url}/`);
    const item = preview(itemUri(42));
    await expect.poll(() => item.getAttribute('data-state')).toBe('ready');
    expect(await item.getByTestId('preview-title').textContent()).toBe('Item 42');
    expect(await item.getByTestId('preview-mention').textContent()).toContain('Item 42');
    expect(await page.getByTestId('connection-name').allTextContents()).toEqual(['Fixture User']);
    await item
      .getByTestId('preview-full')
      .screenshot({ path: await screenshotPath('emulator-preview-full.png') });
    await item
      .getByTestId('preview-mention')
      .screenshot({ path: await screenshotPath('emulator-preview-mention.png') });
    expect(existsSync(await screenshotPath('emulator-preview-full.png'))).toBe(true);
  });

  it('updates the open page live when a PATCH arrives', async () => {
    const token = harness.fixture.notionTokens.get('fixture-user-1')!;
    const answer = await jsonRequest(`${harness.emulator.url}/v1/external/object`, {
      method: 'PATCH',
      headers: { authorization: `Bearer ${token}`, 'notion-version': '2022-06-28' },
      body: {
        uri: itemUri(42),
        operations: [
          {
            path: ['attributes'],
            set: [
              {
                id: 'title',
                name: 'Title',
                type: 'inline',
                inline: { title: { value: 'Patched live', section: 'title' } },
              },
              {
                id: 'dev',
                name: 'Dev',
                type: 'inline',
                inline: { plain_text: { value: 'Fixture Inc', section: 'secondary' } },
              },
            ],
          },
        ],
      },
    });
    expect(answer.status).toBe(200);
    await expect
      .poll(() => preview(itemUri(42)).getByTestId('preview-title').textContent())
      .toBe('Patched live');
  });

  it('renders the integration’s markup as text', async () => {
    await paste(itemUri('script'));
    const item = preview(itemUri('script'));
    await expect.poll(() => item.getAttribute('data-state')).toBe('ready');
    expect(await item.getByTestId('preview-title').textContent()).toBe('<script>window.__xss = 1</script>');
    expect(await page.evaluate(() => (globalThis as { __xss?: number }).__xss)).toBeUndefined();
  });

  it('shows an error operation with its status', async () => {
    await paste(itemUri('forbidden'));
    const item = preview(itemUri('forbidden'));
    await expect.poll(() => item.getAttribute('data-state')).toBe('error');
    expect(await item.getByTestId('preview-error').textContent()).toContain('403');
    expect(await item.getByTestId('preview-error').textContent()).toContain('You cannot see this item');
    await page.screenshot({ path: await screenshotPath('emulator-workspace.png'), fullPage: true });
  });

  it('sends DELETE when the last preview of a uri is deleted', async () => {
    await preview(itemUri('forbidden')).getByRole('button', { name: 'Delete' }).click();
    await expect.poll(() => preview(itemUri('forbidden')).count()).toBe(0);
    expect(harness.fixture.calls.some((c) => c.method === 'DELETE' && c.path === '/unfurl')).toBe(true);
  });

  it('disconnects from "My connections"', async () => {
    await page.getByRole('button', { name: 'Disconnect' }).click();
    await expect.poll(() => page.getByTestId('connection-name').count()).toBe(0);
    expect(harness.fixture.calls.some((c) => c.method === 'DELETE' && c.path === '/notion/deletion')).toBe(
      true,
    );
    await expect.poll(() => preview(itemUri(42)).getAttribute('data-state')).toBe('placeholder');
  });

  it('shows Notion’s text when the person denies', async () => {
    await page.getByRole('button', { name: 'Ben' }).click();
    await expect
      .poll(() => page.getByRole('button', { name: 'Ben' }).getAttribute('aria-pressed'))
      .toBe('true');
    await paste(itemUri(7));
    await page.waitForURL(/\/notion\/authorize/);
    await page.getByRole('button', { name: 'Deny' }).click();
    await page.waitForURL(/externalIntegrationAuthCallback/);
    expect(await page.getByTestId('auth-error').textContent()).toBe(
      'You denied the request to connect your account.',
    );
    await page.getByRole('link', { name: 'Back to the workspace' }).click();
    await expect.poll(() => preview(itemUri(7)).getAttribute('data-state')).toBe('placeholder');
  });

  it('checks and renders JSON in the Link Preview Lab', async () => {
    await page.goto(`${harness.emulator.url}/lab`);
    await page.getByRole('button', { name: 'Check' }).click();
    expect(await page.getByTestId('lab-status').textContent()).toContain('Valid {uri, operations} message');
    expect(await page.getByTestId('lab-preview').getByTestId('preview-title').textContent()).toBe(
      'Fix login bug',
    );
    await page.getByTestId('lab-preview').screenshot({ path: await screenshotPath('emulator-lab.png') });
    await page
      .getByLabel('Response or attribute JSON')
      .fill('[{"id":"title","name":"T","inline":{"title":{"value":"x","section":"body"}}}]');
    await page.getByRole('button', { name: 'Check' }).click();
    expect(await page.getByTestId('lab-errors').textContent()).toContain('cannot go in section "body"');
    await page.screenshot({ path: await screenshotPath('emulator-lab-page.png'), fullPage: true });
  });

  it('refuses, on the settings page, a pattern that matches none of its samples', async () => {
    await page.goto(`${harness.emulator.url}/settings`);
    const rules = page.getByLabel(/URL matching rules/);
    await rules.fill(
      JSON.stringify([
        {
          name: 'item',
          pattern: '^https:\\/\\/fixture\\.test\\/items\\/(?<id>\\d+)$',
          samples: ['https://fixture.test/other/1'],
        },
      ]),
    );
    await page.getByRole('button', { name: 'Save settings' }).click();
    expect(await page.getByTestId('settings-errors').textContent()).toContain(
      'pattern matches none of its sample URLs',
    );
    expect(harness.emulator.settings().unfurl.rules[0]?.samples).toEqual(['https://fixture.test/items/1']);
  });
});
