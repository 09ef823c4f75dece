import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type RunningDemo, startDemo } from '../src/demo.js';
import { createAcmeIntegration } from '../src/integration.js';

const basic = (user: string, password = user) =>
  `Basic ${Buffer.from(`${user}:${password}`).toString('base64')}`;

describe("Acme's resolver", () => {
  const integration = createAcmeIntegration();
  const resolve = (itemNo: string, account: string) =>
    integration.rules[0]!.resolve({
      uri: `https://acme.com/items/${itemNo}`,
      groups: { site: 'https://acme.com', itemNo },
      account: { id: account, name: account },
      rule: 'item',
      signal: new AbortController().signal,
    });

  it('answers a public item to anyone, with every kind of attribute the issue names', async () => {
    const attributes = (await resolve('23487', 'bob')) as Array<{ id: string }>;
    expect(attributes.map((a) => a.id)).toEqual([
      'title',
      'status',
      'itemId',
      'updated',
      'description',
      'color',
    ]);
  });

  it('keeps a private item to its owner: 403 for others, 404 for unknown items', async () => {
    expect(Array.isArray(await resolve('1', 'alice'))).toBe(true);
    expect(await resolve('1', 'bob')).toMatchObject({ status: 403 });
    expect(await resolve('999', 'alice')).toMatchObject({ status: 404 });
  });
});

describe("Acme's item API and forms", () => {
  let demo: RunningDemo;
  beforeAll(async () => {
    demo = await startDemo({ acmePort: 0, emulatorPort: 0, memory: true, logLevel: 'silent' });
  });
  afterAll(async () => {
    await demo?.close();
  });

  const put = (id: string, body: unknown, authorization?: string) =>
    fetch(`${demo.acmeUrl}/api/items/${id}`, {
      method: 'PUT',
      headers: { 'content-type': 'application/json', ...(authorization ? { authorization } : {}) },
      body: JSON.stringify(body),
    });

  it('needs HTTP Basic with a demo user', async () => {
    expect((await put('23487', { title: 'x' })).status).toBe(401);
    expect((await put('23487', { title: 'x' }, basic('alice', 'wrong'))).status).toBe(401);
  });

  it('refuses malformed edits with 400', async () => {
    for (const body of [{ status: 'Maybe' }, { color: 'red' }, { title: '' }, { owner: 'bob' }, []]) {
      expect((await put('23487', body, basic('alice'))).status, JSON.stringify(body)).toBe(400);
    }
    expect((await put('abc', { title: 'x' }, basic('alice'))).status).toBe(400);
    expect((await put('777', { status: 'Done' }, basic('alice'))).status).toBe(400);
  });

  it('lets only the owner edit or delete a private item', async () => {
    expect((await put('1', { title: 'mine now' }, basic('bob'))).status).toBe(403);
    const deleted = await fetch(`${demo.acmeUrl}/api/items/1`, {
      method: 'DELETE',
      headers: { authorization: basic('bob') },
    });
    expect(deleted.status).toBe(403);
    expect((await put('1', { title: 'Q3 plan, revised' }, basic('alice'))).status).toBe(200);
  });

  it('signs out from every page: a same-site POST to /logout, back to a local next only', async () => {
    const logout = (body: Record<string, string>, origin = demo.acmeUrl) =>
      fetch(`${demo.acmeUrl}/logout`, {
        method: 'POST',
        redirect: 'manual',
        headers: { 'content-type': 'application/x-www-form-urlencoded', origin },
        body: new URLSearchParams(body).toString(),
      });
    expect((await logout({}, 'https://evil.example')).status).toBe(403);
    const plain = await logout({});
    expect([plain.status, plain.headers.get('location')]).toEqual([303, '/']);
    const resume = await logout({ next: '/notion/authorize?resume=abc' });
    expect(resume.headers.get('location')).toBe('/notion/authorize?resume=abc');
    expect((await logout({ next: '//evil.example/x' })).headers.get('location')).toBe('/');
    // The account bar with its Sign out button is on the pages of a signed-in person.
    const signIn = await fetch(`${demo.acmeUrl}/login`, {
      method: 'POST',
      redirect: 'manual',
      headers: { 'content-type': 'application/x-www-form-urlencoded', origin: demo.acmeUrl },
      body: 'username=alice&password=alice&next=/',
    });
    const cookie = signIn.headers.get('set-cookie')!.split(';')[0]!;
    for (const path of ['/', '/login', '/items/23487/edit']) {
      const page = await (await fetch(`${demo.acmeUrl}${path}`, { headers: { cookie } })).text();
      expect(page, path).toContain(
        '<form method="post" action="/logout"><button type="submit">Sign out</button>',
      );
    }
  });

  it('refuses a sign-in form posted from another site (login CSRF)', async () => {
    const response = await fetch(`${demo.acmeUrl}/login`, {
      method: 'POST',
      redirect: 'manual',
      headers: { 'content-type': 'application/x-www-form-urlencoded', origin: 'https://evil.example' },
      body: 'username=alice&password=alice&next=%2F',
    });
    expect(response.status).toBe(403);
    expect(response.headers.getSetCookie()).toEqual([]);
  });
});
