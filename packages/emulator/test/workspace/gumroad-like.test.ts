import { afterEach, describe, expect, it } from 'vitest';
import { type EmulatorOptions, type RunningEmulator, startEmulator } from '../../src/index.js';
import { type GumroadLike, gumroadUri, startGumroadLike } from '../fixtures/gumroad-like-integration.js';
import { jsonRequest, type PreviewJson } from '../support/harness.js';

interface ConnectionJson {
  id: string;
  externalName: string;
  exchanged: boolean;
  pending: boolean;
  warnings: string[];
}

/**
 * Issue 9: an integration written like Gumroad's, against the emulator as a new user would try it. Notion
 * answers it (with warnings shown to its developer); `--strict` refuses it for the same reasons.
 */
describe('a Gumroad-like integration', () => {
  let emulator: RunningEmulator;
  let integration: GumroadLike;
  afterEach(async () => {
    await emulator.close();
    await integration.close();
  });

  async function start(options: { strict?: boolean; notionVersion?: string; notionSecret?: string } = {}) {
    integration = await startGumroadLike(
      options.notionVersion ? { notionVersion: options.notionVersion } : {},
    );
    const emulatorOptions: EmulatorOptions = {
      port: 0,
      storage: 'memory',
      logger: false,
      settings: {
        ...integration.settings(),
        ...(options.notionSecret ? { notionClientSecret: options.notionSecret } : {}),
      },
      strict: options.strict ?? false,
    };
    emulator = await startEmulator(emulatorOptions);
    integration.setEmulatorUrl(emulator.url);
  }

  /** The browser's part: the Authorize URL (the consent page), a decision, and back to Notion's callback. */
  async function consent(authorizeUrl: string, decision: 'allow' | 'deny') {
    const page = await fetch(authorizeUrl);
    const html = await page.text();
    const form = new URLSearchParams({ decision });
    for (const [, name, value] of html.matchAll(/name="(redirect_uri|state)" value="([^"]*)"/g))
      form.set(name!, value!);
    const decided = await fetch(`${integration.url}/oauth/authorize`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: form.toString(),
      redirect: 'manual',
    });
    const callback = await fetch(decided.headers.get('location')!, { redirect: 'manual' });
    return { status: callback.status, body: await callback.text() };
  }

  async function connect(decision: 'allow' | 'deny' = 'allow') {
    const started = await jsonRequest(`${emulator.url}/api/connect`, { method: 'POST', body: {} });
    return consent((started.body as { authorizeUrl: string }).authorizeUrl, decision);
  }

  const connections = async () =>
    ((await jsonRequest(`${emulator.url}/api/connections`)).body as { connections: ConnectionJson[] })
      .connections;

  async function show(id: string): Promise<PreviewJson> {
    await jsonRequest(`${emulator.url}/api/paste`, { method: 'POST', body: { uri: gumroadUri(id) } });
    const refreshed = await jsonRequest(`${emulator.url}/api/refresh`, { method: 'POST', body: {} });
    return (refreshed.body as { previews: PreviewJson[] }).previews.find((p) => p.uri === gumroadUri(id))!;
  }

  const authError = (text: string) => /data-testid="auth-error"[^>]*>([^<]*)</.exec(text)?.[1];
  const detail = (text: string) => /data-testid="auth-error-detail"[^>]*>([^<]*)</.exec(text)?.[1] ?? '';

  it('connects once across three reconnects, unfurls with warnings and PATCHes with its Notion token', async () => {
    await start();
    for (let round = 0; round < 4; round++) expect((await connect()).status).toBe(303);
    expect(integration.exchangeStatuses).toEqual([200, 200, 200, 200]);
    const [connection, ...others] = await connections();
    expect(others).toEqual([]);
    expect(connection).toMatchObject({
      externalName: 'sahil@gumroadish.test',
      exchanged: true,
      pending: false,
    });
    expect(connection?.warnings.join('\n')).toMatch(
      /POST \/v1\/oauth\/token was called without a Notion-Version header/,
    );

    const product = await show('7');
    expect(product.state).toBe('ready');
    const warnings = product.warnings.join('\n');
    expect(warnings).toMatch(/"type" is missing/);
    expect(warnings).toMatch(/"dev"/);
    const missing = await show('missing');
    expect(missing).toMatchObject({ state: 'error', error: { status: 404, message: 'Product not found' } });
    expect(missing.warnings[0]).toMatch(/HTTP 404/);

    const pushed = await integration.pushTitle(gumroadUri('7'), 'Product 7, on sale');
    expect(pushed).toEqual({ status: 200, body: { object: 'external_object', uri: gumroadUri('7') } });
    const previews = (await jsonRequest(`${emulator.url}/api/previews`)).body as { previews: PreviewJson[] };
    const updated = previews.previews.find((p) => p.uri === gumroadUri('7'));
    expect(updated?.attributes?.[0]).toMatchObject({ inline: { title: { value: 'Product 7, on sale' } } });
    expect(updated?.warnings.join('\n')).toMatch(/"type" is missing/);

    const page = await (await fetch(`${emulator.url}/`)).text();
    expect(page).toContain('data-testid="connection-warnings"');
    expect(page).toContain('without a Notion-Version header');
    const removed = await jsonRequest(`${emulator.url}/api/previews/${product.id}`, { method: 'DELETE' });
    expect(removed.body).toEqual({ deleted: true, notified: true });
  });

  it('--strict refuses it for the same reasons: the exchange, then each answer and PATCH', async () => {
    await start({ strict: true });
    const refused = await connect();
    expect(refused.status).toBe(400);
    expect(authError(refused.body)).toBe('The integration did not complete the connection.');
    expect(detail(refused.body)).toContain('POST /v1/oauth/token was refused: 400 missing_version');
    expect(await connections()).toEqual([]);
    await emulator.close();
    await integration.close();

    // With the header it connects; what is otherwise a warning is now the refusal.
    await start({ strict: true, notionVersion: '2022-06-28' });
    expect((await connect()).status).toBe(303);
    const product = await show('7');
    expect(product.state).toBe('failed');
    expect(product.failure?.detail).toMatch(/error \$\.operations\[0\]\.set\[0\]\.type: "type" is missing/);
    expect(product.failure?.detail).toMatch(/error \$\.operations\[0\]\.set: a set needs a "dev" attribute/);
    const missing = await show('missing');
    expect(missing.failure).toMatchObject({
      title: 'The Unfurl Callback answered HTTP 404',
      httpStatus: 404,
    });
    const pushed = await integration.pushTitle(gumroadUri('7'), 'x');
    expect(pushed.status).toBe(400);
    expect(pushed.body).toMatchObject({
      code: 'validation_error',
      message: expect.stringMatching(/"type" is missing/),
    });
  });

  it('Deny after the early exchange leaves no connection, and shows the integration’s description', async () => {
    await start();
    const denied = await connect('deny');
    expect(integration.exchangeStatuses).toEqual([200]);
    expect(denied.status).toBe(400);
    expect(authError(denied.body)).toBe('The resource owner or authorization server denied the request.');
    expect(await connections()).toEqual([]);
    const page = await (await fetch(`${emulator.url}/`)).text();
    expect(page).toContain('data-testid="no-connections"');
    // The token Notion issued for that half connection is gone with it.
    expect((await integration.pushTitle(gumroadUri('1'), 'x')).status).toBe(401);
  });

  it('says which call was refused and why when the exchange failed and the integration went on', async () => {
    await start({ notionSecret: 'rotated-secret' });
    expect((await connect()).status).toBe(303);
    expect(integration.exchangeStatuses).toEqual([401]);
    const [connection] = await connections();
    expect(connection).toMatchObject({ exchanged: false, pending: false });
    expect(connection?.warnings).toEqual([
      "The integration's exchange of Notion's code failed: POST /v1/oauth/token was refused: 401 invalid_client: Invalid client credentials. So it has no Notion token and cannot push updates (PATCH /v1/external/object).",
    ]);
  });
});
