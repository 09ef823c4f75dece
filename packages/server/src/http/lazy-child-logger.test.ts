import type { FastifyBaseLogger } from 'fastify';
import { pino } from 'pino';
import { describe, expect, it } from 'vitest';
import { lazyChildLogger } from './lazy-child-logger.js';

function capture(level: string) {
  const lines: Array<Record<string, unknown>> = [];
  const logger = pino({ level }, { write: (line: string) => lines.push(JSON.parse(line)) });
  let children = 0;
  const parent = new Proxy(logger, {
    get(target, key, receiver) {
      if (key !== 'child') return Reflect.get(target, key, receiver);
      return (...args: Parameters<typeof logger.child>) => {
        children += 1;
        return target.child(...args);
      };
    },
  }) as unknown as FastifyBaseLogger;
  return { lines, parent, children: () => children };
}

describe('lazyChildLogger', () => {
  it('writes with its bindings, making the child once, at the first line written', () => {
    const { lines, parent, children } = capture('info');
    const log = lazyChildLogger(parent, { connectionId: 'c1', uri: 'https://acme.com/items/1' });
    expect(children()).toBe(0);
    log.info({ sent: 'attributes' }, 'update delivered');
    log.warn('second');
    expect(children()).toBe(1);
    expect(lines.map((l) => [l.msg, l.connectionId, l.uri, l.sent])).toEqual([
      ['update delivered', 'c1', 'https://acme.com/items/1', 'attributes'],
      ['second', 'c1', 'https://acme.com/items/1', undefined],
    ]);
  });

  it('drops a line below the level in force without making the child', () => {
    const { lines, parent, children } = capture('warn');
    const log = lazyChildLogger(parent, { connectionId: 'c1' });
    log.info('update delivered');
    log.debug('update retried later');
    expect(children()).toBe(0);
    expect(lines).toEqual([]);
    log.error({ reason: 'x' }, 'parked');
    expect(lines.map((l) => l.msg)).toEqual(['parked']);
  });

  it('writes nothing when the parent is silent', () => {
    const { lines, parent, children } = capture('silent');
    const log = lazyChildLogger(parent, { connectionId: 'c1' });
    log.fatal('boom');
    expect(children()).toBe(0);
    expect(lines).toEqual([]);
  });

  it('follows the parent level as it is now, and its own once set', () => {
    const { lines, parent } = capture('warn');
    const log = lazyChildLogger(parent, { connectionId: 'c1' });
    parent.level = 'debug';
    log.debug('now on');
    log.level = 'error';
    log.warn('off for this child');
    expect(lines.map((l) => l.msg)).toEqual(['now on']);
  });
});
