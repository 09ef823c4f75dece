import { once } from 'node:events';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { undiciFetch } from './undici-fetch.js';

/* The outbox's transport against a real HTTP server on 127.0.0.1: what the Notion SDK reads of each answer. */

let server: Server;
let base: string;
const seen: Array<{ method?: string; headers: Record<string, unknown>; body: string }> = [];

beforeAll(async () => {
  server = createServer((request, response) => {
    let body = '';
    request.on('data', (chunk) => {
      body += chunk;
    });
    request.on('end', () => {
      seen.push({ method: request.method, headers: request.headers, body });
      if (request.url === '/slow') return; // never answers: the caller's signal must end it
      if (request.url === '/chunked') {
        // "é" is two bytes in UTF-8: sent split across two chunks, the answer must still read as one text.
        const text = Buffer.from('{"title":"café – ✓"}');
        const cut = text.indexOf(0xc3) + 1;
        response.writeHead(200, { 'content-type': 'application/json' });
        response.write(text.subarray(0, cut));
        setTimeout(() => response.end(text.subarray(cut)), 20);
        return;
      }
      if (request.url === '/limited') {
        response.writeHead(429, { 'retry-after': '1', 'content-type': 'application/json' });
        response.end('{"object":"error","status":429,"code":"rate_limited","message":"slow down"}');
        return;
      }
      response.writeHead(200, [
        ['content-type', 'application/json'],
        ['x-many', 'a'],
        ['x-many', 'b'],
      ]);
      response.end('{"ok":true}');
    });
  });
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});

afterAll(async () => {
  server.closeAllConnections();
  server.close();
});

describe('undiciFetch', () => {
  const send = undiciFetch();

  it('sends the method, headers and JSON body, and answers status, headers and text', async () => {
    const answer = await send(`${base}/v1/external/object`, {
      method: 'patch',
      headers: { authorization: 'Bearer t', 'content-type': 'application/json' },
      body: '{"uri":"x"}',
    });
    expect(answer.ok).toBe(true);
    expect(answer.status).toBe(200);
    expect(answer.headers.get('content-type')).toBe('application/json');
    expect(answer.headers.get('x-many')).toBe('a, b');
    expect(await answer.text()).toBe('{"ok":true}');
    expect(seen.at(-1)).toMatchObject({
      method: 'PATCH',
      headers: { authorization: 'Bearer t' },
      body: '{"uri":"x"}',
    });
  });

  it('answers an error status as fetch does: not ok, with its Retry-After and body', async () => {
    const answer = await send(`${base}/limited`, { method: 'PATCH', body: '{}' });
    expect(answer.ok).toBe(false);
    expect(answer.status).toBe(429);
    expect(answer.headers.get('retry-after')).toBe('1');
    expect(await answer.text()).toContain('rate_limited');
  });

  it('rejects when the signal ends the request, with the signal’s reason', async () => {
    await expect(
      send(`${base}/slow`, { method: 'PATCH', signal: AbortSignal.timeout(100) }),
    ).rejects.toMatchObject({ name: 'TimeoutError' });
  });

  it('reads a body sent in several chunks whole, a character split between two chunks included', async () => {
    const answer = await send(`${base}/chunked`, { method: 'GET' });
    expect(await answer.text()).toBe('{"title":"café – ✓"}');
  });

  it('rejects at once, sending nothing, when the signal has already ended', async () => {
    const before = seen.length;
    const reason = new DOMException('stopped', 'AbortError');
    const controller = new AbortController();
    controller.abort(reason);
    await expect(
      send(`${base}/v1/external/object`, { method: 'PATCH', signal: controller.signal }),
    ).rejects.toBe(reason);
    expect(seen.length).toBe(before);
  });

  it('rejects when nothing listens', async () => {
    const closed = createServer();
    closed.listen(0, '127.0.0.1');
    await once(closed, 'listening');
    const port = (closed.address() as AddressInfo).port;
    closed.close();
    await once(closed, 'close');
    await expect(send(`http://127.0.0.1:${port}/`, { method: 'PATCH' })).rejects.toThrow();
  });
});
