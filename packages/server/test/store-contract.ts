import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { IntegrationStore } from '../src/store/store.js';
import { consentRequestContract } from './store-contract/consent-requests.js';
import { grantAndCodeContract } from './store-contract/grants-and-codes.js';
import { notionConnectionContract } from './store-contract/notion-connections.js';
import { notionTokenLifecycleContract } from './store-contract/notion-token-lifecycle.js';
import { outboxBudgetContract } from './store-contract/outbox-budgets.js';
import { outboxEnqueueAndClaimContract } from './store-contract/outbox-enqueue-and-claim.js';
import { outboxReportContract } from './store-contract/outbox-reports.js';
import { outboxVolumeContract } from './store-contract/outbox-volume.js';
import { previewContract } from './store-contract/previews.js';
import { purgeExpiredContract } from './store-contract/purge-expired.js';
import { redosVerdictContract } from './store-contract/redos-verdicts.js';
import { refreshRotationContract } from './store-contract/refresh-rotation.js';
import { tokenContract } from './store-contract/tokens.js';

/**
 * The one contract every `IntegrationStore` backend must pass (DESIGN rule 6), registered as vitest tests.
 * `makeStore` returns a store that is open, migrated and empty; each test gets its own and closes it.
 * Against a real database only: the point is to catch what a mock would hide (constraints, concurrency, types
 * the driver returns).
 *
 * @example
 * describeStoreContract('SQLite file', () => openStore(`sqlite:${dir}/store-${n++}.db`));
 */
export function describeStoreContract(name: string, makeStore: () => Promise<IntegrationStore>): void {
  describe(`IntegrationStore contract: ${name}`, () => {
    let current: IntegrationStore | undefined;
    const store = (): IntegrationStore => {
      if (current === undefined) throw new Error('the store is used outside a test');
      return current;
    };

    beforeEach(async () => {
      current = await makeStore();
    });
    afterEach(async () => {
      await current?.close();
      current = undefined;
    });

    consentRequestContract(store);
    notionConnectionContract(store);
    notionTokenLifecycleContract(store);
    grantAndCodeContract(store);
    tokenContract(store);
    refreshRotationContract(store);
    previewContract(store);
    outboxEnqueueAndClaimContract(store);
    outboxReportContract(store);
    outboxVolumeContract(store);
    outboxBudgetContract(store);
    purgeExpiredContract(store);
    redosVerdictContract(store);

    it('closes idempotently', async () => {
      await store().close();
      await expect(store().close()).resolves.toBeUndefined();
    });
  });
}
