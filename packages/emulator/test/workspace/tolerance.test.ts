import { type AddressInfo, createServer } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { itemUri } from '../fixtures/fixture-integration.js';
import {
  connectOverHttp,
  type Harness,
  jsonRequest,
  previews,
  refresh,
  startHarness,
  titleOf,
} from '../support/harness.js';

/** SPEC §7.5 and the item 6: real-world integrations render with warnings; broken answers give cards. */
describe('tolerance', () => {
  let harness: Harness;
  afterEach(() => harness.close());

  async function showOne(id: string) {
    await jsonRequest(`${harness.emulator.url}/api/paste`, { method: 'POST', body: { uri: itemUri(id) } });
    const shown = await refresh(harness);
    return shown.find((p) => p.uri === itemUri(id))!;
  }

  it('renders a Gumroad-style integration (no dev, no type, 404 + error operation, DELETE body ignored)', async () => {
    harness = await startHarness({ fixture: { variant: 'gumroad' } });
    await connectOverHttp(harness, { uri: itemUri(1) });
    const [item] = await refresh(harness);
    expect(item?.state).toBe('ready');
    expect(titleOf(item)).toBe('Item 1');
    expect(item?.warnings.join('\n')).toMatch(/"type" is missing/);
    expect(item?.warnings.join('\n')).toMatch(/"dev"/);

    const missing = await showOne('missing');
    expect(missing).toMatchObject({ state: 'error', error: { status: 404, message: 'Content not found' } });
    expect(missing.warnings[0]).toMatch(/HTTP 404/);

    const removed = await jsonRequest(`${harness.emulator.url}/api/previews/${item?.id}`, {
      method: 'DELETE',
    });
    expect(removed.body).toEqual({ deleted: true, notified: true });
  });

  it('shows a clear failure card for HTTP 500, non-JSON, wrong shapes and timeouts', async () => {
    harness = await startHarness({ fixture: { slowMs: 1_500 }, emulator: { outboundTimeoutMs: 300 } });
    await connectOverHttp(harness, { uri: itemUri(1) });
    expect(await showOne('crash')).toMatchObject({
      state: 'failed',
      failure: { title: 'The Unfurl Callback answered HTTP 500', httpStatus: 500 },
    });
    const notJson = await showOne('notjson');
    expect(notJson.failure?.title).toMatch(/not JSON/);
    expect(notJson.failure?.detail).toContain('text/html');
    const wrongShape = await showOne('wrongshape');
    expect(wrongShape.failure?.title).toMatch(/breaks the protocol/);
    expect(wrongShape.failure?.detail).toMatch(/\$\.uri/);
    const slow = await showOne('slow');
    expect(slow.failure?.title).toMatch(/timed out/);
    expect(slow.failure?.detail).toMatch(/300 ms/);
    // The card names the URL that timed out (the Unfurl Callback), and the link only as what was asked.
    expect(slow.failure?.detail).toBe(
      `POST ${harness.fixture.url}/unfurl (asking about ${itemUri('slow')}): no answer within 300 ms`,
    );
    // The emulator is still fine.
    expect((await jsonRequest(`${harness.emulator.url}/api/previews`)).status).toBe(200);
    expect(titleOf(await showOne('2'))).toBe('Item 2');
  });

  it('renders the error operation of a 403', async () => {
    harness = await startHarness();
    await connectOverHttp(harness, { uri: itemUri('forbidden') });
    const [preview] = await refresh(harness);
    expect(preview).toMatchObject({
      state: 'error',
      error: { status: 403, message: 'You cannot see this item' },
    });
  });

  it('shows a failure card when the integration cannot be reached at all', async () => {
    harness = await startHarness();
    await connectOverHttp(harness, { uri: itemUri(1) });
    const settings = harness.emulator.settings();
    const closedPort = await new Promise<number>((resolve) => {
      const server = createServer().listen(0, '127.0.0.1', () => {
        const { port } = server.address() as AddressInfo;
        server.close(() => resolve(port));
      });
    });
    await harness.emulator.setSettings({
      ...settings,
      unfurl: { ...settings.unfurl, callbackUrl: `http://127.0.0.1:${closedPort}/unfurl` },
    });
    const [preview] = await refresh(harness);
    expect(preview?.state).toBe('failed');
    expect(preview?.failure?.title).toMatch(/could not be reached/);
    expect(preview?.failure?.detail).toMatch(/ECONNREFUSED/);
    expect((await previews(harness))[0]?.state).toBe('failed');
  });
});
