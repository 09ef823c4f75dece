import type { RateSetting } from '@unfurlkit/core/http';

/** How the outbox worker runs; from the configuration's `updates` section. */
export interface UpdateSettings {
  /** Run the worker in this process (turn off in processes that only serve requests). */
  enabled: boolean;
  perConnection: RateSetting;
  perIntegration: RateSetting;
  /** PATCHes in flight at once. */
  concurrency: number;
  /** Failed attempts (5xx, timeouts, resolver failures) before a row is parked as failed. */
  maxAttempts: number;
  /** Retry delays: `capMs` is the longest wait before another attempt, a `Retry-After` from Notion included. */
  backoff: { baseMs: number; capMs: number };
  /** How long a claimed row is reserved for this worker; must outlast one delivery. */
  leaseMs: number;
  /**
   * How long a newly changed preview waits before its first delivery, so a burst of edits (a bulk import, a
   * person typing) becomes one PATCH carrying the last state instead of one per edit.
   */
  coalesceMs: number;
  /** How often the worker looks for due rows when nothing woke it. */
  pollMs: number;
}
