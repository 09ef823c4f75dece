import { afterEach, describe, expect, it } from 'vitest';
import { type Harness, startHarness } from './support/harness.js';
import { connect, unfurl } from './support/oauth-flow.js';

/*
 * REQUEST_LOG through a whole server on a real port: which answers of the Unfurl Callback (and the token URL)
 * leave a "request completed" line, and that the other lines at info are still written whatever it says.
 */

const ITEM = 'https://fixture.test/items/7';
let h: Harness | undefined;
afterEach(async () => {
  await h?.close();
  h = undefined;
});

type Line = { msg?: string; level?: number; res?: { statusCode?: number }; req?: { url?: string } };
const parsed = (logs: string[]): Line[] => logs.map((text) => JSON.parse(text) as Line);
const requestLines = (logs: string[]) => parsed(logs).filter((line) => line.msg === 'request completed');

/** A connection made (consent, code exchanged), the logs so far dropped; then two good unfurls and two refused. */
async function unfurlsWithSetting(requestLog: 'all' | 'failures' | 'off' | undefined): Promise<Harness> {
  h = await startHarness({ config: requestLog === undefined ? {} : { REQUEST_LOG: requestLog } });
  const { access_token } = await connect(h);
  h.logs.length = 0;
  expect((await unfurl(h, ITEM, access_token)).status).toBe(200);
  expect((await unfurl(h, ITEM, access_token)).status).toBe(200);
  expect((await unfurl(h, ITEM, 'ufk_at_not-a-token')).status).toBe(401);
  expect((await unfurl(h, 'not a url', access_token)).status).toBe(200);
  const refused = await fetch(`${h.url}/unfurl`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: `Bearer ${access_token}` },
    body: '{"uri":',
  });
  expect(refused.status).toBe(400);
  return h;
}

describe('REQUEST_LOG', () => {
  it('all (the default): one line for every answer', async () => {
    const { logs } = await unfurlsWithSetting(undefined);
    expect(requestLines(logs).map((line) => line.res?.statusCode)).toEqual([200, 200, 401, 200, 400]);
  });

  it('failures: lines only for answers of status 400 and above, the refusals still logged at info', async () => {
    const { logs } = await unfurlsWithSetting('failures');
    expect(requestLines(logs).map((line) => line.res?.statusCode)).toEqual([401, 400]);
    // The body refusal's own info line is not the request line, and stays.
    expect(parsed(logs).some((line) => line.msg === 'request refused' && line.level === 30)).toBe(true);
  });

  it('off: no request line at all, other info lines still written', async () => {
    const { logs } = await unfurlsWithSetting('off');
    expect(requestLines(logs)).toEqual([]);
    expect(parsed(logs).some((line) => line.msg === 'request refused' && line.level === 30)).toBe(true);
  });
});
