import { isUnfurlkitError } from '@unfurlkit/core';
import { afterEach, describe, expect, it } from 'vitest';
import type { ConfigInput } from '../src/config/load-config.js';
import { defineIntegration } from '../src/integration/define-integration.js';
import { fixtureIntegration } from './support/fixture-integration.js';
import { type Harness, startHarness } from './support/harness.js';
import { connect, unfurl } from './support/oauth-flow.js';

const CHANGES_TOKEN = 'changes-token-0123456789abcdef0123456789';
const METRICS_TOKEN = 'metrics-token-0123456789';
const ITEM = 'https://fixture.test/items/7';

let h: Harness | undefined;
afterEach(async () => {
  await h?.close();
  h = undefined;
});

/** A server whose worker stays off: the harness's Notion stand-in has no PATCH /v1/external/object. */
async function start(config: ConfigInput = {}, integration = fixtureIntegration): Promise<Harness> {
  h = await startHarness({ config: { UPDATES_ENABLED: 'false', ...config }, integration });
  return h;
}

async function postChanges(
  harness: Harness,
  body: unknown,
  options: { token?: string | null; raw?: string; contentType?: string } = {},
): Promise<{ status: number; headers: Headers; body: Record<string, unknown> }> {
  const headers: Record<string, string> = { 'content-type': options.contentType ?? 'application/json' };
  const token = options.token === undefined ? CHANGES_TOKEN : options.token;
  if (token !== null) headers.authorization = `Bearer ${token}`;
  const response = await fetch(`${harness.url}/unfurlkit/changes`, {
    method: 'POST',
    headers,
    body: options.raw ?? JSON.stringify(body),
  });
  const text = await response.text();
  return { status: response.status, headers: response.headers, body: text ? JSON.parse(text) : {} };
}

async function metrics(harness: Harness, token?: string): Promise<Response> {
  return fetch(`${harness.url}/metrics`, token ? { headers: { authorization: `Bearer ${token}` } } : {});
}

/** A connection that has unfurled `uri`, so Notion shows it and a change fans out to it. */
async function shown(harness: Harness, uri: string, user = 'alice'): Promise<void> {
  const { access_token } = await connect(harness, user);
  expect((await unfurl(harness, uri, access_token)).status).toBe(200);
}

