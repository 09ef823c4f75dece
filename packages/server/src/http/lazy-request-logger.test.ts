import Fastify, { type FastifyBaseLogger, type FastifyInstance, LogController } from 'fastify';
import type { Logger } from 'pino';
import { describe, expect, it } from 'vitest';
import { lazyChildLogger } from './lazy-child-logger.js';
import { createLogger } from './logger.js';

function appWithLines() {
  const lines: Record<string, unknown>[] = [];
  const logger = createLogger('info', { write: (line: string) => void lines.push(JSON.parse(line)) });
  const app = Fastify({
    loggerInstance: logger as FastifyBaseLogger,
    logController: new LogController({ disableRequestLogging: true }),
    childLoggerFactory: lazyChildLogger,
  });
  return { app, lines };
}

/** Counts the child loggers made of the server's logger (each request's logger is one) from now on. */
function countChildren(app: FastifyInstance): () => number {
  let children = 0;
  const child = app.log.child.bind(app.log);
  app.log.child = (...args: Parameters<FastifyBaseLogger['child']>) => {
    children += 1;
    return child(...args);
  };
  return () => children;
}

describe('request.log made on first use', () => {
  it('makes no child logger for a request whose route does not log', async () => {
    const { app } = appWithLines();
    app.get('/silent', async () => ({}));
    app.get('/loud', async (request) => {
      request.log.info('loud');
      return {};
    });
    await app.ready();
    const children = countChildren(app);
    for (let i = 0; i < 3; i++)
      expect((await app.inject({ method: 'GET', url: '/silent' })).statusCode).toBe(200);
    expect(children()).toBe(0);
    await app.inject({ method: 'GET', url: '/loud' });
    expect(children()).toBe(1);
    await app.close();
  });

  it('writes with the request id bound and the logger’s redaction, as Fastify’s own child would', async () => {
    const { app, lines } = appWithLines();
    let requestId = '';
    app.get('/loud', async (request) => {
      requestId = request.id;
      request.log.warn({ headers: { authorization: 'Bearer SECRET' } }, 'first');
      request.log.info('second');
      return {};
    });
    await app.inject({ method: 'GET', url: '/loud' });
    await app.close();
    const written = lines.filter((line) => line.msg === 'first' || line.msg === 'second');
    expect(written.map((line) => [line.msg, line.reqId, line.level])).toEqual([
      ['first', requestId, 40],
      ['second', requestId, 30],
    ]);
    expect(JSON.stringify(lines)).not.toContain('SECRET');
  });

  it('keeps a route’s own log level and lets a route read and change the level', async () => {
    const { app, lines } = appWithLines();
    app.get('/quiet', { logLevel: 'error' }, async (request) => {
      request.log.warn('dropped');
      request.log.error('kept');
      const level = request.log.level;
      request.log.level = 'warn';
      request.log.warn(`was ${level}`);
      request.log.child({ part: 'inner' }).warn('from a child');
      // pino's own methods, which a product's code may call on request.log, answer as on Fastify's child.
      const pinoLog = request.log as unknown as Logger;
      expect([pinoLog.isLevelEnabled('warn'), pinoLog.isLevelEnabled('info')]).toEqual([true, false]);
      expect(pinoLog.bindings()).toEqual({ reqId: request.id });
      expect(pinoLog.levelVal).toBe(pinoLog.levels.values.warn);
      return {};
    });
    await app.inject({ method: 'GET', url: '/quiet' });
    await app.close();
    expect(lines.map((line) => line.msg)).toEqual(['kept', 'was error', 'from a child']);
    expect(lines[2]).toMatchObject({ part: 'inner', reqId: expect.any(String) });
  });
});
