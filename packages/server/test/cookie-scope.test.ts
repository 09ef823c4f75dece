import { afterEach, describe, expect, it } from 'vitest';
import { defineIntegration } from '../src/index.js';
import { fixtureIntegration } from './support/fixture-integration.js';
import { type Harness, startHarness } from './support/harness.js';
import { connect, unfurl } from './support/oauth-flow.js';

/** The fixture integration with two pages of the product's own that read and set a cookie. */
const withPages = defineIntegration({
  ...fixtureIntegration,
  routes(app) {
    app.get('/product/whoami', async (request) => ({ cookies: request.cookies }));
    app.post('/product/login', async (_request, reply) => {
      reply.setCookie('session', 'abc', { httpOnly: true, path: '/' });
      return { ok: true };
    });
  },
});

/** The hooks Fastify runs for one route, as `printRoutes` lists them. */
function hooksOf(h: Harness, path: string): string {
  const table = h.server.app.printRoutes({ includeHooks: true, commonPrefix: false });
  const lines = table.split('\n');
  const start = lines.findIndex((line) => line.includes(`${path} (`));
  expect(start, `${path} is not routed:\n${table}`).toBeGreaterThanOrEqual(0);
  const end = lines.findIndex((line, index) => index > start && /^[├└]/.test(line));
  return lines.slice(start, end === -1 ? undefined : end).join('\n');
}

let h: Harness;
afterEach(async () => {
  await h.close();
});

describe('cookies only where a browser comes', () => {
  it('parses and sets cookies on the product’s own pages and the authorize URL, beside the consent flow', async () => {
    h = await startHarness({ integration: withPages });
    const read = await fetch(`${h.url}/product/whoami`, { headers: { cookie: 'session=xyz; theme=dark' } });
    expect(await read.json()).toEqual({ cookies: { session: 'xyz', theme: 'dark' } });
    const login = await fetch(`${h.url}/product/login`, { method: 'POST' });
    expect(login.headers.get('set-cookie')).toMatch(/^session=abc; Path=\/; HttpOnly/);
    // The consent flow, which binds the browser with a cookie, still connects.
    const token = (await connect(h, 'alice')).access_token;
    expect((await unfurl(h, 'https://fixture.test/items/7', token)).status).toBe(200);
    expect(hooksOf(h, '/notion/authorize')).toContain('fastifyCookieHandler');
  });

  it('runs no cookie hook on Notion’s server-to-server routes, and on the unfurl callback no onSend hook but the turn-end writer', async () => {
    h = await startHarness({ integration: withPages });
    for (const path of ['/unfurl', '/notion/token', '/notion/deletion', '/healthz']) {
      expect(hooksOf(h, path), path).not.toMatch(/cookie/i);
    }
    expect(hooksOf(h, '/unfurl')).toContain('(onSend) ["holdUntilTurnEnd()"]');
    const token = (await connect(h, 'alice')).access_token;
    const answer = await fetch(`${h.url}/unfurl`, {
      method: 'POST',
      headers: {
        authorization: `Bearer ${token}`,
        'content-type': 'application/json',
        cookie: 'session=xyz',
      },
      body: JSON.stringify({ uri: 'https://fixture.test/items/7' }),
    });
    expect(answer.status).toBe(200);
    expect(answer.headers.get('set-cookie')).toBeNull();
    expect(answer.headers.get('x-request-id')).toMatch(/^[0-9a-f-]{36}$/);
    expect(answer.headers.get('content-security-policy')).toContain("default-src 'none'");
  });
});
