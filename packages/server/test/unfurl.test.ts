import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { openStore } from '../src/store/open-store.js';
import { RESOLVER_SECRET } from './support/fixture-integration.js';
import { type Harness, startHarness } from './support/harness.js';
import { connect, unfurl } from './support/oauth-flow.js';

let h: Harness;
let alice: string;
beforeEach(async () => {
  h = await startHarness();
  alice = (await connect(h, 'alice')).access_token;
});
afterEach(async () => {
  await h.close();
});

const operations = (body: Record<string, unknown>) =>
  body.operations as Array<{ path: string[]; set: unknown }>;
const errorOf = (body: Record<string, unknown>) => operations(body).find((op) => op.path[0] === 'error')?.set;

describe('POST /unfurl', () => {
  it('answers attributes with title and dev for the signed-in person', async () => {
    const answer = await unfurl(h, 'https://fixture.test/items/7', alice);
    expect(answer.status).toBe(200);
    expect(answer.body.uri).toBe('https://fixture.test/items/7');
    const [op] = operations(answer.body);
    expect(op!.path).toEqual(['attributes']);
    expect(op!.set).toEqual([
      {
        id: 'title',
        name: 'Title',
        type: 'inline',
        inline: { title: { value: 'Public item', section: 'title' } },
      },
      {
        id: 'viewer',
        name: 'Viewer',
        type: 'inline',
        inline: { plain_text: { value: 'alice (fixture)', section: 'primary' } },
      },
      {
        id: 'dev',
        name: 'Developer Name',
        type: 'inline',
        inline: { plain_text: { value: 'Fixture Inc', section: 'secondary' } },
      },
    ]);
  });

  it('passes the person to the resolver: the owner sees a private item, another person gets 403', async () => {
    const bob = (await connect(h, 'bob')).access_token;
    expect(operations((await unfurl(h, 'https://fixture.test/items/1', alice)).body)[0]!.path).toEqual([
      'attributes',
    ]);
    const forBob = await unfurl(h, 'https://fixture.test/items/1', bob);
    expect(forBob.status).toBe(200);
    expect(errorOf(forBob.body)).toEqual({ status: 403, message: 'You do not have access to this content' });
    expect(JSON.stringify(forBob.body)).not.toContain('Private plan');
  });

  it('answers an unknown item with a 404 error operation', async () => {
    expect(errorOf((await unfurl(h, 'https://fixture.test/items/999', alice)).body)).toMatchObject({
      status: 404,
    });
  });

  it.each([
    ['no rule matches', 'https://elsewhere.test/items/7'],
    ['not a URL', 'not a url'],
    ['not http(s)', 'javascript:alert(1)'],
    ['longer than 2,000 characters', `https://fixture.test/items/${'9'.repeat(2_000)}`],
  ])('answers a 400 error operation when %s', async (_, uri) => {
    const answer = await unfurl(h, uri, alice);
    expect(answer.status).toBe(200);
    expect(errorOf(answer.body)).toMatchObject({ status: 400 });
  });

  it('answers a throwing resolver with a generic 500 operation; the detail goes only to the log', async () => {
    const answer = await unfurl(h, 'https://fixture.test/boom', alice);
    expect(answer.status).toBe(200);
    expect(errorOf(answer.body)).toEqual({
      status: 500,
      message: 'Something went wrong while loading this preview',
    });
    expect(JSON.stringify(answer.body)).not.toContain('hunter2');
    const logged = h.logs.filter((line) => line.includes('UNFURLKIT_RESOLVER_FAILED'));
    expect(logged).toHaveLength(1);
    expect(logged[0]).toContain(RESOLVER_SECRET);
  });

  it('answers a resolver that does not finish in time with a 500 operation', async () => {
    const answer = await unfurl(h, 'https://fixture.test/hang', alice);
    expect(errorOf(answer.body)).toMatchObject({ status: 500 });
    expect(h.logs.some((line) => line.includes('UNFURLKIT_RESOLVER_TIMEOUT'))).toBe(true);
  });

  it('answers attributes that break the protocol (no title) with a 500 operation and logs why', async () => {
    const answer = await unfurl(h, 'https://fixture.test/invalid', alice);
    expect(errorOf(answer.body)).toMatchObject({ status: 500 });
    expect(h.logs.find((line) => line.includes('UNFURLKIT_RESOLVER_RESULT_INVALID'))).toContain('title');
  });

  it('records the (uri, connection) pair in the preview registry', async () => {
    await unfurl(h, 'https://fixture.test/items/7', alice);
    await unfurl(h, 'https://fixture.test/items/999', alice);
    await unfurl(h, 'https://elsewhere.test/x', alice);
    const store = await openStore(h.databaseUrl);
    try {
      const uris = (await store.previews.listOfUri('https://fixture.test/items/7')).map((p) => p.accountId);
      expect(uris).toEqual(['alice']);
      expect(await store.previews.listOfUri('https://fixture.test/items/999')).toHaveLength(1);
      expect(await store.previews.listOfUri('https://elsewhere.test/x')).toHaveLength(0);
    } finally {
      await store.close();
    }
  });
});

