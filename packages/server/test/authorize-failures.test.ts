import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Harness, startHarness } from './support/harness.js';
import { authorizeUrl, browse, signedInJar } from './support/oauth-flow.js';

/**
 * The authorize and consent pages are read by a person in a browser: a failure there is an HTML page with the
 * right status (the protocol endpoints answer JSON), whether the handler decided it or Fastify refused the
 * request before (an unreadable or oversized form, the rate limit).
 */
let h: Harness;
beforeAll(async () => {
  h = await startHarness({ config: { AUTHORIZE_RATE_LIMIT: 3 } });
});
afterAll(async () => {
  await h.close();
});

async function expectPage(response: Response, status: number, text: RegExp): Promise<void> {
  expect(response.status).toBe(status);
  expect(response.headers.get('content-type')).toMatch(/^text\/html/);
  expect(response.headers.get('cache-control')).toBe('no-store');
  const body = await response.text();
  expect(body).toMatch(/^<!doctype html>/i);
  expect(body).toMatch(text);
}

describe('consent page failures are HTML pages', () => {
  it('answers an unreadable form posted to the consent page with a 400 page', async () => {
    const response = await fetch(`${h.url}/notion/authorize`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: '{"decision":',
    });
    await expectPage(response, 400, /could not be read/);
  });

  it('answers an oversized form with a 413 page', async () => {
    const response = await fetch(`${h.url}/notion/authorize`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: `decision=${'x'.repeat(600_000)}`,
    });
    await expectPage(response, 413, /too large/);
  });

  it('answers the rate limit with a 429 page saying when to retry', async () => {
    const jar = signedInJar();
    let last: Response | undefined;
    for (let attempt = 0; attempt < 5; attempt += 1) {
      last = await browse(authorizeUrl(h), jar);
      if (last.status === 429) break;
      await last.text();
    }
    await expectPage(last!, 429, /try again in \d+ seconds/);
  });
});
