import { notionErrorBodySchema, notionTokenResponseSchema } from '@unfurlkit/core';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import {
  FIXTURE_NOTION_CLIENT_ID,
  FIXTURE_NOTION_CLIENT_SECRET,
  itemUri,
} from '../fixtures/fixture-integration.js';
import { basicAuth, type Harness, jsonRequest, manualClock, startHarness } from '../support/harness.js';

/** `POST /v1/oauth/token`: every error case of SPEC §2 step 4 and §7.3, and the success shape. */
describe('POST /v1/oauth/token', () => {
  const clock = manualClock();
  let harness: Harness;
  const auth = basicAuth(FIXTURE_NOTION_CLIENT_ID, FIXTURE_NOTION_CLIENT_SECRET);

  beforeEach(async () => {
    harness = await startHarness({ emulator: { clock: clock.now } });
  });
  afterEach(() => harness.close());

  /** Notion's code, as the emulator put it in a fresh Authorize URL. */
  async function freshCode(person: 'ada' | 'ben' = 'ada'): Promise<{ code: string; redirectUri: string }> {
    const started = await jsonRequest(`${harness.emulator.url}/api/connect`, {
      method: 'POST',
      body: { person },
    });
    const url = new URL((started.body as { authorizeUrl: string }).authorizeUrl);
    return { code: url.searchParams.get('code')!, redirectUri: url.searchParams.get('redirect_uri')! };
  }

  function exchange(body: unknown, headers: Record<string, string> = {}) {
    return jsonRequest(`${harness.emulator.url}/v1/oauth/token`, {
      method: 'POST',
      body,
      headers: { authorization: auth, 'notion-version': '2022-06-28', ...headers },
    });
  }

  const account = { key: 'user-1', name: 'User One' };

  function expectNotionError(
    answer: { status: number; headers: Headers; body: unknown },
    status: number,
    code: string,
  ) {
    expect(answer.status).toBe(status);
    const body = notionErrorBodySchema.parse(answer.body);
    expect(body.code).toBe(code);
    expect(body.status).toBe(status);
    expect(body.request_id).toBe(answer.headers.get('x-notion-request-id'));
  }

  it('sends the Authorize URL every parameter of SPEC §2', async () => {
    const pasted = await jsonRequest(`${harness.emulator.url}/api/paste`, {
      method: 'POST',
      body: { uri: itemUri(1) },
    });
    const url = new URL((pasted.body as { authorizeUrl: string }).authorizeUrl);
    expect(url.origin + url.pathname).toBe(`${harness.fixture.url}/notion/authorize`);
    expect(url.searchParams.get('code')).toMatch(
      /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/,
    );
    expect(url.searchParams.get('redirect_uri')).toBe(
      `${harness.emulator.url}/externalIntegrationAuthCallback`,
    );
    expect(url.searchParams.get('client_id')).toBe('fixture-client');
    expect(url.searchParams.get('scope')).toBe('unfurl');
    expect(url.searchParams.get('response_type')).toBe('code');
    expect(url.searchParams.get('state')?.length).toBeGreaterThanOrEqual(24);
  });

  it('answers a valid exchange with the fields of SPEC §2 step 4', async () => {
    const { code } = await freshCode();
    const answer = await exchange({ grant_type: 'authorization_code', code, external_account: account });
    expect(answer.status).toBe(200);
    const body = notionTokenResponseSchema.parse(answer.body);
    expect(body.token_type).toBe('bearer');
    expect(body.duplicated_template_id).toBeNull();
    expect(body.workspace_name).toBe('Emulated Workspace');
    expect(body.owner).toMatchObject({ type: 'user', user: { name: 'Ada', type: 'person' } });
    expect(answer.headers.get('cache-control')).toBe('no-store');
    expect(answer.headers.get('x-notion-request-id')).toMatch(/^[0-9a-f-]{36}$/);
    const connections = await jsonRequest(`${harness.emulator.url}/api/connections`);
    expect((connections.body as { connections: unknown[] }).connections).toEqual([
      expect.objectContaining({
        person: 'ada',
        externalKey: 'user-1',
        externalName: 'User One',
        exchanged: true,
      }),
    ]);
  });

  it('keeps one connection when the same external_account.key reconnects, and renames it', async () => {
    const first = await exchange({
      grant_type: 'authorization_code',
      code: (await freshCode()).code,
      external_account: account,
    });
    const second = await exchange({
      grant_type: 'authorization_code',
      code: (await freshCode()).code,
      external_account: { key: 'user-1', name: 'User One (renamed)' },
    });
    expect(second.status).toBe(200);
    expect((second.body as { bot_id: string }).bot_id).toBe((first.body as { bot_id: string }).bot_id);
    const connections = (await jsonRequest(`${harness.emulator.url}/api/connections`)).body as {
      connections: Array<{ externalName: string }>;
    };
    expect(connections.connections).toHaveLength(1);
    expect(connections.connections[0]?.externalName).toBe('User One (renamed)');
    // Another key, or another person with the same key, is another connection.
    await exchange({
      grant_type: 'authorization_code',
      code: (await freshCode()).code,
      external_account: { key: 'user-2', name: 'Two' },
    });
    await exchange({
      grant_type: 'authorization_code',
      code: (await freshCode('ben')).code,
      external_account: account,
    });
    const all = (await jsonRequest(`${harness.emulator.url}/api/connections`)).body as {
      connections: unknown[];
    };
    expect(all.connections).toHaveLength(3);
  });

  it('refuses a code used twice, expired, unknown, or with another redirect_uri (invalid_grant)', async () => {
    const { code, redirectUri } = await freshCode();
    expect(
      (
        await exchange({
          grant_type: 'authorization_code',
          code,
          redirect_uri: redirectUri,
          external_account: account,
        })
      ).status,
    ).toBe(200);
    expectNotionError(
      await exchange({ grant_type: 'authorization_code', code, external_account: account }),
      400,
      'invalid_grant',
    );

    const late = await freshCode();
    clock.advance(10 * 60 * 1000 + 1);
    const expired = await exchange({
      grant_type: 'authorization_code',
      code: late.code,
      external_account: account,
    });
    expectNotionError(expired, 400, 'invalid_grant');
    expect((expired.body as { message: string }).message).toMatch(/expired/);

    const justInTime = await freshCode();
    clock.advance(10 * 60 * 1000 - 1);
    expect(
      (await exchange({ grant_type: 'authorization_code', code: justInTime.code, external_account: account }))
        .status,
    ).toBe(200);

    expectNotionError(
      await exchange({
        grant_type: 'authorization_code',
        code: '6b0f5a40-0000-4000-8000-000000000000',
        external_account: account,
      }),
      400,
      'invalid_grant',
    );
    const other = await freshCode();
    expectNotionError(
      await exchange({
        grant_type: 'authorization_code',
        code: other.code,
        redirect_uri: 'https://evil.example/cb',
        external_account: account,
      }),
      400,
      'invalid_grant',
    );
  });

  it('refuses missing or wrong client credentials with 401 invalid_client', async () => {
    const { code } = await freshCode();
    const body = { grant_type: 'authorization_code', code, external_account: account };
    expectNotionError(
      await exchange(body, { authorization: basicAuth(FIXTURE_NOTION_CLIENT_ID, 'wrong') }),
      401,
      'invalid_client',
    );
    expectNotionError(
      await exchange(body, { authorization: basicAuth('someone-else', FIXTURE_NOTION_CLIENT_SECRET) }),
      401,
      'invalid_client',
    );
    expectNotionError(await exchange(body, { authorization: 'Bearer abc' }), 401, 'invalid_client');
    expectNotionError(await exchange(body, { authorization: '' }), 401, 'invalid_client');
    // The code was not consumed by the refused attempts.
    expect((await exchange(body)).status).toBe(200);
  });

  it('refuses malformed requests with Notion codes, never a 500', async () => {
    const { code } = await freshCode();
    expectNotionError(await exchange('{"grant_type":', {}), 400, 'invalid_json');
    expectNotionError(await exchange([1, 2]), 400, 'invalid_request');
    expectNotionError(await exchange({ code }), 400, 'invalid_request');
    expectNotionError(await exchange({ grant_type: 'client_credentials' }), 400, 'unsupported_grant_type');
    expectNotionError(
      await exchange({ grant_type: 'refresh_token', refresh_token: 'x' }),
      400,
      'invalid_grant',
    );
    expectNotionError(await exchange({ grant_type: 'authorization_code' }), 400, 'invalid_request');
    expectNotionError(
      await exchange({ grant_type: 'authorization_code', code, external_account: { key: '' } }),
      400,
      'invalid_request',
    );
  });

  it('answers an exchange without Notion-Version or external_account, warning on the connection', async () => {
    const missing = await jsonRequest(`${harness.emulator.url}/v1/oauth/token`, {
      method: 'POST',
      body: { grant_type: 'authorization_code', code: (await freshCode()).code },
      headers: { authorization: auth },
    });
    expect(missing.status).toBe(200);
    const listed = (await jsonRequest(`${harness.emulator.url}/api/connections`)).body as {
      connections: Array<{ warnings: string[]; pending: boolean; externalName: string }>;
    };
    expect(listed.connections).toHaveLength(1);
    expect(listed.connections[0]).toMatchObject({ pending: true, externalName: 'Fixture' });
    expect(listed.connections[0]?.warnings.join('\n')).toMatch(/without a Notion-Version header/);
    expect(listed.connections[0]?.warnings.join('\n')).toMatch(/external_account is missing/);

    const body = async () => ({
      grant_type: 'authorization_code',
      code: (await freshCode()).code,
      external_account: account,
    });
    expectNotionError(
      await exchange(await body(), { 'notion-version': '1999-01-01' }),
      400,
      'validation_error',
    );
    for (const version of ['2021-05-11', '2021-08-16', '2025-09-03', '2026-03-11'])
      expect((await exchange(await body(), { 'notion-version': version })).status).toBe(200);
    // Only the token exchange is answered without the header.
    const patch = await jsonRequest(`${harness.emulator.url}/v1/external/object`, {
      method: 'PATCH',
      body: { uri: itemUri(1), operations: [] },
      headers: { authorization: 'Bearer ntn_x' },
    });
    expectNotionError(patch, 400, 'missing_version');
  });

  it('answers unknown API paths with invalid_request_url', async () => {
    const answer = await jsonRequest(`${harness.emulator.url}/v1/pages`, {
      headers: { 'notion-version': '2022-06-28' },
    });
    expectNotionError(answer, 400, 'invalid_request_url');
  });
});
