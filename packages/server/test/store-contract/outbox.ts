import { describe, expect, it } from 'vitest';
import type {
  ClaimedOutboxRow,
  IntegrationStore,
  NotionConnectionInput,
  NotionConnectionRecord,
  OutboxRow,
} from '../../src/store/store.js';
import { aConnectionInput, anId, aPreview, MINUTE, T0 } from '../store-fixtures.js';

/*
 * The outbox of pushed updates (SPEC §4): every rule of the `IntegrationStore` doc comments, on a real database.
 * Times are T0-based; a "worker" is just a lease id.
 */

type Pair = { connectionId: string; uri: string };

const aUri = (): string => `https://acme.test/items/${anId('item')}`;
const lease = (id: string, until: number) => ({ id, until });
const keyOf = (row: Pair): string => `${row.connectionId} ${row.uri}`;

/** A row as `enqueueChanges` first writes it at T0, with overrides. */
const freshRow = (pair: Pair, over: Partial<OutboxRow> = {}): OutboxRow => ({
  connectionId: pair.connectionId,
  uri: pair.uri,
  generation: 1,
  state: 'pending',
  attempts: 0,
  nextAttemptAt: T0,
  leaseId: null,
  leaseUntil: null,
  lastStatus: null,
  lastError: null,
  enqueuedAt: T0,
  updatedAt: T0,
  ...over,
});

