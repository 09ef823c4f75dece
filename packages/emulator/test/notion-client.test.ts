import { APIErrorCode, APIResponseError, Client, isNotionClientError } from '@notionhq/client';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import {
  FIXTURE_NOTION_CLIENT_ID,
  FIXTURE_NOTION_CLIENT_SECRET,
  itemUri,
} from './fixtures/fixture-integration.js';
import { connectOverHttp, type Harness, jsonRequest, refresh, startHarness } from './support/harness.js';

const silent = () => {};

const attributes = [
  {
    id: 'title',
    name: 'Title',
    type: 'inline',
    inline: { title: { value: 'From the SDK', section: 'title' } },
  },
  {
    id: 'dev',
    name: 'Developer Name',
    type: 'inline',
    inline: { plain_text: { value: 'Fixture Inc', section: 'secondary' } },
  },
];

/**
 * The official SDK, pointed at the emulator with `baseUrl`, must work as against Notion: `oauth.token`, a
 * `request()` PATCH, `APIResponseError` with Notion's codes, and its retry honouring `Retry-After`.
 */
describe('@notionhq/client against the emulator', () => {
  let harness: Harness;
  let client: Client;

  beforeEach(async () => {
    harness = await startHarness();
    client = new Client({ baseUrl: harness.emulator.url, notionVersion: '2022-06-28', logger: silent });
  });
  afterEach(() => harness.close());

  async function sdkConnect(): Promise<string> {
    const started = await jsonRequest(`${harness.emulator.url}/api/connect`, {
      method: 'POST',
      body: { person: 'ada' },
    });
    const code = new URL((started.body as { authorizeUrl: string }).authorizeUrl).searchParams.get('code')!;
    const answer = await client.oauth.token({
      client_id: FIXTURE_NOTION_CLIENT_ID,
      client_secret: FIXTURE_NOTION_CLIENT_SECRET,
      grant_type: 'authorization_code',
      code,
      external_account: { key: 'sdk-user', name: 'SDK User' },
    });
    expect(answer.token_type).toBe('bearer');
    expect(answer.workspace_name).toBe('Emulated Workspace');
    return answer.access_token;
  }

  it('completes oauth.token and a request() PATCH', async () => {
    await connectOverHttp(harness, { uri: itemUri(7) });
    await refresh(harness);
    const token = harness.fixture.notionTokens.get('fixture-user-1')!;
    const answer = await client.request({
      path: 'external/object',
      method: 'patch',
      auth: token,
      body: { uri: itemUri(7), operations: [{ path: ['attributes'], set: attributes }] },
    });
    expect(answer).toEqual({ object: 'external_object', uri: itemUri(7) });
    expect(await sdkConnect()).toMatch(/^ntn_/);
  });

  it('sees APIResponseError with code unauthorized (401) and object_not_found (404)', async () => {
    const token = await sdkConnect();
    const unauthorized = await client
      .request({
        path: 'external/object',
        method: 'patch',
        auth: 'ntn_wrong',
        body: { uri: itemUri(1), operations: [{ path: ['attributes'], set: attributes }] },
      })
      .catch((error: unknown) => error);
    expect(APIResponseError.isAPIResponseError(unauthorized)).toBe(true);
    expect(unauthorized).toMatchObject({ code: APIErrorCode.Unauthorized, status: 401 });

    const notFound = await client
      .request({
        path: 'external/object',
        method: 'patch',
        auth: token,
        body: { uri: itemUri(99), operations: [{ path: ['attributes'], set: attributes }] },
      })
      .catch((error: unknown) => error);
    expect(APIResponseError.isAPIResponseError(notFound)).toBe(true);
    expect(notFound).toMatchObject({ code: APIErrorCode.ObjectNotFound, status: 404 });
    expect((notFound as APIResponseError).request_id).toMatch(/^[0-9a-f-]{36}$/);

    const invalid = await client
      .request({
        path: 'external/object',
        method: 'patch',
        auth: token,
        body: { uri: itemUri(1), operations: [] },
      })
      .catch((error: unknown) => error);
    expect(invalid).toMatchObject({ code: APIErrorCode.ValidationError, status: 400 });
  });

  it('sees 429 rate_limited when it does not retry', async () => {
    await connectOverHttp(harness, { uri: itemUri(7) });
    await refresh(harness);
    const token = harness.fixture.notionTokens.get('fixture-user-1')!;
    harness.emulator.setRateLimit(60, 1);
    const noRetry = new Client({
      baseUrl: harness.emulator.url,
      notionVersion: '2022-06-28',
      retry: false,
      logger: silent,
    });
    const body = { uri: itemUri(7), operations: [{ path: ['attributes'], set: attributes }] };
    await noRetry.request({ path: 'external/object', method: 'patch', auth: token, body });
    const limited = await noRetry
      .request({ path: 'external/object', method: 'patch', auth: token, body })
      .catch((error: unknown) => error);
    expect(isNotionClientError(limited)).toBe(true);
    expect(limited).toMatchObject({ code: APIErrorCode.RateLimited, status: 429 });
    expect((limited as APIResponseError).additional_data).toEqual({ retry_after: '1' });
  });

  it('retries after a 429 honouring Retry-After, and succeeds', async () => {
    await connectOverHttp(harness, { uri: itemUri(7) });
    await refresh(harness);
    const token = harness.fixture.notionTokens.get('fixture-user-1')!;
    harness.emulator.setRateLimit(60, 1);
    const body = { uri: itemUri(7), operations: [{ path: ['attributes'], set: attributes }] };
    await client.request({ path: 'external/object', method: 'patch', auth: token, body });
    const started = performance.now();
    const answer = await client.request({ path: 'external/object', method: 'patch', auth: token, body });
    expect(answer).toEqual({ object: 'external_object', uri: itemUri(7) });
    expect(performance.now() - started).toBeGreaterThanOrEqual(900);
    const patches = harness.emulator.traffic().filter((e) => e.kind === 'external-object');
    expect(patches.map((e) => e.status)).toEqual([200, 429, 200]);
    const [limited, retried] = [patches[1]!, patches[2]!];
    expect(limited.responseHeaders['retry-after']).toBe('1');
    expect(Date.parse(retried.at) - Date.parse(limited.at)).toBeGreaterThanOrEqual(900);
  });
});
