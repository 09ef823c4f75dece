import type { RateSetting } from '@unfurlkit/core/http';

/** How the outbox worker runs; from the configuration's `updates` section. */
export interface UpdateSettings {
  /** Run the worker in this process (turn off in processes that only serve requests). */
  enabled: boolean;
  perConnection: RateSetting;
  perIntegration: RateSetting;
  /** PATCHes in flight at once. */
  concurrency: number;
  /**
   * The retry budget: a row whose failures (5xx, timeouts, resolver failures) have gone on this long since the
   * first one is parked as failed at its next failure. Outages of Notion as a whole do not count (the breaker).
   */
  maxAgeMs: number;
  /**
   * Failed attempts a row gets at least before it can be parked, however short `maxAgeMs` is
   * (`UPDATES_MAX_ATTEMPTS`, kept for compatibility: it no longer parks a row by itself).
   */
  maxAttempts: number;
  /** Notion-wide failures in a row (no answer, 5xx, with no answer between them) that open the breaker. */
  breakerThreshold: number;
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
