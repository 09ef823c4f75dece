import { describe, expect, it } from 'vitest';
import type { IntegrationStore, OutboxRow } from '../../src/store/store.js';
import { aConnectionInput, aPreview, MINUTE, T0 } from '../store-fixtures.js';
import { aUri, freshRow, keyOf, lease, outboxHelpers } from './outbox-helpers.js';

/*
 * The outbox (SPEC §4), part 2: what a worker reports after a claim (`complete`, `reschedule`, `fail`), what a
 * person does (`retry`, `delete`, `list`, `count`), and what else removes rows (previews and connections going).
 */
export function outboxReportContract(store: () => IntegrationStore): void {
  const { aConnection, aPair, claimed, rowOf } = outboxHelpers(store);

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

    it('release gives a claimed row back as it was, claimable at once by another worker', async () => {
      const pair = await aPair();
      const row = await claimed(pair, 'stopping-worker', T0 + MINUTE);
      await store().outbox.release(row, T0 + 1);
      expect(await rowOf(pair)).toMatchObject({
        leaseId: null,
        leaseUntil: null,
        attempts: 0,
        generation: 1,
      });
      const [again] = await store().outbox.claimDue(T0 + 1, 10, lease('worker-b', T0 + MINUTE));
      expect(again?.uri).toBe(pair.uri);
      // A stale release (the lease is worker-b's now) changes nothing.
      await store().outbox.release(row, T0 + 2);
      expect((await rowOf(pair))?.leaseId).toBe('worker-b');
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
}
