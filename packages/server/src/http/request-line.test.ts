import fc from 'fast-check';
import Fastify, { type FastifyBaseLogger } from 'fastify';
import pino from 'pino';
import { describe, expect, it } from 'vitest';
import { createLogger, loggerOptions } from './logger.js';
import { isComposable } from './request-line.js';
import { addLogFields, logOneLinePerRequest } from './request-log.js';

/*
 * The request line composed for the server's own logger (request-line.ts) must be the line pino writes for the
 * same request: same fields, same values, same order. Each case runs the same request through two apps, one with a
 * logger `createLogger` made (composed) and one with a plain pino logger of the same options (pino's own path).
 */

type Fields = Record<string, string | number | boolean | null | undefined>;

async function lineFor(
  logger: pino.Logger,
  lines: string[],
  request: { method: 'GET' | 'POST'; url: string; fields: Fields | null; status: number },
): Promise<Record<string, unknown>> {
  const app = Fastify({ loggerInstance: logger as FastifyBaseLogger, disableRequestLogging: true });
  logOneLinePerRequest(app);
  app.all('/*', async (incoming, reply) => {
    if (request.fields) addLogFields(incoming, request.fields);
    return reply.code(request.status).send({});
  });
  await app.inject({ method: request.method, url: request.url });
  await app.close();
  const line = lines.at(-1);
  if (line === undefined) throw new Error('no line');
  expect(line.endsWith('}\n')).toBe(true);
  return JSON.parse(line);
}

function withoutTime(line: Record<string, unknown>): Record<string, unknown> {
  const { time, responseTime, ...rest } = line;
  expect(typeof time).toBe('number');
  expect(typeof responseTime).toBe('number');
  return rest;
}

const fieldValue = fc.oneof(
  fc.string({ unit: 'binary' }),
  fc.integer(),
  fc.double(),
  fc.boolean(),
  fc.constant(null),
  fc.constant(undefined),
);

describe('the composed request line', () => {
  it('is what pino writes for the same request: fields, values and order', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.webPath(),
        fc.webQueryParameters(),
        fc.option(fc.dictionary(fc.string({ unit: 'binary' }), fieldValue, { maxKeys: 5 }), { nil: null }),
        fc.constantFrom(200, 204, 400, 401, 500),
        fc.constantFrom('GET' as const, 'POST' as const),
        async (path, query, fields, status, method) => {
          const url = `/p${path}?${query}&code=SECRET&state=x"y`;
          const composedLines: string[] = [];
          const composed = createLogger('info', { write: (line: string) => void composedLines.push(line) });
          const pinoLines: string[] = [];
          const plain = pino(loggerOptions('info'), { write: (line: string) => void pinoLines.push(line) });
          expect(isComposable(composed)).toBe(true);
          expect(isComposable(plain)).toBe(false);

          const request = { method, url, fields, status };
          const ours = await lineFor(composed, composedLines, request);
          const theirs = await lineFor(plain, pinoLines, request);
          expect(Object.keys(ours)).toEqual(Object.keys(theirs));
          expect(withoutTime(ours)).toEqual(withoutTime(theirs));
          expect(JSON.stringify(ours)).not.toContain('SECRET');
        },
      ),
      { numRuns: 150 },
    );
  });

  it('is used in an app whose logger createLogger made', () => {
    const app = Fastify({ loggerInstance: createLogger('info') as FastifyBaseLogger });
    expect(isComposable(app.log)).toBe(true);
  });

  it('follows the logger’s level as it changes', async () => {
    const lines: string[] = [];
    const logger = createLogger('info', { write: (line: string) => void lines.push(line) });
    const app = Fastify({ loggerInstance: logger as FastifyBaseLogger, disableRequestLogging: true });
    logOneLinePerRequest(app);
    app.get('/', async () => ({}));
    await app.inject({ url: '/' });
    logger.level = 'warn';
    await app.inject({ url: '/' });
    logger.level = 'debug';
    await app.inject({ url: '/' });
    await app.close();
    expect(lines.map((line) => JSON.parse(line).msg)).toEqual(['request completed', 'request completed']);
  });

  it('goes through pino for a logger the product made, so its formatters apply', async () => {
    const lines: string[] = [];
    const theirs = pino(
      { formatters: { level: (label) => ({ severity: label.toUpperCase() }) } },
      { write: (line: string) => void lines.push(line) },
    );
    const line = await lineFor(theirs, lines, {
      method: 'GET',
      url: '/x',
      fields: { rule: 'item' },
      status: 200,
    });
    expect(line).toMatchObject({
      severity: 'INFO',
      msg: 'request completed',
      rule: 'item',
      res: { statusCode: 200 },
    });
  });
});
