import type { UpdateSettings } from '../config/update-settings.js';
import type { LimitStore, RateBuckets } from '../store/store.js';
import { type Refusal, rateLimitScope, recentRefusals } from './rate-limit-scope.js';

/**
 * How fast the worker sends, and how it slows down when Notion says so (docs/updates.md, "Pacing"):
 *
 * - a token bucket per connection and one for the integration (`UPDATES_RATE_PER_*`, `UPDATES_BURST`);
 * - one delivery in flight per connection: Notion's limit is per connection, and several requests already on
 *   the wire when the first 429 comes back would all be refused. One at a time, the first refusal stops the
 *   rest (at Notion's pace of a few requests a second, a round trip is no slower than the limit anyway);
 * - a 429 (or 529) pauses the connection's bucket for its `Retry-After`, and the integration's too when
 *   several connections are refused at once (`rateLimitScope`); a paused bucket comes back at half its rate and
 *   climbs back over a minute (`TokenBuckets.pause`).
 *
 * The buckets live where the store keeps limits (`store.limits`): in memory on SQLite, in the database on
 * PostgreSQL, so that instances sharing it send to one connection at its rate together, not each at it. The
 * one-in-flight rule and the inference of a 429's scope stay per process.
 */
export class DeliveryPacing {
  readonly #perConnection: RateBuckets;
  readonly #integration: RateBuckets;
  readonly #inFlight = new Set<string>();
  #refusals: Refusal[] = [];

  constructor(
    private readonly settings: Pick<UpdateSettings, 'perConnection' | 'perIntegration' | 'pollMs'>,
    private readonly clock: () => number,
    limits: LimitStore,
  ) {
    this.#perConnection = limits.rateBuckets('updates:connection', settings.perConnection, clock);
    this.#integration = limits.rateBuckets('updates:integration', settings.perIntegration, clock);
  }

  /**
   * 0: this row may go now, and its connection is marked in flight until `release`. Otherwise the ms to wait,
   * taking nothing: a slot of the row's own (successive rows of a backlog get successive slots, so they come
   * due one by one instead of all at once).
   */
  async acquire(connectionId: string): Promise<number> {
    if (this.#inFlight.has(connectionId)) {
      // Back after at least a poll (about one delivery), at the connection's next slot: a backlog waiting on a
      // busy connection comes due one row at a time, at its rate, instead of all rows at every poll.
      return this.#perConnection.slot(connectionId, Math.max(1, this.settings.pollMs));
    }
    // Marked before the first await: a second row of the connection claimed meanwhile waits its turn.
    this.#inFlight.add(connectionId);
    try {
      const wait = await this.#firstWait(connectionId);
      if (wait > 0) this.#inFlight.delete(connectionId);
      return wait;
    } catch (error) {
      this.#inFlight.delete(connectionId);
      throw error;
    }
  }

  /** The integration's pause, else the connection's token (or slot). */
  async #firstWait(connectionId: string): Promise<number> {
    const integrationPause = await this.#integration.pausedFor('all');
    if (integrationPause > 0) return integrationPause;
    return this.#perConnection.takeOrSlot(connectionId);
  }

  /** The connection's delivery finished: the next of its rows may go. */
  release(connectionId: string): void {
    this.#inFlight.delete(connectionId);
  }

  /**
   * Waits for the integration-wide bucket; false when `running()` turned false meanwhile (do not send).
   * Bounded: each wait is at most a second, and there is one per missing token.
   */
  async paceIntegration(running: () => boolean): Promise<boolean> {
    for (
      let wait = await this.#integration.take('all');
      wait > 0;
      wait = await this.#integration.take('all')
    ) {
      if (!running()) return false;
      await new Promise((resolve) => setTimeout(resolve, Math.min(wait, 1_000)));
    }
    return true;
  }

  /**
   * Notion refused `connectionId` until `untilMs`: pauses its bucket, and the integration's when several
   * connections were refused at once. Returns which scope was paused.
   */
  async rateLimited(connectionId: string, untilMs: number): Promise<'connection' | 'integration'> {
    const now = this.clock();
    this.#refusals = recentRefusals([...this.#refusals, { connectionId, at: now }], now);
    const scope = rateLimitScope(this.#refusals, now);
    await this.#perConnection.pause(connectionId, untilMs);
    if (scope === 'integration') await this.#integration.pause('all', untilMs);
    return scope;
  }
}
