import { notionErrorBodySchema } from '@unfurlkit/core';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { itemUri } from '../fixtures/fixture-integration.js';
import {
  connectOverHttp,
  type Harness,
  jsonRequest,
  manualClock,
  previews,
  refresh,
  startHarness,
  titleOf,
} from '../support/harness.js';

const attributes = (title: string) => [
  { id: 'title', name: 'Title', type: 'inline', inline: { title: { value: title, section: 'title' } } },
  {
    id: 'dev',
    name: 'Developer Name',
    type: 'inline',
    inline: { plain_text: { value: 'Fixture Inc', section: 'secondary' } },
  },
];

/** `PATCH /v1/external/object`: SPEC §4 semantics and every error of §7.3. */
describe('PATCH /v1/external/object', () => {
  const clock = manualClock();
  let harness: Harness;
  let token: string;

  beforeEach(async () => {
    harness = await startHarness({ emulator: { clock: clock.now } });
    await connectOverHttp(harness, { uri: itemUri(1) });
    await refresh(harness);
    token = harness.fixture.notionTokens.get('fixture-user-1')!;
  });
  afterEach(() => harness.close());

  function patch(body: unknown, headers: Record<string, string> = {}) {
    return jsonRequest(`${harness.emulator.url}/v1/external/object`, {
      method: 'PATCH',
      body,
      headers: { authorization: `Bearer ${token}`, 'notion-version': '2021-08-16', ...headers },
    });
  }

  function expectNotionError(
    answer: { status: number; headers: Headers; body: unknown },
    status: number,
    code: string,
  ) {
    expect(answer.status).toBe(status);
    const body = notionErrorBodySchema.parse(answer.body);
    expect(body).toMatchObject({ object: 'error', status, code });
    expect(body.request_id).toBe(answer.headers.get('x-notion-request-id'));
  }

  it('answers a newer dated Notion-Version as the newest, with a warning on the preview', async () => {
    const answer = await patch(
      { uri: itemUri(1), operations: [{ path: ['attributes'], set: attributes('Newer') }] },
      { 'notion-version': '2099-01-01' },
    );
    expect(answer.status).toBe(200);
    const [preview] = await previews(harness);
    expect(titleOf(preview)).toBe('Newer');
    expect(preview?.warnings).toEqual([expect.stringMatching(/^Notion-Version "2099-01-01" is newer than/)]);
  });

  it('replaces the attribute set and answers {object: "external_object", uri}', async () => {
    const answer = await patch({
      uri: itemUri(1),
      operations: [{ path: ['attributes'], set: attributes('Renamed') }],
    });
    expect(answer.status).toBe(200);
    expect(answer.body).toEqual({ object: 'external_object', uri: itemUri(1) });
    const [preview] = await previews(harness);
    expect(titleOf(preview)).toBe('Renamed');
    // The set replaces the previous one: attributes not resent are gone.
    expect(preview?.attributes?.map((a) => a.id)).toEqual(['title', 'dev']);
    expect(preview?.state).toBe('ready');
  });

  it('sets an error, keeps it with attributes, and clears it when an update carries none', async () => {
    await patch({
      uri: itemUri(1),
      operations: [{ path: ['error'], set: { status: 404, message: 'Gone' } }],
    });
    let [preview] = await previews(harness);
    expect(preview).toMatchObject({ state: 'error', error: { status: 404, message: 'Gone' } });
    expect(titleOf(preview)).toBe('Item 1'); // an error alone keeps the attributes

    await patch({
      uri: itemUri(1),
      operations: [
        { path: ['attributes'], set: attributes('Both') },
        { path: ['error'], set: { status: 403, message: 'Hidden now' } },
      ],
    });
    [preview] = await previews(harness);
    expect(preview).toMatchObject({ state: 'error', error: { status: 403 } });
    expect(titleOf(preview)).toBe('Both');

    await patch({ uri: itemUri(1), operations: [{ path: ['attributes'], set: attributes('Back') }] });
    [preview] = await previews(harness);
    expect(preview).toMatchObject({ state: 'ready', error: null });
  });

  it('keeps warnings for what Notion tolerates (no dev, no type)', async () => {
    const answer = await patch({
      uri: itemUri(1),
      operations: [
        {
          path: ['attributes'],
          set: [{ id: 'title', name: 'Title', inline: { title: { value: 'Loose', section: 'title' } } }],
        },
      ],
    });
    expect(answer.status).toBe(200);
    const [preview] = await previews(harness);
    expect(preview?.warnings.join('\n')).toMatch(/type/);
    expect(preview?.warnings.join('\n')).toMatch(/dev/);
  });

  it('judges a body sent again (as an update pushed to many connections is) exactly as the first time', async () => {
    const loose = {
      uri: itemUri(1),
      operations: [
        {
          path: ['attributes'],
          set: [{ id: 'title', name: 'Title', inline: { title: { value: 'Loose', section: 'title' } } }],
        },
      ],
    };
    expect((await patch(loose)).status).toBe(200);
    const [first] = await previews(harness);
    expect((await patch(loose)).status).toBe(200);
    const [again] = await previews(harness);
    expect(again?.warnings).toEqual(first?.warnings);
    expect(again?.warnings.join('\n')).toMatch(/dev/);

    const broken = { uri: itemUri(1), operations: [{ path: ['attributes'], set: [{ id: 'title' }] }] };
    const refused = await patch(broken);
    expectNotionError(refused, 400, 'validation_error');
    const refusedAgain = await patch(broken);
    expectNotionError(refusedAgain, 400, 'validation_error');
    expect((refusedAgain.body as { message: string }).message).toBe(
      (refused.body as { message: string }).message,
    );
  });

  it('answers 401 unauthorized for a missing, unknown or revoked token', async () => {
    const body = { uri: itemUri(1), operations: [{ path: ['attributes'], set: attributes('x') }] };
    expectNotionError(await patch(body, { authorization: '' }), 401, 'unauthorized');
    expectNotionError(await patch(body, { authorization: 'Bearer ntn_unknown' }), 401, 'unauthorized');
    expectNotionError(await patch(body, { authorization: `Basic ${token}` }), 401, 'unauthorized');
    const connections = (await jsonRequest(`${harness.emulator.url}/api/connections`)).body as {
      connections: Array<{ id: string }>;
    };
    await jsonRequest(`${harness.emulator.url}/api/connections/${connections.connections[0]?.id}`, {
      method: 'DELETE',
    });
    expectNotionError(await patch(body), 401, 'unauthorized');
  });

  it('answers 400 for malformed bodies, with the issues in the message', async () => {
    expectNotionError(await patch('{"uri":'), 400, 'invalid_json');
    expectNotionError(await patch({ uri: itemUri(1) }), 400, 'validation_error');
    expectNotionError(
      await patch({
        uri: 'javascript:alert(1)',
        operations: [{ path: ['attributes'], set: attributes('x') }],
      }),
      400,
      'validation_error',
    );
    const wrongSection = await patch({
      uri: itemUri(1),
      operations: [
        {
          path: ['attributes'],
          set: [
            { id: 'title', name: 'T', type: 'inline', inline: { title: { value: 'x', section: 'body' } } },
          ],
        },
      ],
    });
    expectNotionError(wrongSection, 400, 'validation_error');
    expect((wrongSection.body as { message: string }).message).toMatch(
      /\$\.operations\[0\]\.set\[0\]\.inline\.title\.section/,
    );
    expectNotionError(
      await patch({
        uri: itemUri(1),
        operations: [{ path: ['error'], set: { status: 200, message: 'ok' } }],
      }),
      400,
      'validation_error',
    );
    expectNotionError(
      await patch({
        uri: itemUri(1),
        operations: [{ path: ['attributes'], set: [] }],
        extra: 'x'.repeat(600_000),
      }),
      400,
      'validation_error',
    );
  });

  it('answers 404 object_not_found for a uri this connection never unfurled, or whose last preview was removed', async () => {
    const answer = await patch({
      uri: itemUri(2),
      operations: [{ path: ['attributes'], set: attributes('x') }],
    });
    expectNotionError(answer, 404, 'object_not_found');
    const [preview] = await previews(harness);
    await jsonRequest(`${harness.emulator.url}/api/previews/${preview?.id}`, { method: 'DELETE' });
    expectNotionError(
      await patch({ uri: itemUri(1), operations: [{ path: ['attributes'], set: attributes('x') }] }),
      404,
      'object_not_found',
    );
  });

  it('requires a known Notion-Version', async () => {
    const body = { uri: itemUri(1), operations: [{ path: ['attributes'], set: attributes('x') }] };
    const missing = await jsonRequest(`${harness.emulator.url}/v1/external/object`, {
      method: 'PATCH',
      body,
      headers: { authorization: `Bearer ${token}` },
    });
    expectNotionError(missing, 400, 'missing_version');
    expectNotionError(await patch(body, { 'notion-version': 'latest' }), 400, 'validation_error');
  });

  it('rate-limits per connection: 429 rate_limited with Retry-After, refilled with time', async () => {
    await jsonRequest(`${harness.emulator.url}/api/rate-limit`, {
      method: 'PUT',
      body: { perMinute: 60, burst: 2 },
    });
    const body = { uri: itemUri(1), operations: [{ path: ['attributes'], set: attributes('x') }] };
    expect((await patch(body)).status).toBe(200);
    expect((await patch(body)).status).toBe(200);
    const limited = await patch(body);
    expectNotionError(limited, 429, 'rate_limited');
    expect(limited.headers.get('retry-after')).toBe('1');
    expect((limited.body as { additional_data: unknown }).additional_data).toEqual({ retry_after: '1' });
    clock.advance(1_000);
    expect((await patch(body)).status).toBe(200);
    expect((await patch(body)).status).toBe(429);
    const limits = await jsonRequest(`${harness.emulator.url}/api/rate-limit`);
    expect(limits.body).toEqual({ perMinute: 60, burst: 2 });
  });

  it('defaults to 180 a minute with bursts of 30', async () => {
    const limits = await jsonRequest(`${harness.emulator.url}/api/rate-limit`);
    expect(limits.body).toEqual({ perMinute: 180, burst: 30 });
    const body = { uri: itemUri(1), operations: [{ path: ['attributes'], set: attributes('x') }] };
    const statuses: number[] = [];
    for (let i = 0; i < 31; i++) statuses.push((await patch(body)).status);
    expect(statuses.slice(0, 30).every((s) => s === 200)).toBe(true);
    expect(statuses[30]).toBe(429);
  });

  it('injects faults: a share of 5xx answers with Notion codes, and latency', async () => {
    const body = { uri: itemUri(1), operations: [{ path: ['attributes'], set: attributes('x') }] };
    for (const [status, code] of [
      [503, 'service_unavailable'],
      [529, 'service_overload'],
      [500, 'internal_server_error'],
    ] as const) {
      const set = await jsonRequest(`${harness.emulator.url}/api/faults`, {
        method: 'PUT',
        body: { share: 1, statuses: [status] },
      });
      expect(set.status).toBe(200);
      expectNotionError(await patch(body), status, code);
    }
    await jsonRequest(`${harness.emulator.url}/api/faults`, {
      method: 'PUT',
      body: { share: 0, latencyMs: 150 },
    });
    const started = performance.now();
    expect((await patch(body)).status).toBe(200);
    expect(performance.now() - started).toBeGreaterThanOrEqual(140);
    const refused = await jsonRequest(`${harness.emulator.url}/api/faults`, {
      method: 'PUT',
      body: { share: 2 },
    });
    expect(refused.status).toBe(400);
  });
});
