import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { trickleRequest } from '../../../test/support/trickle-request.js';
import { type Harness, startHarness } from './support/harness.js';
import { connect, unfurl } from './support/oauth-flow.js';

/**
 * Slow clients (REQUEST_TIMEOUT_MS): a connection trickling its headers or body is answered 408 in the one error
 * shape and closed, instead of holding a socket for as long as it likes. The limit is shortened to 300 ms here;
 * the trickle gives up after 5 s, so a server that never cuts fails the test rather than hanging it.
 */
let h: Harness;
beforeAll(async () => {
  h = await startHarness({ config: { REQUEST_TIMEOUT_MS: 300 } });
});
afterAll(async () => {
  await h.close();
});

describe('REQUEST_TIMEOUT_MS', () => {
  it('cuts a body trickled a byte at a time: 408 in the one error shape, connection closed', async () => {
    const head =
      'POST /notion/token HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/x-www-form-urlencoded\r\n' +
      'Content-Length: 500\r\n\r\ngrant_type=';
    const cut = await trickleRequest(h.url, head, 'x');
    expect(cut.closedByServer).toBe(true);
    expect(cut.status).toBe(408);
    expect(cut.response).toMatch(/\r\nconnection: close\r\n/i);
    const body = JSON.parse(cut.response.slice(cut.response.indexOf('\r\n\r\n') + 4)) as Record<
      string,
      string
    >;
    expect(body.error).toBe('invalid_request');
    expect(body.error_description).toMatch(/REQUEST_TIMEOUT_MS/);
    expect(body.request_id).toMatch(/^[0-9a-f-]{36}$/);
    expect(cut.bytesSent).toBeLessThan(500);
  });

  it('cuts headers trickled a line at a time', async () => {
    const cut = await trickleRequest(h.url, 'GET /healthz HTTP/1.1\r\nHost: 127.0.0.1\r\n', 'x', {
      everyMs: 20,
    });
    expect(cut.closedByServer).toBe(true);
    expect(cut.status).toBe(408);
  });

  it('leaves ordinary requests alone', async () => {
    const tokens = await connect(h);
    expect((await unfurl(h, 'https://fixture.test/items/7', tokens.access_token)).status).toBe(200);
  });
});