describe('POST /unfurlkit/changes', () => {
  it('does not exist without CHANGES_API_TOKEN', async () => {
    const harness = await start();
    const answer = await postChanges(harness, { uri: ITEM });
    expect(answer.status).toBe(404);
  });

  it('answers 401 with WWW-Authenticate: Bearer without a token, or with a wrong one', async () => {
    const harness = await start({ CHANGES_API_TOKEN: CHANGES_TOKEN });
    const missing = await postChanges(harness, { uri: ITEM }, { token: null });
    expect(missing.status).toBe(401);
    expect(missing.headers.get('www-authenticate')).toMatch(/^Bearer /);
    expect(missing.body.error).toBe('invalid_request');

    const wrong = await postChanges(harness, { uri: ITEM }, { token: `${CHANGES_TOKEN}x` });
    expect(wrong.status).toBe(401);
    expect(wrong.headers.get('www-authenticate')).toMatch(/^Bearer .*error="invalid_token"/);
    expect(wrong.body.error).toBe('invalid_token');

    // A Basic header or a bare token is not a bearer token.
    const response = await fetch(`${harness.url}/unfurlkit/changes`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: CHANGES_TOKEN },
      body: JSON.stringify({ uri: ITEM }),
    });
    expect(response.status).toBe(401);
    expect(await harness.server.store.outbox.count()).toEqual({ pending: 0, failed: 0 });
  });

  it('checks the token before reading the body: 401, not 400, for an anonymous malformed request', async () => {
    const harness = await start({ CHANGES_API_TOKEN: CHANGES_TOKEN });
    const answer = await postChanges(harness, undefined, { token: null, raw: '{not json' });
    expect(answer.status).toBe(401);
    const wrongType = await postChanges(harness, undefined, {
      token: 'nope',
      raw: 'uri=x',
      contentType: 'application/x-www-form-urlencoded',
    });
    expect(wrongType.status).toBe(401);
  });

  it('answers 400 invalid_request to a malformed body', async () => {
    const harness = await start({ CHANGES_API_TOKEN: CHANGES_TOKEN });
    const bodies: unknown[] = [
      {},
      [],
      null,
      'https://fixture.test/items/7',
      { uri: '' },
      { uri: 7 },
      { uris: [] },
      { uris: ['ok', 3] },
      { uri: ITEM, extra: true },
      { uri: ITEM, uris: [ITEM] },
      { rule: 'item' },
      { rule: 'item', groups: { id: 7 } },
      { rule: '', groups: {} },
      { uri: `https://fixture.test/${'x'.repeat(2_000)}` },
    ];
    for (const body of bodies) {
      const answer = await postChanges(harness, body);
      expect(answer.status, JSON.stringify(body)).toBe(400);
      expect(answer.body.error).toBe('invalid_request');
    }
    for (const raw of ['{not json', '']) {
      const answer = await postChanges(harness, undefined, { raw });
      expect(answer.status, raw).toBe(400);
      expect(answer.body.error).toBe('invalid_request');
    }
    expect(await harness.server.store.outbox.count()).toEqual({ pending: 0, failed: 0 });
  });

  it('answers 400 naming an unknown rule, or a group the rule does not have', async () => {
    const harness = await start({ CHANGES_API_TOKEN: CHANGES_TOKEN });
    const rule = await postChanges(harness, { rule: 'itme', groups: { id: '7' } });
    expect(rule.status).toBe(400);
    expect(rule.body).toEqual({
      error: 'invalid_request',
      error_description: 'changed(): there is no rule named "itme"',
      request_id: rule.headers.get('x-request-id'),
    });
    const group = await postChanges(harness, { rule: 'item', groups: { itemNo: '7' } });
    expect(group.status).toBe(400);
    expect(group.body.error_description).toMatch(/no group named "itemNo"/);
  });

  it('queues {uri}, {uris} and {rule, groups} for the connections showing them: 202 {queued}', async () => {
    const harness = await start({ CHANGES_API_TOKEN: CHANGES_TOKEN });
    expect(await postChanges(harness, { uri: ITEM })).toMatchObject({ status: 202, body: { queued: 0 } });
    await shown(harness, ITEM);

    expect(await postChanges(harness, { uri: ITEM })).toMatchObject({ status: 202, body: { queued: 1 } });
    let rows = await harness.server.store.outbox.list({ limit: 10 });
    expect(rows).toHaveLength(1);
    expect(rows[0]).toMatchObject({ uri: ITEM, state: 'pending', generation: 1, attempts: 0 });
    const connectionId = rows[0]!.connectionId;
    expect(await harness.server.store.previews.listOfUri(ITEM)).toEqual([
      expect.objectContaining({ connectionId, uri: ITEM }),
    ]);

    const uris = await postChanges(harness, { uris: [ITEM, 'https://fixture.test/items/1'] });
    expect(uris).toMatchObject({ status: 202, body: { queued: 1 } });
    const rule = await postChanges(harness, { rule: 'item', groups: { id: '7' } });
    expect(rule).toMatchObject({ status: 202, body: { queued: 1 } });
    const otherItem = await postChanges(harness, { rule: 'item', groups: { id: '1' } });
    expect(otherItem).toMatchObject({ status: 202, body: { queued: 0 } });

    // Three changes of one preview coalesce into one row.
    rows = await harness.server.store.outbox.list({ limit: 10 });
    expect(rows).toEqual([expect.objectContaining({ connectionId, uri: ITEM, generation: 3 })]);
  });

  it('fans a change out to every connection showing the link', async () => {
    const harness = await start({ CHANGES_API_TOKEN: CHANGES_TOKEN });
    await shown(harness, ITEM, 'alice');
    await shown(harness, ITEM, 'bob');
    expect(await postChanges(harness, { rule: 'item', groups: { id: '7' } })).toMatchObject({
      status: 202,
      body: { queued: 2 },
    });
    const rows = await harness.server.store.outbox.list({ limit: 10 });
    expect(new Set(rows.map((row) => row.connectionId)).size).toBe(2);
  });
});

