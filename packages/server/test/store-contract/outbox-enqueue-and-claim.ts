import { describe, expect, it } from 'vitest';
import type { IntegrationStore } from '../../src/store/store.js';
import { MINUTE, T0 } from '../store-fixtures.js';
import { aUri, freshRow, keyOf, lease, outboxHelpers } from './outbox-helpers.js';

/* The outbox (SPEC §4), part 1: recording changes (`enqueueChanges`) and leasing due rows (`claimDue`). */
export function outboxEnqueueAndClaimContract(store: () => IntegrationStore): void {
  const { aConnection, aPair, claimed, rowOf } = outboxHelpers(store);

  describe('outbox: enqueueChanges', () => {
    it('inserts a pending row per pair: generation 1, attempts 0, due and enqueued now', async () => {
      const connection = await aConnection();
      const [a, b] = [await aPair(connection), await aPair(connection)];
      expect(await store().outbox.enqueueChanges([a, b], T0)).toBe(2);
      expect(await rowOf(a)).toEqual(freshRow(a));
      expect(await rowOf(b)).toEqual(freshRow(b));
      expect(await store().outbox.count()).toEqual({ pending: 2, failed: 0 });
    });

    it('coalesces repeated changes into one row, bumping the generation', async () => {
      const pair = await aPair();
      await store().outbox.enqueueChanges([pair], T0);
      expect(await store().outbox.enqueueChanges([pair], T0 + MINUTE)).toBe(1);
      expect(await store().outbox.list({ limit: 10 })).toEqual([
        freshRow(pair, { generation: 2, updatedAt: T0 + MINUTE }),
      ]);
    });

    it('counts a pair listed twice in one call as one change', async () => {
      const pair = await aPair();
      const other = await aPair();
      expect(await store().outbox.enqueueChanges([pair, other, { ...pair }], T0)).toBe(2);
      expect((await rowOf(pair))?.generation).toBe(1);
      expect(await store().outbox.count()).toEqual({ pending: 2, failed: 0 });
    });

    it('keeps a pending row’s due time (Retry-After) and enqueuedAt; a new change resets attempts', async () => {
      const pair = await aPair();
      const row = await claimed(pair);
      const retryAfter = T0 + 10 * MINUTE;
      await store().outbox.reschedule(
        row,
        { nextAttemptAt: retryAfter, attempts: 1, lastStatus: 429, lastError: 'rate_limited' },
        T0 + 1,
      );

      expect(await store().outbox.enqueueChanges([pair], T0 + 2 * MINUTE)).toBe(1);
      expect(await rowOf(pair)).toEqual(
        freshRow(pair, {
          generation: 2,
          attempts: 0,
          nextAttemptAt: retryAfter,
          lastStatus: 429,
          lastError: 'rate_limited',
          updatedAt: T0 + 2 * MINUTE,
        }),
      );
      expect(
        await store().outbox.claimDue(retryAfter - 1, 10, lease('worker-b', retryAfter + MINUTE)),
      ).toEqual([]);
      expect(
        (await store().outbox.claimDue(retryAfter, 10, lease('worker-b', retryAfter + MINUTE))).length,
      ).toBe(1);
    });

    it('makes a failed row pending again: attempts 0, due and enqueued now, last outcome kept', async () => {
      const pair = await aPair();
      const row = await claimed(pair);
      await store().outbox.fail(row, { attempts: 5, lastStatus: 400, lastError: 'validation_error' }, T0 + 1);

      const later = T0 + 60 * MINUTE;
      expect(await store().outbox.enqueueChanges([pair], later)).toBe(1);
      expect(await rowOf(pair)).toEqual(
        freshRow(pair, {
          generation: 2,
          nextAttemptAt: later,
          enqueuedAt: later,
          updatedAt: later,
          lastStatus: 400,
          lastError: 'validation_error',
        }),
      );
      expect(await store().outbox.count()).toEqual({ pending: 1, failed: 0 });
      expect((await store().outbox.claimDue(later, 10, lease('worker-b', later + MINUTE))).length).toBe(1);
    });

    it('skips pairs of unknown and revoked connections, and counts only what it recorded', async () => {
      const live = await aPair();
      const revoked = await aPair();
      await store().connections.markRevoked(revoked.connectionId, T0);
      const unknown = { connectionId: 'no-such-connection', uri: aUri() };
      expect(await store().outbox.enqueueChanges([unknown, revoked, live], T0)).toBe(1);
      expect(await store().outbox.list({ limit: 10 })).toEqual([freshRow(live)]);
      expect(await store().outbox.enqueueChanges([unknown, revoked], T0)).toBe(0);
    });

    it('records nothing for no pairs', async () => {
      expect(await store().outbox.enqueueChanges([], T0)).toBe(0);
      expect(await store().outbox.count()).toEqual({ pending: 0, failed: 0 });
    });

    it('keeps uris byte for byte: case, percent-encoding and non-ASCII make different rows', async () => {
      const connection = await aConnection();
      const uris = [
        'https://acme.test/Items/1?q=%20a',
        'https://acme.test/items/1?q=%20a',
        'https://acme.test/é/1',
      ];
      const pairs = uris.map((uri) => ({ connectionId: connection.id, uri }));
      expect(await store().outbox.enqueueChanges(pairs, T0)).toBe(3);
      expect((await store().outbox.list({ limit: 10 })).map((row) => row.uri).sort()).toEqual(
        [...uris].sort(),
      );
    });
  });

  describe('outbox: claimDue', () => {
    it('claims only pending rows that are due and not leased, and leases them', async () => {
      const connection = await aConnection();
      const [due, later, failed, held] = [
        await aPair(connection),
        await aPair(connection),
        await aPair(connection),
        await aPair(connection),
      ];
      await store().outbox.enqueueChanges([due, later, failed, held], T0);
      const first = await store().outbox.claimDue(T0, 10, lease('worker-a', T0 + 10 * MINUTE));
      expect(first).toHaveLength(4);
      const report = { attempts: 1, lastStatus: 503, lastError: 'unavailable' };
      await store().outbox.reschedule(
        { ...due, leaseId: 'worker-a' },
        { ...report, nextAttemptAt: T0 + MINUTE },
        T0,
      );
      await store().outbox.reschedule(
        { ...later, leaseId: 'worker-a' },
        { ...report, nextAttemptAt: T0 + 30 * MINUTE },
        T0,
      );
      await store().outbox.fail({ ...failed, leaseId: 'worker-a' }, report, T0);
      // `held` stays leased by worker-a until T0 + 10 min.

      const now = T0 + 2 * MINUTE;
      const second = await store().outbox.claimDue(now, 10, lease('worker-b', now + MINUTE));
      const expected = freshRow(due, {
        attempts: 1,
        lastStatus: 503,
        lastError: 'unavailable',
        nextAttemptAt: T0 + MINUTE,
        leaseId: 'worker-b',
        leaseUntil: now + MINUTE,
        updatedAt: now,
      });
      expect(second).toEqual([expected]);
      expect(await rowOf(due)).toEqual(expected);
      expect(await store().outbox.claimDue(now, 10, lease('worker-c', now + MINUTE))).toEqual([]);
    });

    it('claims the oldest due time first, up to the limit', async () => {
      const connection = await aConnection();
      const [p1, p2, p3] = [await aPair(connection), await aPair(connection), await aPair(connection)];
      await store().outbox.enqueueChanges([p1], T0 + 3);
      await store().outbox.enqueueChanges([p2], T0 + 1);
      await store().outbox.enqueueChanges([p3], T0 + 2);
      const now = T0 + MINUTE;
      const first = await store().outbox.claimDue(now, 2, lease('worker-a', now + MINUTE));
      expect(first.map((row) => [row.uri, row.nextAttemptAt])).toEqual([
        [p2.uri, T0 + 1],
        [p3.uri, T0 + 2],
      ]);
      expect((await store().outbox.claimDue(now, 5, lease('worker-b', now + MINUTE))).map(keyOf)).toEqual([
        keyOf(p1),
      ]);
    });

    it('claims nothing with a limit below 1, or when nothing is due', async () => {
      const pair = await aPair();
      await store().outbox.enqueueChanges([pair], T0);
      expect(await store().outbox.claimDue(T0 - 1, 10, lease('worker-a', T0 + MINUTE))).toEqual([]);
      expect(await store().outbox.claimDue(T0, 0, lease('worker-a', T0 + MINUTE))).toEqual([]);
      expect(await store().outbox.claimDue(T0, -1, lease('worker-a', T0 + MINUTE))).toEqual([]);
      expect((await rowOf(pair))?.leaseId).toBeNull();
    });

    it('lets another worker take a row once its lease has passed, and not before', async () => {
      const pair = await aPair();
      const until = T0 + MINUTE;
      await claimed(pair, 'crashed-worker', until);
      expect(await store().outbox.claimDue(until, 10, lease('worker-b', until + MINUTE))).toEqual([]);
      const taken = await store().outbox.claimDue(until + 1, 10, lease('worker-b', until + MINUTE));
      expect(taken.map((row) => [row.leaseId, row.leaseUntil])).toEqual([['worker-b', until + MINUTE]]);
      expect((await rowOf(pair))?.leaseId).toBe('worker-b');
    });

    it('never gives one row to two concurrent claims', async () => {
      const connections = await Promise.all(Array.from({ length: 4 }, () => aConnection()));
      const pairs = connections.flatMap((c) =>
        Array.from({ length: 10 }, () => ({ connectionId: c.id, uri: aUri() })),
      );
      expect(await store().outbox.enqueueChanges(pairs, T0)).toBe(40);

      const workers = Array.from({ length: 6 }, (_, i) => `worker-${i}`);
      const claims = await Promise.all(
        workers.map((id) => store().outbox.claimDue(T0, 10, lease(id, T0 + MINUTE))),
      );
      const keys = claims.flat().map(keyOf);
      expect(new Set(keys).size).toBe(keys.length);
      expect(keys.length).toBe(40); // 6 × 10 > 40: every row went to exactly one worker
      // What each worker got is leased to it, in the database too.
      const stored = new Map(
        (await store().outbox.list({ limit: 100 })).map((row) => [keyOf(row), row.leaseId]),
      );
      claims.forEach((rows, i) => {
        for (const row of rows) {
          expect(row.leaseId).toBe(workers[i]);
          expect(stored.get(keyOf(row))).toBe(workers[i]);
        }
      });
    });
  });
}
