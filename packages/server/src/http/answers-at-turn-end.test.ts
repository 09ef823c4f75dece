import http from 'node:http';
import Fastify, { type FastifyBaseLogger, LogController } from 'fastify';
import { afterEach, describe, expect, it } from 'vitest';
import { writeAnswersAtTurnEnd } from './answers-at-turn-end.js';
import { createLogger } from './logger.js';

// Routes that misuse the reply, on an app whose only onSend hook is the turn-end writer (as on the Unfurl
// Callback): no later async hook is there to catch what the held write throws.
async function misusingApp(lines: string[]) {
  const logger = createLogger('debug', { write: (line: string) => void lines.push(line) });
  const app = Fastify({
    loggerInstance: logger as FastifyBaseLogger,
    logController: new LogController({ disableRequestLogging: true }),
  });
  writeAnswersAtTurnEnd(app);
  // Sends, then returns nothing: Fastify sends again (`undefined`) while the first answer is held.
  app.get('/forgot-return', async (_request, reply) => {
    reply.send({ forgot: true });
  });
  app.get('/twice', async (_request, reply) => {
    reply.send({ first: true });
    reply.send({ second: true });
    return reply;
  });
  // Writes on the raw response behind Fastify's back while its answer is held: Node refuses the held write.
  app.get('/raw-behind', async (_request, reply) => {
    reply.send({ held: true });
    reply.raw.writeHead(200, { 'content-type': 'text/plain' });
    reply.raw.end('raw');
    return reply;
  });
  app.get('/ok', async () => ({ ok: true }));
  // A later onSend hook that fails, in a scope of its own (the routes above keep the writer as their only hook):
  // Fastify answers the error, and that answer goes through the writer again once the first one was released.
  await app.register(async (scope) => {
    scope.addHook('onSend', async () => {
      throw new Error('a later onSend hook failed');
    });
    scope.get('/later-hook-fails', async () => ({ ok: true }));
  });
  await app.listen({ port: 0, host: '127.0.0.1' });
  const { port } = app.server.address() as { port: number };
  return { app, url: `http://127.0.0.1:${port}` };
}

/** GET over one keep-alive socket: a stray second write would corrupt the next answer on it. */
function getOver(agent: http.Agent, url: string) {
  return new Promise<{ status: number; text: string }>((resolve, reject) => {
    http
      .get(url, { agent }, (response) => {
        let text = '';
        response.setEncoding('utf8');
        response.on('data', (chunk: string) => {
          text += chunk;
        });
        response.on('end', () => resolve({ status: response.statusCode ?? 0, text }));
      })
      .on('error', reject);
  });
}

let close: (() => Promise<unknown>) | undefined;
afterEach(async () => {
  await close?.();
  close = undefined;
});

/** The app, its log lines, and GET over one keep-alive socket to it; closed after the test. */
async function startMisusingApp() {
  const lines: string[] = [];
  const { app, url } = await misusingApp(lines);
  const agent = new http.Agent({ keepAlive: true, maxSockets: 1 });
  close = async () => {
    agent.destroy();
    await app.close();
  };
  return { lines, get: (path: string) => getOver(agent, `${url}${path}`) };
}

describe('the turn-end writer and routes that misuse the reply', () => {
  it('writes only the first answer of a route that sends twice or forgets `return reply`', async () => {
    const { lines, get } = await startMisusingApp();
    expect(await get('/forgot-return')).toEqual({ status: 200, text: '{"forgot":true}' });
    expect(await get('/twice')).toEqual({ status: 200, text: '{"first":true}' });
    expect(await get('/forgot-return')).toEqual({ status: 200, text: '{"forgot":true}' });
    expect(await get('/ok')).toEqual({ status: 200, text: '{"ok":true}' });
    const levels = lines.map((line) => JSON.parse(line) as { level: number; msg?: string });
    expect(levels.filter((line) => line.level >= 40)).toEqual([]);
    expect(
      levels.filter((line) => line.msg?.startsWith('a second answer to one request, dropped')),
    ).toHaveLength(3);
  });

  it('writes the error answer of a later onSend hook that fails', async () => {
    const { get } = await startMisusingApp();
    const answer = await get('/later-hook-fails');
    expect(answer.status).toBe(500);
    expect(JSON.parse(answer.text)).toMatchObject({ statusCode: 500, message: 'a later onSend hook failed' });
    expect(await get('/ok')).toEqual({ status: 200, text: '{"ok":true}' });
  });

  it('hands a write Node refuses back to Fastify as an error instead of ending the process', async () => {
    const { lines, get } = await startMisusingApp();
    expect(await get('/raw-behind')).toEqual({ status: 200, text: 'raw' });
    // Still serving, on the same socket; Fastify logged the refused answer as it does for its own async hooks.
    expect(await get('/ok')).toEqual({ status: 200, text: '{"ok":true}' });
    expect(
      lines.some((line) => line.includes('Reply was already sent') && line.includes('/raw-behind')),
    ).toBe(true);
  });
});
