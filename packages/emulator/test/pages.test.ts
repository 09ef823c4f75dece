import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { itemUri } from './fixtures/fixture-integration.js';
import { type Harness, jsonRequest, previews, startHarness } from './support/harness.js';

/** A browser without a browser: keeps cookies between requests. */
function cookieJar(base: string) {
  const cookies = new Map<string, string>();
  return {
    async request(path: string, init: { method?: string; form?: Record<string, string> } = {}) {
      const headers: Record<string, string> = {
        cookie: [...cookies].map(([k, v]) => `${k}=${v}`).join('; '),
      };
      if (init.form) headers['content-type'] = 'application/x-www-form-urlencoded';
      const response = await fetch(`${base}${path}`, {
        method: init.method ?? 'GET',
        headers,
        ...(init.form ? { body: new URLSearchParams(init.form).toString() } : {}),
        redirect: 'manual',
      });
      for (const line of response.headers.getSetCookie()) {
        const [pair] = line.split(';');
        const [name, ...value] = (pair ?? '').split('=');
        if (name) cookies.set(name.trim(), value.join('='));
      }
      return { status: response.status, headers: response.headers, text: await response.text() };
    },
  };
}

const csrfOf = (html: string) => /name="_csrf" value="([^"]+)"/.exec(html)?.[1] ?? '';