describe('POST /unfurl: the bearer token', () => {
  it('answers no token with 401 and a Bearer challenge', async () => {
    const answer = await unfurl(h, 'https://fixture.test/items/7', undefined);
    expect(answer.status).toBe(401);
    expect(answer.headers.get('www-authenticate')).toBe('Bearer realm="unfurlkit"');
  });

  it.each([
    ['an unknown token', 'ufk_at_unknown'],
    ['a token with illegal characters', 'abc def'],
  ])('answers %s with 401 invalid_token', async (_, token) => {
    const answer = await unfurl(h, 'https://fixture.test/items/7', token);
    expect(answer.status).toBe(401);
    expect(answer.headers.get('www-authenticate')).toMatch(/error="invalid_token"/);
  });

  it('never takes the token from the query string', async () => {
    const response = await fetch(`${h.url}/unfurl?access_token=${alice}`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ uri: 'https://fixture.test/items/7' }),
    });
    expect(response.status).toBe(401);
  });

  it('answers an expired token with 401 invalid_token', async () => {
    h.clock.advance(3600 * 1000);
    const answer = await unfurl(h, 'https://fixture.test/items/7', alice);
    expect(answer.status).toBe(401);
    expect(answer.headers.get('www-authenticate')).toMatch(/expired/);
  });
});

describe('POST /unfurl: malformed requests', () => {
  const send = (body: string, contentType = 'application/json') =>
    fetch(`${h.url}/unfurl`, {
      method: 'POST',
      headers: { 'content-type': contentType, authorization: `Bearer ${alice}` },
      body,
    });

  it.each([
    ['malformed JSON', '{"uri":'],
    ['no uri', '{}'],
    ['a uri that is not a string', '{"uri":42}'],
    ['an array', '[]'],
  ])('answers %s with 400 invalid_request, never 500', async (_, body) => {
    const response = await send(body);
    expect(response.status).toBe(400);
    expect(((await response.json()) as { error: string }).error).toBe('invalid_request');
  });

  it('answers another media type with 400 and an oversized body with 413', async () => {
    expect((await send('uri=x', 'text/plain')).status).toBe(400);
    expect((await send(JSON.stringify({ uri: 'x'.repeat(600 * 1024) }))).status).toBe(413);
  });
});

describe('DELETE /unfurl', () => {
  it('removes the pair from the registry and answers 200', async () => {
    await unfurl(h, 'https://fixture.test/items/7', alice);
    const answer = await unfurl(h, 'https://fixture.test/items/7', alice, 'DELETE');
    expect(answer.status).toBe(200);
    const store = await openStore(h.databaseUrl);
    try {
      expect(await store.previews.listOfUri('https://fixture.test/items/7')).toHaveLength(0);
    } finally {
      await store.close();
    }
  });

  it('needs a valid token too', async () => {
    expect((await unfurl(h, 'https://fixture.test/items/7', 'ufk_at_x', 'DELETE')).status).toBe(401);
  });
});
