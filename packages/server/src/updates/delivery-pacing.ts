import { TokenBuckets } from '@unfurlkit/core/http';
import type { UpdateSettings } from '../config/update-settings.js';
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
 */
export class DeliveryPacing {
  readonly #perConnection: TokenBuckets;
  readonly #integration: TokenBuckets;
  readonly #inFlight = new Set<string>();
  #refusals: Refusal[] = [];

  constructor(
    private readonly settings: Pick<UpdateSettings, 'perConnection' | 'perIntegration' | 'pollMs'>,
    private readonly clock: () => number,
  ) {
    this.#perConnection = new TokenBuckets(settings.perConnection, clock);
    this.#integration = new TokenBuckets(settings.perIntegration, clock);
  }

  /**
   * 0: this row may go now, and its connection is marked in flight until `release`. Otherwise the ms to wait,
   * taking nothing: a slot of the row's own (successive rows of a backlog get successive slots, so they come
   * due one by one instead of all at once).
   */
  acquire(connectionId: string): number {
    if (this.#inFlight.has(connectionId)) {
      // Back after at least a poll (about one delivery), at the connection's next slot: a backlog waiting on a
      // busy connection comes due one row at a time, at its rate, instead of all rows at every poll.
      return this.#perConnection.slot(connectionId, Math.max(1, this.settings.pollMs));
    }
    const integrationPause = this.#integration.pausedFor('all');
    if (integrationPause > 0) return integrationPause;
    const wait = this.#perConnection.takeOrSlot(connectionId);
    if (wait > 0) return wait;
    this.#inFlight.add(connectionId);
    return 0;
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
    for (let wait = this.#integration.take('all'); wait > 0; wait = this.#integration.take('all')) {
      if (!running()) return false;
      await new Promise((resolve) => setTimeout(resolve, Math.min(wait, 1_000)));
    }
    return true;
  }

  /**
   * Notion refused `connectionId` until `untilMs`: pauses its bucket, and the integration's when several
   * connections were refused at once. Returns which scope was paused.
   */
  rateLimited(connectionId: string, untilMs: number): 'connection' | 'integration' {
    const now = this.clock();
    this.#refusals = recentRefusals([...this.#refusals, { connectionId, at: now }], now);
    this.#perConnection.pause(connectionId, untilMs);
    const scope = rateLimitScope(this.#refusals, now);
    if (scope === 'integration') this.#integration.pause('all', untilMs);
    return scope;
  }
}