/** The HTML pages' contracts and defences: labels, headers, CSRF, the settings forms, the Lab API, SSE. */
describe('pages', () => {
  let harness: Harness;
  beforeEach(async () => {
    harness = await startHarness();
  });
  afterEach(() => harness.close());

  it('serves the workspace page with its contract and security headers', async () => {
    const jar = cookieJar(harness.emulator.url);
    const page = await jar.request('/');
    expect(page.status).toBe(200);
    expect(page.text).toContain('<label for="link">Paste a link<input type="text" id="link" name="link"');
    expect(page.text).toMatch(/<button type="submit" class="primary">Paste<\/button>/);
    expect(page.text).toContain('<h2 id="connections-heading">My connections</h2>');
    expect(page.text).toContain('>Ada</button>');
    expect(page.text).toContain('>Ben</button>');
    const csp = page.headers.get('content-security-policy') ?? '';
    expect(csp).toContain("script-src 'self'");
    expect(csp).toContain("frame-ancestors 'none'");
    expect(page.headers.get('x-frame-options')).toBe('SAMEORIGIN');
    expect(page.headers.get('set-cookie')).toMatch(/HttpOnly; SameSite=Lax/);
  });

  it('refuses form posts without the session’s CSRF token', async () => {
    const jar = cookieJar(harness.emulator.url);
    await jar.request('/');
    const forged = await jar.request('/paste', {
      method: 'POST',
      form: { link: itemUri(1), _csrf: 'forged' },
    });
    expect(forged.status).toBe(403);
    const other = cookieJar(harness.emulator.url);
    const otherPage = await other.request('/');
    const stolen = await jar.request('/paste', {
      method: 'POST',
      form: { link: itemUri(1), _csrf: csrfOf(otherPage.text) },
    });
    expect(stolen.status).toBe(403);
    expect((await jsonRequest(`${harness.emulator.url}/api/previews`)).body).toEqual({ previews: [] });
    // JSON endpoints refuse form bodies, which a cross-site form could send.
    const form = await fetch(`${harness.emulator.url}/api/paste`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: `uri=${encodeURIComponent(itemUri(1))}`,
    });
    expect(form.status).toBe(415);
  });

  it('pastes through the form, redirects to the Authorize URL, switches people with ?person=', async () => {
    const jar = cookieJar(harness.emulator.url);
    const page = await jar.request('/?person=ben');
    expect(page.text).toContain("Ben's page");
    const pasted = await jar.request('/paste', {
      method: 'POST',
      form: { link: itemUri(9), _csrf: csrfOf(page.text) },
    });
    expect(pasted.status).toBe(303);
    expect(pasted.headers.get('location')).toMatch(new RegExp(`^${harness.fixture.url}/notion/authorize\\?`));
    const [preview] = await previews(harness);
    expect(preview).toMatchObject({ person: 'ben', state: 'placeholder' });
    const after = await jar.request('/');
    expect(after.text).toContain('data-state="placeholder"');
    expect(after.text).toContain('Fixture item 9');
    // A link no rule matches is a plain link card, as in Notion (nothing fetched, no connect flow).
    const plain = await jar.request('/paste', {
      method: 'POST',
      form: { link: 'https://other.example/1', _csrf: csrfOf(page.text) },
    });
    expect(plain.status).toBe(303);
    expect(plain.headers.get('location')).toBe('/');
    const shown = (await jar.request('/')).text;
    expect(shown).toContain('data-uri="https://other.example/1" data-state="link"');
    expect(shown).toContain('data-testid="preview-link" href="https://other.example/1"');
  });

  it('saves the settings forms, and shows refusals', async () => {
    const jar = cookieJar(harness.emulator.url);
    const page = await jar.request('/settings');
    expect(page.text).toContain('External Authorization Setup');
    expect(page.text).toContain('Unfurling Domain &amp; Patterns');
    expect(page.text).toContain('fixture-notion-client-id');
    const current = harness.emulator.settings();
    const fields = {
      _csrf: csrfOf(page.text),
      name: 'Renamed',
      authorizeUrl: current.oauth.authorizeUrl,
      tokenUrl: current.oauth.tokenUrl,
      clientId: current.oauth.clientId,
      clientSecret: current.oauth.clientSecret,
      scopes: '',
      deletedTokenCallbackUrl: '',
      callbackUrl: current.unfurl.callbackUrl,
      domain: 'fixture.test',
      rules: JSON.stringify(current.unfurl.rules),
    };
    const saved = await jar.request('/settings', { method: 'POST', form: fields });
    expect(saved.status).toBe(303);
    expect(harness.emulator.settings()).toMatchObject({
      name: 'Renamed',
      notionClientId: 'fixture-notion-client-id',
    });
    expect(harness.emulator.settings().oauth.scopes).toBeUndefined();
    const refused = await jar.request('/settings', {
      method: 'POST',
      form: { ...fields, tokenUrl: 'not a url', rules: '[' },
    });
    expect(refused.status).toBe(400);
    expect(refused.text).toContain('data-testid="settings-errors"');
    expect(refused.text).toContain('not valid JSON');
    const json = await jar.request('/settings/json', {
      method: 'POST',
      form: { _csrf: csrfOf(page.text), settingsJson: JSON.stringify({ ...current, name: 'From JSON' }) },
    });
    expect(json.status).toBe(303);
    expect(harness.emulator.settings().name).toBe('From JSON');
  });

  it('answers the Lab as JSON', async () => {
    const report = await jsonRequest(`${harness.emulator.url}/lab.json`, {
      method: 'POST',
      body: { input: [{ id: 'title', name: 'Title', inline: { title: { value: 'x', section: 'title' } } }] },
    });
    expect(report.body).toMatchObject({ kind: 'attributes', ok: true });
    expect((report.body as { warnings: Array<{ code: string }> }).warnings.map((w) => w.code)).toEqual([
      'missing_type',
      'missing_dev',
    ]);
    const strict = await jsonRequest(`${harness.emulator.url}/lab.json`, {
      method: 'POST',
      body: {
        input: '{"uri":"https://a.example","operations":[{"path":["attributes"],"set":[]}]}',
        mode: 'send',
      },
    });
    expect(strict.body).toMatchObject({ kind: 'unfurl-object', ok: false });
    const notJson = await jsonRequest(`${harness.emulator.url}/lab.json`, {
      method: 'POST',
      body: { input: '{' },
    });
    expect(notJson.body).toMatchObject({ kind: 'not-json', ok: false });
  });

  it('answers Lab input nested 10,000 deep with a 4xx or a report, never a 500', async () => {
    const deep = `${'['.repeat(10_000)}${']'.repeat(10_000)}`;
    const asJson = await jsonRequest(`${harness.emulator.url}/lab.json`, {
      method: 'POST',
      body: `{"input":{"uri":"https://a.example","operations":${deep}}}`,
    });
    expect(asJson.status).toBe(400);
    expect(asJson.body).toMatchObject({
      error: 'invalid_request',
      message: expect.stringMatching(/nested deeper/),
    });
    const asText = await jsonRequest(`${harness.emulator.url}/lab.json`, {
      method: 'POST',
      body: { input: deep },
    });
    expect(asText.status).toBe(200);
    expect(asText.body).toMatchObject({ ok: false, errors: [{ code: 'too_deep' }] });
    const page = await cookieJar(harness.emulator.url).request('/lab', {
      method: 'POST',
      form: { input: deep },
    });
    expect(page.status).toBe(200);
  });

  it('streams a change event when a preview changes', async () => {
    const controller = new AbortController();
    const response = await fetch(`${harness.emulator.url}/events`, { signal: controller.signal });
    expect(response.headers.get('content-type')).toContain('text/event-stream');
    const reader = response.body!.getReader();
    await reader.read(); // the retry line
    await jsonRequest(`${harness.emulator.url}/api/paste`, { method: 'POST', body: { uri: itemUri(1) } });
    let received = '';
    for (let i = 0; i < 10 && !received.includes('event: change'); i++) {
      const { value } = await reader.read();
      received += new TextDecoder().decode(value);
    }
    expect(received).toContain('event: change');
    controller.abort();
  });
});
