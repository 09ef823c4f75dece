import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type RunningEmulator, startEmulator } from '../../src/index.js';
import type { EmulatorSettings } from '../../src/settings/settings-schema.js';
import { type Harness, jsonRequest, startHarness } from '../support/harness.js';

/**
 * Whoever reaches the emulator sees the settings page and `GET /api/settings`: both client secrets are masked
 * there, shown on request (`?reveal=1`, the "Reveal secrets" button), and a masked secret sent back keeps the
 * secret in force, so the forms and a GET-edit-PUT round trip go on working.
 */
let harness: Harness;
let secrets: string[];
beforeAll(async () => {
  harness = await startHarness();
  const settings = harness.emulator.settings();
  secrets = [settings.notionClientSecret, settings.oauth.clientSecret];
});
afterAll(() => harness.close());

const url = (path: string) => `${harness.emulator.url}${path}`;
const csrfOf = (html: string) => /name="_csrf" value="([^"]+)"/.exec(html)?.[1] ?? '';
const cookieOf = (response: Response) =>
  response.headers
    .getSetCookie()
    .map((line) => line.split(';')[0])
    .join('; ');

describe('client secrets on /api/settings', () => {
  it('are masked, and shown with ?reveal=1', async () => {
    const masked = await jsonRequest(url('/api/settings'));
    for (const secret of secrets) expect(masked.text).not.toContain(secret);
    const shown = (masked.body as { settings: EmulatorSettings }).settings;
    expect(shown.oauth.clientSecret).toMatch(/^•{8}/);
    expect(shown.notionClientSecret).toMatch(/^•{8}/);
    const revealed = await jsonRequest(url('/api/settings?reveal=1'));
    for (const secret of secrets) expect(revealed.text).toContain(secret);
  });

  it('keeps the secrets in force when the masked settings are PUT back', async () => {
    const shown = ((await jsonRequest(url('/api/settings'))).body as { settings: EmulatorSettings }).settings;
    const put = await jsonRequest(url('/api/settings'), {
      method: 'PUT',
      body: { ...shown, name: 'Renamed' },
    });
    expect(put.status).toBe(200);
    for (const secret of secrets) expect(put.text).not.toContain(secret);
    const now = harness.emulator.settings();
    expect(now.name).toBe('Renamed');
    expect([now.notionClientSecret, now.oauth.clientSecret]).toEqual(secrets);
  });
});

describe('client secrets on /settings', () => {
  it('are masked on the page, with a button that reveals them', async () => {
    const page = await (await fetch(url('/settings'))).text();
    for (const secret of secrets) expect(page).not.toContain(secret);
    expect(page).toContain('data-testid="reveal-secrets"');
    const revealed = await (await fetch(url('/settings?reveal=1'))).text();
    for (const secret of secrets) expect(revealed).toContain(secret);
    expect(revealed).toContain('data-testid="hide-secrets"');
  });

  it('saves the forms as shown, masks included, keeping the secrets', async () => {
    const response = await fetch(url('/settings'));
    const cookie = cookieOf(response);
    const page = await response.text();
    const value = (name: string) => new RegExp(`name="${name}" value="([^"]*)"`).exec(page)?.[1] ?? '';
    const current = harness.emulator.settings();
    const form = {
      _csrf: csrfOf(page),
      name: 'From the form',
      authorizeUrl: value('authorizeUrl'),
      tokenUrl: value('tokenUrl'),
      clientId: value('clientId'),
      clientSecret: value('clientSecret'),
      callbackUrl: value('callbackUrl'),
      domain: value('domain'),
      rules: JSON.stringify(current.unfurl.rules),
    };
    expect(form.clientSecret).toMatch(/^•{8}/);
    const saved = await fetch(url('/settings'), {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded', cookie },
      body: new URLSearchParams(form).toString(),
      redirect: 'manual',
    });
    expect(saved.status).toBe(303);
    const now = harness.emulator.settings();
    expect(now.name).toBe('From the form');
    expect([now.notionClientSecret, now.oauth.clientSecret]).toEqual(secrets);
    const json = /<textarea name="settingsJson"[^>]*>([^<]*)</.exec(page)?.[1] ?? '';
    const entities: Record<string, string> = {
      '&quot;': '"',
      '&#39;': "'",
      '&lt;': '<',
      '&gt;': '>',
      '&#96;': '`',
    };
    const unescaped = json
      .replace(/&quot;|&#39;|&lt;|&gt;|&#96;/g, (entity) => entities[entity]!)
      .replace(/&amp;/g, '&');
    const decoded = JSON.parse(unescaped) as EmulatorSettings;
    expect(decoded.oauth.clientSecret).toMatch(/^•{8}/);
    const savedJson = await fetch(url('/settings/json'), {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded', cookie },
      body: new URLSearchParams({
        _csrf: csrfOf(page),
        settingsJson: JSON.stringify({ ...decoded, name: 'From JSON' }),
      }),
      redirect: 'manual',
    });
    expect(savedJson.status).toBe(303);
    expect(harness.emulator.settings().name).toBe('From JSON');
    expect([
      harness.emulator.settings().notionClientSecret,
      harness.emulator.settings().oauth.clientSecret,
    ]).toEqual(secrets);
  });
});

describe('before any settings', () => {
  let bare: RunningEmulator;
  beforeAll(async () => {
    bare = await startEmulator({ port: 0, logger: false });
  });
  afterAll(() => bare.close());

  it("masks Notion's client secret in the not_configured answer too", async () => {
    const secret = bare.notionCredentials().clientSecret;
    const answer = await jsonRequest(`${bare.url}/api/settings`);
    expect(answer.status).toBe(404);
    expect(answer.text).not.toContain(secret);
    expect((await jsonRequest(`${bare.url}/api/settings?reveal=1`)).text).toContain(secret);
  });
});
