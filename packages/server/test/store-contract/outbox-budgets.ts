import { describe, expect, it } from 'vitest';
import type { IntegrationStore } from '../../src/store/store.js';
import { MINUTE, T0 } from '../store-fixtures.js';
import { keyOf, lease, outboxHelpers } from './outbox-helpers.js';

/*
 * The outbox (SPEC §4), part 3: the retry budget as a time (`firstFailedAt`), Notion's return after an outage
 * (`renewBudgets`), and a person re-queueing parked rows in bulk (`retryFailed`).
 */
export function outboxBudgetContract(store: () => IntegrationStore): void {
  const { aConnection, aPair, claimed, rowOf } = outboxHelpers(store);

  /** Parks `pair` (enqueued and claimed at T0) as failed at `at`. */
  const parked = async (pair: { connectionId: string; uri: string }, at: number) => {
    const row = await claimed(pair);
    await store().outbox.fail(row, { attempts: 9, firstFailedAt: T0, lastStatus: 503, lastError: 'x' }, at);
  };

  describe('outbox: failure episodes and budgets', () => {
    it('records the first failure of an episode; a report without one leaves it; a new change clears it', async () => {
      const pair = await aPair();
      const row = await claimed(pair);
      const outcome = { attempts: 1, firstFailedAt: T0 + 5, lastStatus: 503, lastError: 'x' };
      await store().outbox.reschedule(row, { ...outcome, nextAttemptAt: T0 + 10 }, T0 + 5);
      expect(await rowOf(pair)).toMatchObject({ attempts: 1, firstFailedAt: T0 + 5 });

      const [again] = await store().outbox.claimDue(T0 + 10, 1, lease('w2', T0 + MINUTE));
      await store().outbox.reschedule(
        again!,
        { attempts: 1, lastStatus: 429, lastError: 'rate', nextAttemptAt: T0 + 20 },
        T0 + 11,
      );
      expect(await rowOf(pair)).toMatchObject({ firstFailedAt: T0 + 5, lastStatus: 429 });

      expect(await store().outbox.enqueueChanges([pair], T0 + 12)).toBe(1);
      expect(await rowOf(pair)).toMatchObject({ attempts: 0, firstFailedAt: null, generation: 2 });
    });

    it('renewBudgets: failing pending rows start afresh and are due now; rate waits and failed rows stay', async () => {
      const connection = await aConnection();
      const failing = await aPair(connection);
      const waiting = await aPair(connection);
      const gaveUp = await aPair(connection);
      await parked(gaveUp, T0 + 1);
      for (const [pair, first] of [[failing, T0] as const, [waiting, null] as const]) {
        const row = await claimed(pair, `w-${pair.uri}`);
        await store().outbox.reschedule(
          row,
          {
            attempts: first === null ? 0 : 7,
            firstFailedAt: first,
            lastStatus: 503,
            lastError: 'x',
            nextAttemptAt: T0 + 5 * MINUTE,
          },
          T0 + 2,
        );
      }
      const now = T0 + MINUTE;
      expect(await store().outbox.renewBudgets(now)).toBe(1);
      expect(await rowOf(failing)).toMatchObject({ attempts: 0, firstFailedAt: null, nextAttemptAt: now });
      expect(await rowOf(waiting)).toMatchObject({ nextAttemptAt: T0 + 5 * MINUTE });
      expect(await rowOf(gaveUp)).toMatchObject({ state: 'failed', firstFailedAt: T0 });
      const due = await store().outbox.claimDue(now, 10, lease('w3', now + MINUTE));
      expect(due.map(keyOf)).toEqual([keyOf(failing)]);
    });
  });

  describe('outbox: retryFailed', () => {
    it('re-queues every failed row, or one connection’s, or those parked since a time; never a pending row', async () => {
      const [c1, c2] = [await aConnection(), await aConnection()];
      const a = await aPair(c1);
      const b = await aPair(c1);
      const c = await aPair(c2);
      const pending = await aPair(c2);
      await parked(a, T0 + 1 * MINUTE);
      await parked(b, T0 + 3 * MINUTE);
      await parked(c, T0 + 5 * MINUTE);
      expect(await store().outbox.enqueueChanges([pending], T0)).toBe(1);

      const now = T0 + 60 * MINUTE;
      expect(await store().outbox.retryFailed({ connectionId: c1.id, since: T0 + 2 * MINUTE }, now)).toBe(1);
      expect(await rowOf(b)).toMatchObject({
        state: 'pending',
        attempts: 0,
        firstFailedAt: null,
        nextAttemptAt: now,
      });
      expect((await rowOf(a))?.state).toBe('failed');

      expect(await store().outbox.retryFailed({ since: T0 + 4 * MINUTE }, now)).toBe(1);
      expect((await rowOf(c))?.state).toBe('pending');
      expect(await store().outbox.retryFailed({ connectionId: 'no-such-connection' }, now)).toBe(0);
      expect(await store().outbox.retryFailed({}, now)).toBe(1);
      expect(await store().outbox.count()).toEqual({ pending: 4, failed: 0 });
      expect(await store().outbox.retryFailed({}, now)).toBe(0);
    });
  });
}
