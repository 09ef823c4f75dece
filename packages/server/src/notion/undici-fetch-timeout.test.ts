import { once } from 'node:events';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { undiciFetch } from './undici-fetch.js';

/* The outbox's transport with the pool's own time limit, against a real HTTP server that never answers. */

let server: Server;
let base: string;
let closed = 0;

beforeAll(async () => {
  server = createServer((request) => {
    request.resume();
    request.socket.on('close', () => {
      closed += 1;
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

describe('undiciFetch with timeoutMs', () => {
  it('rejects a request over the limit as fetch does (TimeoutError), and closes its socket', async () => {
    const send = undiciFetch({ timeoutMs: 150 });
    await expect(send(`${base}/slow`, { method: 'PATCH', body: '{}' })).rejects.toMatchObject({
      name: 'TimeoutError',
    });
    for (let i = 0; i < 100 && closed === 0; i++) await new Promise((resolve) => setTimeout(resolve, 20));
    expect(closed).toBe(1);
  });
});
