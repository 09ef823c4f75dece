import http from 'node:http';
import { title } from '@unfurlkit/core';
import { afterEach, describe, expect, it } from 'vitest';
import { defineIntegration } from '../src/index.js';
import { fixtureIntegration } from './support/fixture-integration.js';
import { type Harness, startHarness } from './support/harness.js';
import { connect } from './support/oauth-flow.js';

/** What a product route saw of its own answer: written yet, right after `send`, and once the turn is over. */
const seen: { atSend?: boolean; afterTurn?: boolean } = {};

const integration = defineIntegration({
  ...fixtureIntegration,
  rules: [
    {
      name: 'echo',
      pattern: '^https:\\/\\/turn\\.test\\/items\\/(?<id>\\d+)$',
      samples: ['https://turn.test/items/1'],
      resolve: ({ groups }) => [title(`Item ${groups.id}`)],
    },
    {
      name: 'later',
      pattern: '^https:\\/\\/turn\\.test\\/later\\/(?<id>\\d+)$',
      samples: ['https://turn.test/later/1'],
      // Answers in a later turn's check phase, then from a timer: the turn-end write must still come.
      resolve: async ({ groups }) => {
        await new Promise((resolve) => setImmediate(resolve));
        await new Promise((resolve) => setTimeout(resolve, 1));
        return [title(`Later ${groups.id}`)];
      },
    },
  ],
  routes(app) {
    app.get('/product/written', async (_request, reply) => {
      reply.send({ ok: true });
      seen.atSend = reply.raw.writableEnded;
      // Scheduled after the send, so it runs after the turn-end write of this turn.
      setImmediate(() => {
        seen.afterTurn = reply.raw.writableEnded;
      });
      return reply;
    });
  },
});

/** POST /unfurl over `agent` (keep-alive sockets shared by many requests); the answer's status and JSON. */
function unfurlOver(agent: http.Agent, h: Harness, token: string, uri: string) {
  return new Promise<{ status: number; body: { uri?: string; operations?: unknown[] } }>(
    (resolve, reject) => {
      const request = http.request(
        `${h.url}/unfurl`,
        {
          method: 'POST',
          agent,
          headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
        },
        (response) => {
          let text = '';
          response.setEncoding('utf8');
          response.on('data', (chunk: string) => {
            text += chunk;
          });
          response.on('end', () => resolve({ status: response.statusCode ?? 0, body: JSON.parse(text) }));
          response.on('error', reject);
        },
      );
      request.on('error', reject);
      request.end(JSON.stringify({ uri }));
    },
  );
}

let h: Harness;
afterEach(async () => {
  await h.close();
});

describe('answers written at the end of the turn', () => {
  it('holds an answer past its send until the turn ends, then writes it', async () => {
    h = await startHarness({ integration });
    const answer = await fetch(`${h.url}/product/written`);
    expect(answer.status).toBe(200);
    expect(await answer.json()).toEqual({ ok: true });
    expect(seen).toEqual({ atSend: false, afterTurn: true });
  });

  it('gives every one of many concurrent answers its own payload, on shared keep-alive sockets', async () => {
    h = await startHarness({ integration });
    const token = (await connect(h, 'alice')).access_token;
    const agent = new http.Agent({ keepAlive: true, maxSockets: 24 });
    try {
      // Two rounds: the second reuses the sockets; resolvers that answer at once and in later turns, mixed.
      for (let round = 0; round < 2; round++) {
        const uris = Array.from({ length: 240 }, (_, index) =>
          index % 3 === 0
            ? `https://turn.test/later/${round}${index}`
            : `https://turn.test/items/${round}${index}`,
        );
        const answers = await Promise.all(uris.map((uri) => unfurlOver(agent, h, token, uri)));
        answers.forEach((answer, index) => {
          const uri = uris[index] as string;
          expect(answer.status, uri).toBe(200);
          expect(answer.body.uri, uri).toBe(uri);
          const expected = uri.includes('/later/')
            ? `Later ${uri.split('/').pop()}`
            : `Item ${uri.split('/').pop()}`;
          expect(JSON.stringify(answer.body.operations), uri).toContain(JSON.stringify(expected));
        });
      }
    } finally {
      agent.destroy();
    }
  });

  it('writes refusals the same way: a bad bearer, a bad body, an unknown route', async () => {
    h = await startHarness({ integration });
    const token = (await connect(h, 'alice')).access_token;
    const [noBearer, badBody, unknown] = await Promise.all([
      fetch(`${h.url}/unfurl`, {
        method: 'POST',
        body: '{}',
        headers: { 'content-type': 'application/json' },
      }),
      fetch(`${h.url}/unfurl`, {
        method: 'POST',
        body: '{"url":1}',
        headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
      }),
      fetch(`${h.url}/nowhere`),
    ]);
    expect([noBearer.status, badBody.status, unknown.status]).toEqual([401, 400, 404]);
    expect(noBearer.headers.get('x-request-id')).toMatch(/^[0-9a-f-]{36}$/);
    expect(await badBody.json()).toMatchObject({ error: 'invalid_request' });
  });
});