describe('GET /metrics', () => {
  it('serves Prometheus text with the outbox gauge and the pipeline counters', async () => {
    const harness = await start({ CHANGES_API_TOKEN: CHANGES_TOKEN });
    const before = await metrics(harness);
    expect(before.status).toBe(200);
    expect(before.headers.get('content-type')).toMatch(/^text\/plain/);
    const empty = await before.text();
    expect(empty).toContain('unfurlkit_outbox_rows{state="pending"} 0');
    expect(empty).toContain('unfurlkit_outbox_rows{state="failed"} 0');
    expect(empty).toContain('unfurlkit_changes_total 0');
    for (const name of [
      'unfurlkit_deliveries_total',
      'unfurlkit_delivery_retries_total',
      'unfurlkit_delivery_failures_total',
      'unfurlkit_delivery_latency_seconds',
    ]) {
      expect(empty).toMatch(new RegExp(`^# TYPE ${name} (counter|histogram)$`, 'm'));
    }

    await shown(harness, ITEM);
    expect((await postChanges(harness, { uri: ITEM })).status).toBe(202);
    expect((await postChanges(harness, { uri: ITEM })).status).toBe(202);
    const after = await (await metrics(harness)).text();
    // The gauge counts rows (one, coalesced); the counter counts changes.
    expect(after).toContain('unfurlkit_outbox_rows{state="pending"} 1');
    expect(after).toContain('unfurlkit_changes_total 2');
  });

  it('is open without METRICS_TOKEN, even to a request bearing some token', async () => {
    const harness = await start();
    expect((await metrics(harness, 'anything-at-all-123')).status).toBe(200);
  });

  it('with METRICS_TOKEN: 401 without or with a wrong bearer, 200 with the right one', async () => {
    const harness = await start({ METRICS_TOKEN });
    const missing = await metrics(harness);
    expect(missing.status).toBe(401);
    expect(missing.headers.get('www-authenticate')).toMatch(/^Bearer /);
    expect(await missing.text()).not.toContain('unfurlkit_');
    expect((await metrics(harness, `${METRICS_TOKEN}-wrong`)).status).toBe(401);
    expect((await metrics(harness, METRICS_TOKEN.slice(0, -1))).status).toBe(401);
    const right = await metrics(harness, METRICS_TOKEN);
    expect(right.status).toBe(200);
    expect(await right.text()).toContain('unfurlkit_outbox_rows{state="pending"} 0');
  });
});

describe('integration.changed()', () => {
  const fresh = () =>
    defineIntegration({
      name: fixtureIntegration.name,
      developer: fixtureIntegration.developer,
      rules: fixtureIntegration.rules,
      authenticate: fixtureIntegration.authenticate,
    });

  async function unavailable(promise: Promise<unknown>): Promise<void> {
    const error = await promise.then(
      () => undefined,
      (reason: unknown) => reason,
    );
    expect(isUnfurlkitError(error) && error.code).toBe('UNFURLKIT_UPDATES_UNAVAILABLE');
  }

  it('rejects with UNFURLKIT_UPDATES_UNAVAILABLE before createServer and after close()', async () => {
    const integration = fresh();
    await unavailable(integration.changed(ITEM));

    const harness = await start({}, integration);
    expect(await integration.changed(ITEM)).toEqual({ queued: 0 });
    await shown(harness, ITEM);
    expect(await integration.changed(ITEM)).toEqual({ queued: 1 });
    expect(await integration.changed({ rule: 'item', groups: { id: '7' } })).toEqual({ queued: 1 });
    // A copy of the object shares the running server.
    expect(await { ...integration }.changed(ITEM)).toEqual({ queued: 1 });
    await expect(integration.changed({ rule: 'nope', groups: {} })).rejects.toBeInstanceOf(RangeError);

    await harness.close();
    h = undefined;
    await unavailable(integration.changed(ITEM));
  });
});
