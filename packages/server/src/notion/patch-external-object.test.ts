import { createServer } from 'node:net';
import type { UnfurlObject } from '@unfurlkit/core';
import Fastify, { type FastifyInstance, type FastifyReply } from 'fastify';
import pino from 'pino';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { createOutboxSdk } from './notion-sdk.js';
import { patchExternalObject } from './patch-external-object.js';

interface Received {
  method: string;
  url: string;
  headers: Record<string, string | string[] | undefined>;
  body: unknown;
}

/** How the fake Notion answers the next PATCH. */
type Answer = (reply: FastifyReply) => unknown;

const notionError = (status: number, code: string, headers: Record<string, string> = {}): Answer => {
  return (reply) =>
    reply
      .code(status)
      .headers(headers)
      .send({ object: 'error', status, code, message: `injected ${code}`, request_id: 'req-1' });
};

const body: UnfurlObject = {
  uri: 'https://acme.com/items/1',
  operations: [
    {
      path: ['attributes'],
      set: [
        { id: 'title', name: 'Title', type: 'inline', inline: { title: { value: 'One', section: 'title' } } },
        {
          id: 'dev',
          name: 'Developer Name',
          type: 'inline',
          inline: { plain_text: { value: 'Acme', section: 'secondary' } },
        },
      ],
    },
  ],
} as UnfurlObject;

let app: FastifyInstance;
let apiUrl: string;
let received: Received[];
let answer: Answer;
const NOW = Date.UTC(2026, 0, 1);

beforeAll(async () => {
  app = Fastify({ forceCloseConnections: true });
  app.addContentTypeParser('*', { parseAs: 'string' }, (_request, text, done) => done(null, text));
  app.all('/*', async (request, reply) => {
    received.push({ method: request.method, url: request.url, headers: request.headers, body: request.body });
    return answer(reply);
  });
  apiUrl = await app.listen({ port: 0, host: '127.0.0.1' });
});

afterAll(async () => {
  await app.close();
});

beforeEach(() => {
  received = [];
  answer = (reply) => reply.code(200).send({ object: 'external_object', uri: body.uri });
});

const silent = pino({ level: 'silent' });

function client(timeoutMs = 2_000, url = apiUrl) {
  const sdk = createOutboxSdk({ apiUrl: url, timeoutMs, logger: silent });
  return {
    patch: (token: string, object: UnfurlObject) => patchExternalObject(sdk, token, object, () => NOW),
  };
}

describe('patchExternalObject: the request', () => {
  it('sends PATCH /v1/external/object with the bearer token, the Notion version and the JSON body', async () => {
    expect(await client().patch('secret_notion_token', body)).toEqual({ kind: 'delivered', status: 200 });
    expect(received).toHaveLength(1);
    const [request] = received;
    expect(request!.method).toBe('PATCH');
    expect(request!.url).toBe('/v1/external/object');
    expect(request!.headers.authorization).toBe('Bearer secret_notion_token');
    expect(request!.headers['notion-version']).toBe('2022-06-28');
    expect(request!.headers['content-type']).toMatch(/^application\/json/);
    expect(request!.body).toEqual(body);
  });

  it('sends exactly one request for an error answer: the outbox retries, not the SDK', async () => {
    answer = notionError(503, 'service_unavailable');
    await client().patch('t', body);
    answer = notionError(429, 'rate_limited', { 'retry-after': '0' });
    await client().patch('t', body);
    expect(received).toHaveLength(2);
  });
});

