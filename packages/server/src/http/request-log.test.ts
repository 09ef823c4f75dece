import Fastify, { type FastifyBaseLogger } from 'fastify';
import { describe, expect, it } from 'vitest';
import { createLogger } from './logger.js';
import { addLogFields, logOneLinePerRequest } from './request-log.js';

describe('the one line per request', () => {
  it('holds the request id, method, redacted URL, address, status, time and route fields; no header, no body', async () => {
    const lines: string[] = [];
    const logger = createLogger('info', { write: (line: string) => void lines.push(line) });
    const app = Fastify({ loggerInstance: logger as FastifyBaseLogger, disableRequestLogging: true });
    logOneLinePerRequest(app);
    app.post('/unfurl', async (request) => {
      addLogFields(request, { rule: 'item', outcome: 'attributes' });
      return {};
    });
    await app.inject({
      method: 'POST',
      url: '/unfurl?code=SECRET1&page=2',
      headers: {
        authorization: 'Bearer SECRET2',
        cookie: 'session=SECRET3',
        'content-type': 'application/json',
      },
      payload: { uri: 'https://acme.com/items/1', client_secret: 'SECRET4' },
    });
    await app.close();
    const line = lines.map((text) => JSON.parse(text)).find((entry) => entry.msg === 'request completed');
    expect(line).toMatchObject({
      level: 30,
      reqId: expect.any(String),
      req: { method: 'POST', url: '/unfurl?code=[REDACTED]&page=2', remoteAddress: '127.0.0.1' },
      res: { statusCode: 200 },
      responseTime: expect.any(Number),
      rule: 'item',
      outcome: 'attributes',
    });
    expect(Object.keys(line.req).sort()).toEqual(['method', 'remoteAddress', 'url']);
    expect(lines.join('')).not.toMatch(/SECRET/);
  });

  it('is not written below the info level', async () => {
    const lines: string[] = [];
    const app = Fastify({
      loggerInstance: createLogger('warn', {
        write: (line: string) => void lines.push(line),
      }) as FastifyBaseLogger,
      disableRequestLogging: true,
    });
    logOneLinePerRequest(app);
    app.get('/', async () => ({}));
    await app.inject({ method: 'GET', url: '/' });
    await app.close();
    expect(lines).toEqual([]);
  });
});
