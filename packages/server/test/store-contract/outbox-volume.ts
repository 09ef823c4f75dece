import { describe, expect, it } from 'vitest';
import type { IntegrationStore, NotionConnectionRecord } from '../../src/store/store.js';
import { MINUTE, T0 } from '../store-fixtures.js';
import { aUri, keyOf, lease, outboxHelpers } from './outbox-helpers.js';

/* The outbox (SPEC §4), part 3: thousands of pairs in one call, and concurrent enqueues of overlapping pairs. */
export function outboxVolumeContract(store: () => IntegrationStore): void {
  const { aConnection } = outboxHelpers(store);

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