describe('patchExternalObject: what an answer means', () => {
  it('2xx is delivered, whatever the body (Notion documents none)', async () => {
    expect(await client().patch('t', body)).toEqual({ kind: 'delivered', status: 200 });
    answer = (reply) => reply.code(200).send('');
    expect(await client().patch('t', body)).toMatchObject({ kind: 'delivered' });
    answer = (reply) => reply.code(204).send();
    expect(await client().patch('t', body)).toMatchObject({ kind: 'delivered' });
    answer = (reply) => reply.code(200).type('text/plain').send('ok');
    expect(await client().patch('t', body)).toMatchObject({ kind: 'delivered' });
  });

  it('429 with Retry-After: 2 is rate-limited for 2,000 ms', async () => {
    answer = notionError(429, 'rate_limited', { 'retry-after': '2' });
    expect(await client().patch('t', body)).toEqual({
      kind: 'rate-limited',
      status: 429,
      retryAfterMs: 2_000,
    });
  });

  it('429 with Retry-After as an HTTP date is rate-limited until then', async () => {
    answer = notionError(429, 'rate_limited', { 'retry-after': new Date(NOW + 7_000).toUTCString() });
    expect(await client().patch('t', body)).toEqual({
      kind: 'rate-limited',
      status: 429,
      retryAfterMs: 7_000,
    });
  });

  it('429 without a JSON body is still rate-limited', async () => {
    answer = (reply) =>
      reply.code(429).header('retry-after', '3').type('text/html').send('<h1>slow down</h1>');
    expect(await client().patch('t', body)).toEqual({
      kind: 'rate-limited',
      status: 429,
      retryAfterMs: 3_000,
    });
  });

  it('529 without Retry-After is rate-limited with no wait given (the worker backs off)', async () => {
    answer = notionError(529, 'service_overload');
    expect(await client().patch('t', body)).toEqual({
      kind: 'rate-limited',
      status: 529,
      retryAfterMs: undefined,
    });
  });

  it.each([
    [500, 'internal_server_error'],
    [502, 'bad_gateway'],
    [503, 'service_unavailable'],
    [504, 'gateway_timeout'],
    [409, 'conflict_error'],
    [408, 'request_timeout'],
  ])('%i %s is transient', async (status, code) => {
    answer = notionError(status, code);
    const outcome = await client().patch('t', body);
    expect(outcome).toMatchObject({ kind: 'transient', status });
    expect(outcome.kind === 'transient' && outcome.reason).toContain(code);
  });

  it('a 502 HTML page from a proxy is transient', async () => {
    answer = (reply) => reply.code(502).type('text/html').send('<html>Bad Gateway</html>');
    expect(await client().patch('t', body)).toMatchObject({ kind: 'transient', status: 502 });
  });

  it('an answer slower than timeoutMs is a transient timeout, and the request is closed, not left hanging', async () => {
    let closed = false;
    answer = (reply) => {
      reply.raw.on('close', () => {
        closed = true;
      });
      return new Promise(() => {});
    };
    const outcome = await client(150).patch('t', body);
    expect(outcome).toEqual({ kind: 'transient', status: undefined, reason: 'timeout' });
    // Bounded: the abort happens with the timeout; allow the socket a moment to close.
    for (let i = 0; i < 100 && !closed; i++) await new Promise((resolve) => setTimeout(resolve, 20));
    expect(closed).toBe(true);
  });

  it('a refused connection is a transient network failure', async () => {
    const closedPort = await freePort();
    const outcome = await client(2_000, `http://127.0.0.1:${closedPort}`).patch('t', body);
    expect(outcome).toMatchObject({ kind: 'transient', status: undefined });
    expect(outcome.kind === 'transient' && outcome.reason).toMatch(/^network: /);
  });

  it('401 is unauthorized', async () => {
    answer = notionError(401, 'unauthorized');
    expect(await client().patch('t', body)).toEqual({
      kind: 'unauthorized',
      reason: 'unauthorized (HTTP 401)',
    });
  });

  it('404 is not-found', async () => {
    answer = notionError(404, 'object_not_found');
    expect(await client().patch('t', body)).toEqual({
      kind: 'not-found',
      reason: 'object_not_found (HTTP 404)',
    });
  });

  it('400 validation_error is rejected, with Notion’s code in the reason', async () => {
    answer = notionError(400, 'validation_error');
    expect(await client().patch('t', body)).toEqual({
      kind: 'rejected',
      status: 400,
      reason: 'validation_error (HTTP 400)',
    });
  });

  it('403 restricted_resource is rejected', async () => {
    answer = notionError(403, 'restricted_resource');
    expect(await client().patch('t', body)).toMatchObject({ kind: 'rejected', status: 403 });
  });

  it('never throws, even for an answer that is not Notion’s error shape', async () => {
    answer = (reply) => reply.code(418).send('teapot');
    expect(await client().patch('t', body)).toMatchObject({ kind: 'rejected', status: 418 });
  });
});

/** A port nothing listens on: bound, then released. */
function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      const port = typeof address === 'object' && address ? address.port : 0;
      server.close(() => resolve(port));
    });
  });
}