export function outboxContract(store: () => IntegrationStore): void {
  const aConnection = (input: NotionConnectionInput = aConnectionInput()): Promise<NotionConnectionRecord> =>
    store().connections.upsert(input, T0);
  const aPair = async (connection?: NotionConnectionRecord): Promise<Pair> => ({
    connectionId: (connection ?? (await aConnection())).id,
    uri: aUri(),
  });
  /** The stored row of a pair, or undefined. */
  const rowOf = async (pair: Pair): Promise<OutboxRow | undefined> =>
    (await store().outbox.list({ limit: 10_000 })).find((row) => keyOf(row) === keyOf(pair));
  /** Enqueues `pair` at T0 and claims it (the only due row) for `leaseId` until `until`. */
  const claimed = async (
    pair: Pair,
    leaseId = 'worker-a',
    until = T0 + MINUTE,
  ): Promise<ClaimedOutboxRow> => {
    expect(await store().outbox.enqueueChanges([pair], T0)).toBe(1);
    const rows = await store().outbox.claimDue(T0, 10, lease(leaseId, until));
    expect(rows.map(keyOf)).toEqual([keyOf(pair)]);
    return rows[0]!;
  };

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

  describe('outbox: complete, reschedule, fail', () => {
    it('completes a delivery: deletes the row when nothing changed meanwhile', async () => {
      const pair = await aPair();
      const row = await claimed(pair);
      expect(await store().outbox.complete(row, T0 + 1)).toBe(true);
      expect(await rowOf(pair)).toBeUndefined();
      expect(await store().outbox.count()).toEqual({ pending: 0, failed: 0 });
      expect(await store().outbox.complete(row, T0 + 2)).toBe(false);
    });

    it('keeps a row that changed in flight: released, pending and due, to be sent again', async () => {
      const pair = await aPair();
      const row = await claimed(pair);
      await store().outbox.enqueueChanges([pair], T0 + 1);
      // The change does not break the lease: nobody else may take the row while worker-a delivers.
      expect((await rowOf(pair))?.leaseId).toBe('worker-a');
      expect(await store().outbox.claimDue(T0 + 1, 10, lease('worker-b', T0 + MINUTE))).toEqual([]);
      const now = T0 + 2;
      expect(await store().outbox.complete(row, now)).toBe(false);

      const kept = await rowOf(pair);
      expect(kept).toMatchObject({
        generation: 2,
        state: 'pending',
        leaseId: null,
        leaseUntil: null,
        attempts: 0,
        enqueuedAt: now,
      });
      expect(kept?.nextAttemptAt).toBeLessThanOrEqual(now);
      const again = await store().outbox.claimDue(now, 10, lease('worker-b', now + MINUTE));
      expect(again.map((r) => r.generation)).toEqual([2]);
      expect(await store().outbox.complete(again[0]!, now + 1)).toBe(true);
      expect(await rowOf(pair)).toBeUndefined();
    });

    it('ignores complete, reschedule and fail from a worker whose lease was taken over', async () => {
      const pair = await aPair();
      const stale = await claimed(pair, 'slow-worker', T0 + MINUTE);
      const now = T0 + 2 * MINUTE;
      const [current] = await store().outbox.claimDue(now, 10, lease('worker-b', now + MINUTE));
      const before = await rowOf(pair);
      expect(before?.leaseId).toBe('worker-b');

      expect(await store().outbox.complete(stale, now + 1)).toBe(false);
      await store().outbox.reschedule(
        stale,
        { nextAttemptAt: now + 60 * MINUTE, attempts: 1, lastStatus: 503, lastError: 'unavailable' },
        now + 1,
      );
      await store().outbox.fail(
        stale,
        { attempts: 9, lastStatus: 400, lastError: 'validation_error' },
        now + 1,
      );
      expect(await rowOf(pair)).toEqual(before);

      expect(await store().outbox.complete(current!, now + 2)).toBe(true);
    });

    it('reschedules: records the attempt, releases the lease, sets the next due time', async () => {
      const pair = await aPair();
      const row = await claimed(pair);
      const outcome = {
        nextAttemptAt: T0 + 5 * MINUTE,
        attempts: 1,
        lastStatus: 503,
        lastError: 'unavailable',
      };
      await store().outbox.reschedule(row, outcome, T0 + 1);
      expect(await rowOf(pair)).toEqual(freshRow(pair, { ...outcome, updatedAt: T0 + 1 }));
      expect(
        await store().outbox.claimDue(T0 + 5 * MINUTE - 1, 10, lease('worker-b', T0 + 9 * MINUTE)),
      ).toEqual([]);
      const retried = await store().outbox.claimDue(T0 + 5 * MINUTE, 10, lease('worker-b', T0 + 9 * MINUTE));
      expect(retried.map((r) => r.attempts)).toEqual([1]);
    });

    it('reschedules with no status (a timeout): null status, the error kept', async () => {
      const pair = await aPair();
      const row = await claimed(pair);
      const outcome = { nextAttemptAt: T0 + MINUTE, attempts: 1, lastStatus: null, lastError: 'timeout' };
      await store().outbox.reschedule(row, outcome, T0 + 1);
      expect(await rowOf(pair)).toMatchObject({ lastStatus: null, lastError: 'timeout', leaseId: null });
    });

    it('fails: parks the row as failed with its outcome, never claimed again by itself', async () => {
      const pair = await aPair();
      const row = await claimed(pair);
      const outcome = { attempts: 5, lastStatus: 400, lastError: 'validation_error' };
      await store().outbox.fail(row, outcome, T0 + 1);
      expect(await rowOf(pair)).toEqual(freshRow(pair, { ...outcome, state: 'failed', updatedAt: T0 + 1 }));
      expect(await store().outbox.count()).toEqual({ pending: 0, failed: 1 });
      const muchLater = T0 + 24 * 60 * MINUTE;
      expect(await store().outbox.claimDue(muchLater, 10, lease('worker-b', muchLater + MINUTE))).toEqual([]);
    });
  });

  describe('outbox: retry, delete, list and count', () => {
    it('retries a failed row: pending, due now, attempts 0; only a failed row', async () => {
      const pair = await aPair();
      const row = await claimed(pair);
      await store().outbox.fail(row, { attempts: 5, lastStatus: 400, lastError: 'validation_error' }, T0 + 1);

      const now = T0 + 60 * MINUTE;
      expect(await store().outbox.retry(pair.connectionId, pair.uri, now)).toBe(true);
      expect(await rowOf(pair)).toMatchObject({
        state: 'pending',
        attempts: 0,
        nextAttemptAt: now,
        generation: 1,
      });
      expect(await store().outbox.retry(pair.connectionId, pair.uri, now + 1)).toBe(false); // pending already
      expect(await store().outbox.retry('no-such-connection', pair.uri, now)).toBe(false);
      expect((await store().outbox.claimDue(now, 10, lease('worker-b', now + MINUTE))).length).toBe(1);
    });

    it('deletes a row whatever its lease (true when there was one); its holder cannot complete it', async () => {
      const pair = await aPair();
      const other = await aPair();
      const row = await claimed(pair);
      await store().outbox.enqueueChanges([other], T0);
      expect(await store().outbox.delete(pair.connectionId, pair.uri)).toBe(true);
      expect(await store().outbox.delete(pair.connectionId, pair.uri)).toBe(false);
      expect(await store().outbox.complete(row, T0 + 1)).toBe(false);
      expect((await store().outbox.list({ limit: 10 })).map(keyOf)).toEqual([keyOf(other)]);
    });

    it('lists rows by state, longest waiting first, up to the limit, and counts them per state', async () => {
      const connection = await aConnection();
      const [p1, p2, p3, p4] = [
        await aPair(connection),
        await aPair(connection),
        await aPair(connection),
        await aPair(connection),
      ];
      await store().outbox.enqueueChanges([p3], T0 + 3);
      await store().outbox.enqueueChanges([p1], T0 + 1);
      await store().outbox.enqueueChanges([p2], T0 + 2);
      const toFail = await claimed(p4); // enqueued at T0: the oldest
      await store().outbox.fail(toFail, { attempts: 5, lastStatus: 500, lastError: 'boom' }, T0 + 4);
      await store().outbox.claimDue(T0 + 1, 1, lease('worker-b', T0 + MINUTE)); // a leased row is still pending

      const uris = (rows: OutboxRow[]) => rows.map((row) => row.uri);
      expect(uris(await store().outbox.list({ limit: 10 }))).toEqual([p4.uri, p1.uri, p2.uri, p3.uri]);
      expect(uris(await store().outbox.list({ state: 'pending', limit: 2 }))).toEqual([p1.uri, p2.uri]);
      expect(await store().outbox.list({ state: 'failed', limit: 10 })).toEqual([
        freshRow(p4, { state: 'failed', attempts: 5, lastStatus: 500, lastError: 'boom', updatedAt: T0 + 4 }),
      ]);
      expect(await store().outbox.list({ limit: 0 })).toEqual([]);
      expect(await store().outbox.count()).toEqual({ pending: 3, failed: 1 });
    });
  });

  describe('outbox: what removes its rows', () => {
    it('previews.delete drops the pair’s row, and only it', async () => {
      const connection = await aConnection();
      const preview = aPreview(connection.id);
      const kept = aPreview(connection.id);
      await store().previews.record(preview);
      await store().previews.record(kept);
      await store().outbox.enqueueChanges([preview, kept], T0);
      expect(await store().previews.delete(connection.id, preview.uri)).toBe(true);
      expect((await store().outbox.list({ limit: 10 })).map(keyOf)).toEqual([keyOf(kept)]);
    });

    it('connections.delete drops the connection’s rows, and only those', async () => {
      const [doomed, kept] = [await aConnection(), await aConnection()];
      const shared = aUri();
      await store().outbox.enqueueChanges(
        [
          { connectionId: doomed.id, uri: shared },
          { connectionId: doomed.id, uri: aUri() },
          { connectionId: kept.id, uri: shared },
        ],
        T0,
      );
      await store().connections.delete(doomed.id);
      expect((await store().outbox.list({ limit: 10 })).map(keyOf)).toEqual([
        keyOf({ connectionId: kept.id, uri: shared }),
      ]);
    });

    it('connections.markRevoked drops the connection’s rows; changes skip it until reconnect', async () => {
      const input = aConnectionInput();
      const [revoked, kept] = [await aConnection(input), await aConnection()];
      const a = await aPair(revoked);
      const b = await aPair(kept);
      await store().outbox.enqueueChanges([a, b], T0);
      const inFlight = (await store().outbox.claimDue(T0, 10, lease('worker-a', T0 + MINUTE))).find(
        (row) => row.connectionId === revoked.id,
      );

      await store().connections.markRevoked(revoked.id, T0 + 1);
      expect((await store().outbox.list({ limit: 10 })).map(keyOf)).toEqual([keyOf(b)]);
      expect(await store().outbox.complete(inFlight!, T0 + 2)).toBe(false);
      expect(await store().outbox.enqueueChanges([a], T0 + 2)).toBe(0);

      await store().connections.upsert(input, T0 + 3);
      expect(await store().outbox.enqueueChanges([a], T0 + 4)).toBe(1);
      expect(await rowOf(a)).toEqual(
        freshRow(a, { nextAttemptAt: T0 + 4, enqueuedAt: T0 + 4, updatedAt: T0 + 4 }),
      );
    });

    it('leaves no row for a connection revoked or deleted while changes are being enqueued', async () => {
      for (let round = 0; round < 3; round++) {
        const [revoked, deleted] = [await aConnection(), await aConnection()];
        const pairs = [revoked, deleted].flatMap((c) =>
          Array.from({ length: 200 }, () => ({ connectionId: c.id, uri: aUri() })),
        );
        await Promise.all([
          store().outbox.enqueueChanges(pairs, T0),
          store().connections.markRevoked(revoked.id, T0),
          store().connections.delete(deleted.id),
        ]);
        expect(await store().outbox.count()).toEqual({ pending: 0, failed: 0 });
      }
    });
  });

  describe('outbox: volume', () => {
    it('enqueues 5,000 pairs across 5,000 connections in one call, then coalesces them all', async () => {
      const connections: NotionConnectionRecord[] = [];
      for (let start = 0; start < 5_000; start += 50) {
        connections.push(...(await Promise.all(Array.from({ length: 50 }, () => aConnection()))));
      }
      const pairs = connections.map((c, i) => ({ connectionId: c.id, uri: `https://acme.test/items/${i}` }));
      const unknown = Array.from({ length: 100 }, (_, i) => ({ connectionId: `missing-${i}`, uri: aUri() }));

      expect(await store().outbox.enqueueChanges([...pairs, ...unknown], T0)).toBe(5_000);
      expect(await store().outbox.count()).toEqual({ pending: 5_000, failed: 0 });
      expect(await store().outbox.enqueueChanges(pairs, T0 + 1)).toBe(5_000);
      const rows = await store().outbox.list({ limit: 10_000 });
      expect(rows).toHaveLength(5_000);
      expect(rows.every((row) => row.generation === 2 && row.enqueuedAt === T0)).toBe(true);

      const claimedRows = await store().outbox.claimDue(T0 + 1, 5_000, lease('worker-a', T0 + MINUTE));
      expect(new Set(claimedRows.map(keyOf)).size).toBe(5_000);
    });

    it('lets concurrent enqueues of overlapping pairs all land: no deadlock, no lost change', async () => {
      const connections = await Promise.all(Array.from({ length: 50 }, () => aConnection()));
      const pairs = connections.flatMap((c) =>
        Array.from({ length: 20 }, () => ({ connectionId: c.id, uri: aUri() })),
      );
      // Four callers, each with an overlapping slice of 1,000 pairs, in different orders and chunk boundaries.
      const slices = [pairs, pairs.slice(100), [...pairs].reverse(), pairs.slice(0, 700)];
      const recorded = await Promise.all(slices.map((slice) => store().outbox.enqueueChanges(slice, T0)));
      expect(recorded).toEqual(slices.map((slice) => slice.length));

      const generations = new Map(
        (await store().outbox.list({ limit: 10_000 })).map((r) => [keyOf(r), r.generation]),
      );
      expect(generations.size).toBe(pairs.length);
      for (const pair of pairs) {
        const expected = slices.filter((slice) => slice.includes(pair)).length;
        expect(generations.get(keyOf(pair))).toBe(expected);
      }
    });
  });
}
