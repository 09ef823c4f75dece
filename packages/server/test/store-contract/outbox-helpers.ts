import { expect } from 'vitest';
import type {
  ClaimedOutboxRow,
  IntegrationStore,
  NotionConnectionInput,
  NotionConnectionRecord,
  OutboxRow,
} from '../../src/store/store.js';
import { aConnectionInput, anId, MINUTE, T0 } from '../store-fixtures.js';

/*
 * Helpers shared by the outbox contract files (`outbox-*.ts`): pairs, leases and the row a fresh enqueue writes.
 * Times are T0-based; a "worker" is just a lease id.
 */

export type Pair = { connectionId: string; uri: string };

export const aUri = (): string => `https://acme.test/items/${anId('item')}`;
export const lease = (id: string, until: number) => ({ id, until });
export const keyOf = (row: Pair): string => `${row.connectionId} ${row.uri}`;

/** A row as `enqueueChanges` first writes it at T0, with overrides. */
export const freshRow = (pair: Pair, over: Partial<OutboxRow> = {}): OutboxRow => ({
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
  firstFailedAt: null,
  ...over,
});

/** Builders bound to the store under test: a connection, a pair, a pair's row, a claimed row. */
export function outboxHelpers(store: () => IntegrationStore) {
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
  return { aConnection, aPair, rowOf, claimed };
}
