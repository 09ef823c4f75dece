import { APIErrorCode, Client } from '@notionhq/client';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import {
  FIXTURE_NOTION_CLIENT_ID,
  FIXTURE_NOTION_CLIENT_SECRET,
  itemUri,
} from '../fixtures/fixture-integration.js';
import {
  basicAuth,
  connectOverHttp,
  type Harness,
  jsonRequest,
  manualClock,
  refresh,
  startHarness,
} from '../support/harness.js';

const credentials = { client_id: FIXTURE_NOTION_CLIENT_ID, client_secret: FIXTURE_NOTION_CLIENT_SECRET };
const attributes = [
  { id: 'title', name: 'Title', type: 'inline', inline: { title: { value: 'Pushed', section: 'title' } } },
  {
    id: 'dev',
    name: 'Developer Name',
    type: 'inline',
    inline: { plain_text: { value: 'Fixture Inc', section: 'secondary' } },
  },
];

/** Notion's token lifecycle: `--notion-token-ttl`, the refresh grant with rotation, introspect and revoke. */
describe('Notion tokens with a lifetime (--notion-token-ttl)', () => {
  const clock = manualClock();
  let harness: Harness;
  let client: Client;

  beforeEach(async () => {
    harness = await startHarness({ emulator: { clock: clock.now, notionTokenTtlSeconds: 60 } });
    client = new Client({ baseUrl: harness.emulator.url, notionVersion: '2022-06-28', logger: () => {} });
  });
  afterEach(() => harness.close());

  const patch = (token: string) =>
    jsonRequest(`${harness.emulator.url}/v1/external/object`, {
      method: 'PATCH',
      headers: { authorization: `Bearer ${token}`, 'notion-version': '2022-06-28' },
      body: { uri: itemUri(7), operations: [{ path: ['attributes'], set: attributes }] },
    });

  it('expires the access token, refreshes with rotation through the SDK, and refuses the old refresh token', async () => {
    await connectOverHttp(harness, { uri: itemUri(7) });
    await refresh(harness);
    const access = harness.fixture.notionTokens.get('fixture-user-1')!;
    const refreshToken = harness.fixture.notionRefreshTokens.get('fixture-user-1')!;
    expect(refreshToken).toMatch(/^nrt_/);
    expect((await patch(access)).status).toBe(200);

    clock.advance(60_000);
    const expired = await patch(access);
    expect(expired.status).toBe(401);
    expect(expired.body).toMatchObject({ object: 'error', code: 'unauthorized' });

    const renewed = await client.oauth.token({
      ...credentials,
      grant_type: 'refresh_token',
      refresh_token: refreshToken,
    });
    expect(renewed).toMatchObject({ token_type: 'bearer', expires_in: 60 });
    expect(renewed.refresh_token).not.toBe(refreshToken);
    expect((await patch(renewed.access_token)).status).toBe(200);

    const reused = await jsonRequest(`${harness.emulator.url}/v1/oauth/token`, {
      method: 'POST',
      headers: { authorization: basicAuth(FIXTURE_NOTION_CLIENT_ID, FIXTURE_NOTION_CLIENT_SECRET) },
      body: { grant_type: 'refresh_token', refresh_token: refreshToken },
    });
    expect(reused.status).toBe(400);
    expect(reused.body).toMatchObject({ object: 'error', code: 'invalid_grant' });
    const traffic = harness.emulator.traffic().filter((e) => e.kind === 'oauth-token');
    expect(traffic.map((e) => e.status)).toEqual([200, 200, 400]);

    // Two refreshes with one refresh token at once: only one gets a new pair.
    const twice = await Promise.all(
      [1, 2].map(() =>
        jsonRequest(`${harness.emulator.url}/v1/oauth/token`, {
          method: 'POST',
          headers: {
            authorization: basicAuth(FIXTURE_NOTION_CLIENT_ID, FIXTURE_NOTION_CLIENT_SECRET),
            'notion-version': '2022-06-28',
          },
          body: { grant_type: 'refresh_token', refresh_token: renewed.refresh_token },
        }),
      ),
    );
    expect(twice.map((answer) => answer.status).sort()).toEqual([200, 400]);
  });

  it('introspects and revokes through the SDK, with Notion envelopes for bad calls', async () => {
    await connectOverHttp(harness, { uri: itemUri(7) });
    await refresh(harness);
    const access = harness.fixture.notionTokens.get('fixture-user-1')!;
    const refreshToken = harness.fixture.notionRefreshTokens.get('fixture-user-1')!;

    const live = await client.oauth.introspect({ ...credentials, token: access });
    expect(live).toMatchObject({ active: true, iat: Math.floor(clock.now() / 1_000) });
    expect(live.request_id).toMatch(/^[0-9a-f-]{36}$/);
    expect(await client.oauth.introspect({ ...credentials, token: refreshToken })).toMatchObject({
      active: true,
    });
    expect(await client.oauth.introspect({ ...credentials, token: 'ntn_unknown' })).toMatchObject({
      active: false,
    });

    expect(await client.oauth.revoke({ ...credentials, token: access })).toMatchObject({
      request_id: expect.any(String),
    });
    expect((await client.oauth.introspect({ ...credentials, token: access })).active).toBe(false);
    expect((await client.oauth.introspect({ ...credentials, token: refreshToken })).active).toBe(false);
    expect((await patch(access)).status).toBe(401);
    const [connection] = (
      (await jsonRequest(`${harness.emulator.url}/api/connections`)).body as {
        connections: Array<{ warnings: string[]; exchanged: boolean }>;
      }
    ).connections;
    expect(connection?.exchanged).toBe(false);
    expect(connection?.warnings.join('\n')).toMatch(/revoked this connection's Notion token/);
    // Revoking an unknown token is not an error (RFC 7009 §2.2).
    await expect(client.oauth.revoke({ ...credentials, token: 'ntn_unknown' })).resolves.toBeDefined();

    const wrongClient = await client.oauth
      .introspect({ client_id: 'x', client_secret: 'y', token: access })
      .catch((error: unknown) => error);
    expect(wrongClient).toMatchObject({ status: 401 });
    const noToken = await jsonRequest(`${harness.emulator.url}/v1/oauth/revoke`, {
      method: 'POST',
      headers: {
        authorization: basicAuth(FIXTURE_NOTION_CLIENT_ID, FIXTURE_NOTION_CLIENT_SECRET),
        'notion-version': '2022-06-28',
      },
      body: {},
    });
    expect(noToken.body).toMatchObject({ object: 'error', status: 400, code: APIErrorCode.InvalidRequest });
  });

  it('answers refresh_token null and no expires_in with a TTL of 0, and the workspace form of owner on demand', async () => {
    const set = await jsonRequest(`${harness.emulator.url}/api/notion-tokens`, {
      method: 'PUT',
      body: { ttlSeconds: 0, owner: 'workspace' },
    });
    expect(set.body).toEqual({ ttlSeconds: 0, owner: 'workspace' });
    const started = await jsonRequest(`${harness.emulator.url}/api/connect`, { method: 'POST', body: {} });
    const code = new URL((started.body as { authorizeUrl: string }).authorizeUrl).searchParams.get('code')!;
    const answer = await client.oauth.token({
      ...credentials,
      grant_type: 'authorization_code',
      code,
      external_account: { key: 'k', name: 'K' },
    });
    expect(answer.refresh_token).toBeNull();
    expect(answer).not.toHaveProperty('expires_in');
    expect(answer.owner).toEqual({ type: 'workspace', workspace: true });
    const refused = await jsonRequest(`${harness.emulator.url}/api/notion-tokens`, {
      method: 'PUT',
      body: { ttlSeconds: -1 },
    });
    expect(refused.status).toBe(400);
    expect((await jsonRequest(`${harness.emulator.url}/api/notion-tokens`)).body).toEqual({
      ttlSeconds: 0,
      owner: 'workspace',
    });
  });
});
