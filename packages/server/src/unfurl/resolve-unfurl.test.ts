import { dev, title } from '@unfurlkit/core';
import { compileUrlRule } from '@unfurlkit/core/redos';
import type { FastifyBaseLogger } from 'fastify';
import pino from 'pino';
import { afterEach, describe, expect, it, vi } from 'vitest';
import {
  defineIntegration,
  type IntegrationDefinition,
  type ResolveContext,
} from '../integration/define-integration.js';
import { forbidden } from '../integration/resolver-result.js';
import { resolveUnfurl } from './resolve-unfurl.js';

const ACCOUNT = { id: 'alice', name: 'Alice' };
const URI = 'https://fixture.test/items/42';

type Resolve = IntegrationDefinition['rules'][number]['resolve'];

/** One rule, `item`, resolved by `resolve`, for a product by `developer` (null: none); captured log lines. */
function setup(resolve: Resolve, developer: string | null = 'Fixture Inc') {
  const integration = defineIntegration({
    name: 'Fixture',
    developer: developer ?? undefined,
    rules: [
      {
        name: 'item',
        pattern: '^https:\\/\\/fixture\\.test\\/items\\/(?<id>\\d+)$',
        samples: ['https://fixture.test/items/1'],
        resolve,
      },
    ],
    authenticate: () => ({ signInUrl: '/login' }),
  });
  const logs: Array<Record<string, unknown>> = [];
  const logger = pino({ level: 'debug' }, { write: (line: string) => void logs.push(JSON.parse(line)) });
  const run = (uri = URI, timeoutMs = 1_000) =>
    resolveUnfurl({
      uri,
      account: ACCOUNT,
      integration,
      rules: integration.rules.map((rule) => compileUrlRule(rule)),
      timeoutMs,
      logger: logger as unknown as FastifyBaseLogger,
    });
  return { run, logs };
}

/** The `set` of the answer's only operation. */
const setOf = (body: { operations: unknown[] }) => (body.operations[0] as { set: unknown }).set;

afterEach(() => {
  vi.useRealTimers();
});

describe('resolveUnfurl', () => {
  it('passes the uri, groups, person, rule name and a live signal to the resolver', async () => {
    const seen: ResolveContext[] = [];
    const { run } = setup((context) => {
      seen.push(context);
      return [title('Item 42')];
    });
    const resolved = await run();
    expect(resolved.outcome).toBe('attributes');
    expect(resolved.ruleName).toBe('item');
    expect(seen).toHaveLength(1);
    expect(seen[0]).toMatchObject({ uri: URI, groups: { id: '42' }, account: ACCOUNT, rule: 'item' });
    expect(seen[0]?.signal).toBeInstanceOf(AbortSignal);
    expect(seen[0]?.signal.aborted).toBe(false);
  });

  it('adds the developer as `dev` when the resolver leaves it out', async () => {
    const { run } = setup(() => [title('Item 42')]);
    const resolved = await run();
    expect(resolved.body.uri).toBe(URI);
    expect(setOf(resolved.body)).toEqual([title('Item 42'), dev('Fixture Inc')]);
  });

  it("keeps the resolver's own `dev`, adding no second one", async () => {
    const { run } = setup(() => [dev('Someone Else'), title('Item 42')]);
    const set = setOf((await run()).body) as Array<{ id: string }>;
    expect(set.filter((attribute) => attribute.id === 'dev')).toEqual([dev('Someone Else')]);
  });

  it('answers 500 (generic) when there is neither a `dev` nor a developer to add', async () => {
    const { run, logs } = setup(() => [title('Item 42')], null);
    const resolved = await run();
    expect(resolved.outcome).toBe('failed');
    expect(resolved.body.operations).toEqual([
      { path: ['error'], set: { status: 500, message: 'Something went wrong while loading this preview' } },
    ]);
    expect(logs.some((line) => line.code === 'UNFURLKIT_RESOLVER_RESULT_INVALID')).toBe(true);
  });

  it('aborts the signal handed to a resolver that outlives its time limit, and answers 500', async () => {
    vi.useFakeTimers();
    let signal: AbortSignal | undefined;
    const { run, logs } = setup(
      (context) =>
        new Promise((resolve) => {
          signal = context.signal;
          context.signal.addEventListener('abort', () => resolve([title('too late')]));
        }),
    );
    const pending = run(URI, 5_000);
    await vi.advanceTimersByTimeAsync(4_999);
    expect(signal?.aborted).toBe(false);
    await vi.advanceTimersByTimeAsync(1);
    const resolved = await pending;
    expect(signal?.aborted).toBe(true);
    expect(resolved.outcome).toBe('failed');
    expect(setOf(resolved.body)).toEqual({
      status: 500,
      message: 'Something went wrong while loading this preview',
    });
    expect(logs).toContainEqual(
      expect.objectContaining({ code: 'UNFURLKIT_RESOLVER_TIMEOUT', rule: 'item', timeoutMs: 5_000 }),
    );
  });

  it('answers a resolver that never settles once the time limit passes', async () => {
    vi.useFakeTimers();
    const { run } = setup(() => new Promise(() => {}));
    const pending = run(URI, 100);
    await vi.advanceTimersByTimeAsync(100);
    expect((await pending).outcome).toBe('failed');
  });

  it('answers 500 for a resolver that throws, synchronously or not, logging the error only', async () => {
    for (const resolve of [
      () => {
        throw new Error('db password=hunter2');
      },
      async () => {
        throw new Error('db password=hunter2');
      },
    ]) {
      const { run, logs } = setup(resolve);
      const resolved = await run();
      expect(resolved.outcome).toBe('failed');
      expect(JSON.stringify(resolved.body)).not.toContain('hunter2');
      expect(
        logs.some(
          (line) => line.code === 'UNFURLKIT_RESOLVER_FAILED' && JSON.stringify(line).includes('hunter2'),
        ),
      ).toBe(true);
    }
  });

  it.each([
    ['undefined', undefined],
    ['null', null],
    ['an object', { title: 'Item 42' }],
    ['a string', 'Item 42'],
    ['an error-like object', { status: 404, message: 'Content not found' }],
  ])('answers 500 for a resolver returning %s instead of an array', async (_, value) => {
    const { run, logs } = setup(() => value as never);
    const resolved = await run();
    expect(resolved.outcome).toBe('failed');
    expect(setOf(resolved.body)).toMatchObject({ status: 500 });
    expect(logs.some((line) => line.code === 'UNFURLKIT_RESOLVER_RESULT_INVALID')).toBe(true);
  });

  it("passes a resolver's error on as an error operation with its status", async () => {
    const { run } = setup(() => forbidden());
    const resolved = await run();
    expect(resolved).toMatchObject({ outcome: 'resolver-error', ruleName: 'item' });
    expect(setOf(resolved.body)).toEqual({ status: 403, message: 'You do not have access to this content' });
  });

  it('answers 400 without calling a resolver for a link no rule matches, or one that is not a URL', async () => {
    const resolve = vi.fn(() => [title('x')]);
    const { run } = setup(resolve);
    const unmatched = await run('https://fixture.test/other/1');
    expect(unmatched).toMatchObject({ outcome: 'no-rule', ruleName: undefined });
    expect(setOf(unmatched.body)).toEqual({ status: 400, message: 'Fixture cannot preview this link' });
    const bad = await run('not a url');
    expect(bad.outcome).toBe('bad-uri');
    expect(setOf(bad.body)).toMatchObject({ status: 400 });
    expect(resolve).not.toHaveBeenCalled();
  });
});
