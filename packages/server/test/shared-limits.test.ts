import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openStore } from '../src/store/open-store.js';
import type { IntegrationStore } from '../src/store/store.js';
import {
  assertPostgresReachable,
  dropSchema,
  PG_TEST_URL,
  uniqueSchemaName,
} from './postgres-test-schema.js';

/*
 * The limits' state through `store.limits`: on PostgreSQL two stores (two pools, as two instances have) share
 * every bucket and failure window; on SQLite each store keeps its own in memory.
 */

/** A clock the test moves by hand, shared by both "instances". */
function manualClock(start = 1_700_000_000_000) {
  const clock = { now: start, read: () => clock.now };
  return clock;
}

describe('shared limits on PostgreSQL', () => {
  const schema = uniqueSchemaName('shared_limits');
  let a: IntegrationStore;
  let b: IntegrationStore;
  beforeAll(async () => {
    await assertPostgresReachable();
    a = await openStore(PG_TEST_URL, { schema });
    b = await openStore(PG_TEST_URL, { schema });
  });
  afterAll(async () => {
    await a?.close();
    await b?.close();
    await dropSchema(schema);
  });

  it('two instances take from one bucket: burst + rate × time in all, never each', async () => {
    const clock = manualClock();
    const setting = { perMinute: 60, burst: 3 };
    const onA = a.limits.rateBuckets('test:conn', setting, clock.read);
    const onB = b.limits.rateBuckets('test:conn', setting, clock.read);
    expect(a.limits.shared).toBe(true);
    // 20 takes at the same instant, from both, at once: exactly the burst gets through.
    const waits = await Promise.all(
      Array.from({ length: 20 }, (_, i) => (i % 2 === 0 ? onA : onB).take('c1')),
    );
    expect(waits.filter((wait) => wait === 0)).toHaveLength(3);
    for (const wait of waits.filter((w) => w > 0)) expect(wait).toBe(1_000);
    clock.now += 1_000;
    expect(await onB.take('c1')).toBe(0);
    expect(await onA.take('c1')).toBe(1_000);
    // Another key, and the same key in another scope, have buckets of their own.
    expect(await onA.take('c2')).toBe(0);
    expect(await b.limits.rateBuckets('test:other', setting, clock.read).take('c1')).toBe(0);
  });

  it('a pause taken on one instance holds on the other, then the rate is halved for both', async () => {
    const clock = manualClock();
    const setting = { perMinute: 120, burst: 10 };
    const onA = a.limits.rateBuckets('test:pause', setting, clock.read);
    const onB = b.limits.rateBuckets('test:pause', setting, clock.read);
    await onA.pause('c', clock.now + 2_000);
    expect(await onB.pausedFor('c')).toBe(2_000);
    expect(await onB.take('c')).toBe(2_000);
    clock.now += 2_000;
    expect(await onB.take('c')).toBe(0);
    // Half of 120 a minute: the next token about a second away, on either instance.
    const wait = await onA.take('c');
    expect(wait).toBeGreaterThan(900);
    expect(wait).toBeLessThanOrEqual(1_000);
  });

  it('with the limit off, a pause taken on one instance still holds on the other', async () => {
    const clock = manualClock();
    const off = { perMinute: 0, burst: 1 };
    const onA = a.limits.rateBuckets('test:off', off, clock.read);
    const onB = b.limits.rateBuckets('test:off', off, clock.read);
    for (let i = 0; i < 5; i++) expect(await onA.take('c')).toBe(0);
    await onB.pause('c', clock.now + 3_000);
    expect(await onA.takeOrSlot('c')).toBe(3_000);
    expect(await onA.take('other')).toBe(0);
  });

  it('successive slots are handed out across instances one interval apart', async () => {
    const clock = manualClock();
    const setting = { perMinute: 60, burst: 1 };
    const onA = a.limits.rateBuckets('test:slots', setting, clock.read);
    const onB = b.limits.rateBuckets('test:slots', setting, clock.read);
    expect(await onA.takeOrSlot('c')).toBe(0);
    expect(await onB.takeOrSlot('c')).toBe(1_000);
    expect(await onA.takeOrSlot('c')).toBe(2_000);
    expect(await onB.slot('c', 10)).toBe(3_000);
  });

  it('failures counted on both instances trip one limit, and the window ends for both', async () => {
    const clock = manualClock();
    const onA = a.limits.failureCounter('test', 60_000, clock.read);
    const onB = b.limits.failureCounter('test', 60_000, clock.read);
    await Promise.all(Array.from({ length: 10 }, (_, i) => (i % 2 ? onA : onB).recordFailure('ip:1')));
    expect(await onA.retryAfter('ip:1', 11)).toBe(0);
    expect(await onB.retryAfter('ip:1', 10)).toBe(60);
    expect(await onA.retryAfter('ip:2', 1)).toBe(0);
    // Another scope is another counter.
    expect(await b.limits.failureCounter('other', 60_000, clock.read).retryAfter('ip:1', 1)).toBe(0);
    clock.now += 59_001;
    expect(await onA.retryAfter('ip:1', 10)).toBe(1);
    clock.now += 999;
    expect(await onA.retryAfter('ip:1', 10)).toBe(0);
    // A new window starts at one failure.
    await onB.recordFailure('ip:1');
    expect(await onA.retryAfter('ip:1', 1)).toBe(60);
    expect(await onA.retryAfter('ip:1', 2)).toBe(0);
  });

  it('the purge drops failure windows that ended and buckets idle for an hour', async () => {
    const clock = manualClock(1_800_000_000_000);
    await a.limits.failureCounter('purge', 1_000, clock.read).recordFailure('k');
    await a.limits.rateBuckets('purge', { perMinute: 60, burst: 1 }, clock.read).take('k');
    const purged = await a.purgeExpired(clock.now + 2 * 3_600_000);
    expect(purged).toBeGreaterThanOrEqual(2);
    expect(await a.limits.rateBuckets('purge', { perMinute: 60, burst: 1 }, clock.read).take('k')).toBe(0);
  });
});

describe('limits on SQLite', () => {
  let dir = '';
  beforeAll(async () => {
    dir = await mkdtemp(path.join(os.tmpdir(), 'unfurlkit-limits-'));
  });
  afterAll(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  it('stay in each process: two stores on one file keep their own buckets and counters', async () => {
    const url = `sqlite:${path.join(dir, 'limits.db')}`;
    const a = await openStore(url);
    const b = await openStore(url);
    try {
      const clock = manualClock();
      expect(a.limits.shared).toBe(false);
      const setting = { perMinute: 60, burst: 1 };
      expect(await a.limits.rateBuckets('s', setting, clock.read).take('k')).toBe(0);
      expect(await b.limits.rateBuckets('s', setting, clock.read).take('k')).toBe(0);
      const counter = a.limits.failureCounter('t', 60_000, clock.read);
      await counter.recordFailure('ip');
      expect(await counter.retryAfter('ip', 1)).toBe(60);
      expect(await b.limits.failureCounter('t', 60_000, clock.read).retryAfter('ip', 1)).toBe(0);
    } finally {
      await a.close();
      await b.close();
    }
  });
});
