import { afterEach, describe, expect, it } from 'vitest';
import { itemUri } from '../fixtures/fixture-integration.js';
import {
  completeConsent,
  connectOverHttp,
  type Harness,
  jsonRequest,
  manualClock,
  previews,
  refresh,
  startHarness,
  titleOf,
} from '../support/harness.js';

/** The workspace flows of SPEC §6 over HTTP: connect, unfurl, refresh, token refresh, delete, disconnect. */
describe('workspace flows', () => {
  let harness: Harness;
  afterEach(() => harness.close());

  const calls = (method: string, path: string) =>
    harness.fixture.calls.filter((c) => c.method === method && c.path === path);

  it('shows placeholders at once, then connects and renders the unfurl answer', async () => {
    harness = await startHarness();
    const pasted = await jsonRequest(`${harness.emulator.url}/api/paste`, {
      method: 'POST',
      body: { uri: itemUri(42) },
    });
    expect(pasted.status).toBe(200);
    const [waiting] = await previews(harness, 'ada');
    expect(waiting).toMatchObject({ state: 'placeholder', connectionId: null, uri: itemUri(42) });
    expect(JSON.stringify(waiting?.placeholder)).toContain('Fixture item 42');

    const { callbackStatus, authorizeUrl } = await connectOverHttp(harness, { uri: itemUri(42) });
    expect(authorizeUrl.searchParams.get('client_id')).toBe('fixture-client');
    expect(callbackStatus).toBe(303);
    // The Token URL got the form-encoded exchange with the client credentials and Notion's redirect_uri.
    const [exchange] = calls('POST', '/notion/token');
    expect(exchange?.body).toMatchObject({
      grant_type: 'authorization_code',
      client_id: 'fixture-client',
      client_secret: 'fixture-secret',
      redirect_uri: `${harness.emulator.url}/externalIntegrationAuthCallback`,
    });

    const shown = await refresh(harness);
    expect(shown).toHaveLength(2);
    expect(shown.every((p) => p.state === 'ready')).toBe(true);
    expect(titleOf(shown[0])).toBe('Item 42');
    const [unfurl] = calls('POST', '/unfurl');
    expect(unfurl?.authorization).toMatch(/^Bearer fxat_/);
    expect(unfurl?.body).toEqual({ uri: itemUri(42) });
  });

  it('re-POSTs on every visit (refresh), once per uri and connection', async () => {
    harness = await startHarness();
    await connectOverHttp(harness, { uri: itemUri(1) });
    await jsonRequest(`${harness.emulator.url}/api/paste`, { method: 'POST', body: { uri: itemUri(1) } });
    await refresh(harness);
    expect(calls('POST', '/unfurl')).toHaveLength(1);
    harness.fixture.setTitlePrefix('Changed');
    const page = await fetch(`${harness.emulator.url}/?person=ada`);
    expect(page.status).toBe(200);
    await harness.emulator.idle();
    expect(calls('POST', '/unfurl')).toHaveLength(2);
    expect(titleOf((await previews(harness))[0])).toBe('Changed 1');
  });

  it('refreshes the integration token when expires_in has passed, and after a 401', async () => {
    const clock = manualClock();
    harness = await startHarness({ fixture: { expiresIn: 3600 }, emulator: { clock: clock.now } });
    await connectOverHttp(harness, { uri: itemUri(1) });
    await refresh(harness);
    expect(calls('POST', '/notion/token')).toHaveLength(1);

    clock.advance(3600 * 1000);
    const shown = await refresh(harness);
    expect(shown[0]?.state).toBe('ready');
    const tokenCalls = calls('POST', '/notion/token');
    expect(tokenCalls).toHaveLength(2);
    expect(tokenCalls[1]?.body).toMatchObject({ grant_type: 'refresh_token', client_id: 'fixture-client' });

    // The integration revokes early: a 401 leads to one refresh and a retry.
    harness.fixture.revokeAccessTokens();
    const again = await refresh(harness);
    expect(again[0]?.state).toBe('ready');
    expect(calls('POST', '/notion/token')).toHaveLength(3);
  });

  it('shows a failure card when the token is refused and cannot be refreshed', async () => {
    harness = await startHarness();
    await connectOverHttp(harness, { uri: itemUri(1) });
    harness.fixture.revokeAccessTokens();
    const [preview] = await refresh(harness);
    expect(preview).toMatchObject({ state: 'failed', failure: { httpStatus: 401 } });
  });

  it('sends DELETE with the uri when the last preview of it is removed', async () => {
    harness = await startHarness();
    await connectOverHttp(harness, { uri: itemUri(5) });
    await jsonRequest(`${harness.emulator.url}/api/paste`, { method: 'POST', body: { uri: itemUri(5) } });
    const [first, second] = await refresh(harness);
    const removedOne = await jsonRequest(`${harness.emulator.url}/api/previews/${first?.id}`, {
      method: 'DELETE',
    });
    expect(removedOne.body).toEqual({ deleted: true, notified: false });
    expect(calls('DELETE', '/unfurl')).toHaveLength(0);
    const removedLast = await jsonRequest(`${harness.emulator.url}/api/previews/${second?.id}`, {
      method: 'DELETE',
    });
    expect(removedLast.body).toEqual({ deleted: true, notified: true });
    const [deletion] = calls('DELETE', '/unfurl');
    expect(deletion?.body).toEqual({ uri: itemUri(5) });
    expect(deletion?.authorization).toMatch(/^Bearer fxat_/);
  });

  it('disconnects with DELETE to the Deleted Token Callback and forgets the connection', async () => {
    harness = await startHarness();
    await connectOverHttp(harness, { uri: itemUri(5) });
    await refresh(harness);
    const { connections } = (await jsonRequest(`${harness.emulator.url}/api/connections`)).body as {
      connections: Array<{ id: string; botId: string }>;
    };
    const answer = await jsonRequest(`${harness.emulator.url}/api/connections/${connections[0]?.id}`, {
      method: 'DELETE',
    });
    expect(answer.body).toEqual({ disconnected: true, notified: true });
    const [deletion] = calls('DELETE', '/notion/deletion');
    expect(deletion?.authorization).toMatch(/^Bearer fxat_/);
    expect(deletion?.body).toMatchObject({
      bot_id: connections[0]?.botId,
      user_id: expect.any(String),
      workspace_id: expect.any(String),
    });
    expect(
      ((await jsonRequest(`${harness.emulator.url}/api/connections`)).body as { connections: unknown[] })
        .connections,
    ).toEqual([]);
    expect((await previews(harness))[0]).toMatchObject({ state: 'placeholder', connectionId: null });
  });

  it('keeps each person their own connections and previews', async () => {
    harness = await startHarness();
    await connectOverHttp(harness, { uri: itemUri(1), person: 'ada' });
    harness.fixture.account = { key: 'fixture-user-2', name: 'Second User' };
    await connectOverHttp(harness, { uri: itemUri(2), person: 'ben' });
    const ada = (await jsonRequest(`${harness.emulator.url}/api/connections?person=ada`)).body as {
      connections: Array<{ externalName: string }>;
    };
    const ben = (await jsonRequest(`${harness.emulator.url}/api/connections?person=ben`)).body as {
      connections: Array<{ externalName: string }>;
    };
    expect(ada.connections.map((c) => c.externalName)).toEqual(['Fixture User']);
    expect(ben.connections.map((c) => c.externalName)).toEqual(['Second User']);
    expect((await previews(harness, 'ben')).map((p) => p.uri)).toEqual([itemUri(2)]);
  });

  it('reconnecting the same account keeps one connection', async () => {
    harness = await startHarness();
    await connectOverHttp(harness, { uri: itemUri(1) });
    const started = await jsonRequest(`${harness.emulator.url}/api/connect`, {
      method: 'POST',
      body: { person: 'ada' },
    });
    const again = await completeConsent(
      harness,
      new URL((started.body as { authorizeUrl: string }).authorizeUrl),
      'allow',
    );
    expect(again.status).toBe(303);
    const { connections } = (await jsonRequest(`${harness.emulator.url}/api/connections?person=ada`))
      .body as { connections: unknown[] };
    expect(connections).toHaveLength(1);
    expect((await refresh(harness))[0]?.state).toBe('ready');
  });

  it('shows a link no rule matches as a plain link (nothing fetched), and refuses non-links', async () => {
    harness = await startHarness();
    const other = await jsonRequest(`${harness.emulator.url}/api/paste`, {
      method: 'POST',
      body: { uri: 'https://example.com/x' },
    });
    expect(other.status).toBe(200);
    expect(other.body).toMatchObject({
      preview: { integrationId: null, connectionId: null },
      authorizeUrl: null,
    });
    await harness.emulator.idle();
    expect(await refresh(harness)).toMatchObject([
      { uri: 'https://example.com/x', state: 'link', integrationId: null },
    ]);
    expect(harness.emulator.traffic().filter((e) => e.url.includes('example.com'))).toEqual([]);
    const notALink = await jsonRequest(`${harness.emulator.url}/api/paste`, {
      method: 'POST',
      body: { uri: 'javascript:alert(1)' },
    });
    expect(notALink.status).toBe(400);
  });
});
