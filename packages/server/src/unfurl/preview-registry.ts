import type { FastifyBaseLogger } from 'fastify';
import type { PreviewRecord, PreviewStore } from '../store/store.js';

/** What this process last wrote for a pair. */
interface WrittenPair {
  ruleName: string;
  accountId: string;
  /** `performance.now()` of the write (or of the refresh queued): real elapsed time, whatever the clock says. */
  writtenAt: number;
}

export interface PreviewRegistryOptions {
  /** A pair written less than this long ago (real time) with the same rule and account is not written again. */
  refreshAfterMs: number;
  /** Pairs remembered; beyond, the oldest remembered is forgotten (and simply written again when unfurled). */
  maxPairs: number;
  logger: FastifyBaseLogger;
}

export const PREVIEW_REGISTRY_DEFAULTS = { refreshAfterMs: 1000, maxPairs: 50_000 };

const pairKey = (connectionId: string, uri: string): string => `${connectionId}\n${uri}`;

type QueuedWrite = { record: PreviewRecord; settle: (error?: unknown) => void };

/**
 * The preview registry as `POST /unfurl` writes it, without a commit per request (Notion calls the Unfurl
 * Callback each time a page showing a link opens). What is guaranteed, and why it is enough for update delivery
 * (which reads only the pair, its rule and its account, never `lastUnfurledAt`):
 * - A pair this process has not written (new, or new to this process), or whose rule or account changed, is
 *   committed **before the answer leaves**: once Notion shows a preview, a change reaches it, even if the
 *   process crashes right after. Concurrent writes share one transaction (group commit: one commit for all).
 * - A pair this process wrote less than `refreshAfterMs` ago (real time) is not written again.
 * - Older, it is written again (upsert, so a pair deleted meanwhile by Notion's 404 comes back), queued at once
 *   with the other writes but not waited for by the answer: a crash can lose only this refresh of
 *   `lastUnfurledAt`, the pair itself being in the database already.
 * - `DELETE /unfurl` through `forget` is exact in this process: the next unfurl of the pair writes it again. A
 *   pair that left the registry by another path (another instance's `DELETE /unfurl`, Notion's 404 on a
 *   delivery) and is unfurled here again within `refreshAfterMs` of this process's last write of it is not
 *   written back: the bound docs/operations.md states.
 * - `close()` waits for every queued write.
 */
export class PreviewRegistry {
  readonly #store: PreviewStore;
  readonly #options: PreviewRegistryOptions;
  readonly #written = new Map<string, WrittenPair>();
  #queue: QueuedWrite[] = [];
  #writing: Promise<void> | undefined;
  /** Bumped by `forget`: a write that was under way then must not mark its pair as written. */
  #forgets = 0;

  constructor(store: PreviewStore, options: PreviewRegistryOptions) {
    this.#store = store;
    this.#options = options;
  }

  /** Records that Notion unfurled the pair: resolves once the pair is durable (see the class comment). */
  async record(record: PreviewRecord): Promise<void> {
    const key = pairKey(record.connectionId, record.uri);
    const known = this.#written.get(key);
    if (known && known.ruleName === record.ruleName && known.accountId === record.accountId) {
      const now = performance.now();
      if (now - known.writtenAt < this.#options.refreshAfterMs) return;
      known.writtenAt = now;
      this.#write(record).catch((error: unknown) => {
        this.#written.delete(key);
        this.#options.logger.warn(
          { err: error },
          'could not refresh an unfurled preview (the next unfurl of it writes it again)',
        );
      });
      return;
    }
    const forgets = this.#forgets;
    await this.#write(record);
    if (forgets === this.#forgets) this.#remember(key, record);
  }

  /** Removes the pair (and its queued update); true when it existed. */
  async forget(connectionId: string, uri: string): Promise<boolean> {
    this.#forgets += 1;
    this.#written.delete(pairKey(connectionId, uri));
    return this.#store.delete(connectionId, uri);
  }

  /** Waits until every write queued so far is done (failed ones included). */
  async close(): Promise<void> {
    while (this.#writing) await this.#writing;
  }

  #remember(key: string, record: PreviewRecord): void {
    this.#written.delete(key);
    this.#written.set(key, {
      ruleName: record.ruleName,
      accountId: record.accountId,
      writtenAt: performance.now(),
    });
    if (this.#written.size > this.#options.maxPairs) {
      const oldest = this.#written.keys().next().value;
      if (oldest !== undefined) this.#written.delete(oldest);
    }
  }

  /** Group commit: the records queued while a write runs go together in the next one. */
  #write(record: PreviewRecord): Promise<void> {
    return new Promise((resolve, reject) => {
      this.#queue.push({ record, settle: (error) => (error === undefined ? resolve() : reject(error)) });
      this.#drain();
    });
  }

  #drain(): void {
    if (this.#writing || this.#queue.length === 0) return;
    const batch = this.#queue;
    this.#queue = [];
    this.#writing = this.#store.recordMany(batch.map((entry) => entry.record)).then(
      () => this.#settle(batch, undefined),
      (error: unknown) => this.#settle(batch, error ?? new Error('preview write failed')),
    );
  }

  #settle(batch: QueuedWrite[], error: unknown): void {
    this.#writing = undefined;
    for (const entry of batch) entry.settle(error);
    this.#drain();
  }
}
