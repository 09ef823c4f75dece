import type { UpdateSettings } from '../config/update-settings.js';
import type { PatchOutcome } from '../notion/patch-external-object.js';
import type { ResolvedUnfurl } from '../unfurl/resolve-unfurl.js';
import { backoffDelay } from './backoff.js';
import type { NotionSignal } from './notion-breaker.js';

/** How far one delivery attempt got: the first thing that stopped it, or Notion's answer to the PATCH. */
export type DeliveryFact =
  /** The connection was deleted or revoked since the row was queued. */
  | { kind: 'connection-gone' }
  /** The per-connection rate says wait this long before this row goes. */
  | { kind: 'paced'; waitMs: number }
  /** No rule matches the uri any more (or it is no longer a valid URL). */
  | { kind: 'rule-gone' }
  /** The resolver threw or timed out. */
  | { kind: 'resolver-failed' }
  /** The worker stopped while this row waited for the integration-wide rate. */
  | { kind: 'pacing-stopped' }
  /** The connection's Notion token cannot be decrypted. */
  | { kind: 'undecryptable'; cause: unknown }
  /**
   * The connection's Notion token is expired or was refused, and could not be refreshed: Notion `refused` the
   * refresh (or there is no refresh token), it failed `transient`ly, or another process is `busy` refreshing it.
   */
  | { kind: 'refresh-failed'; refresh: 'refused' | 'transient' | 'busy'; reason: string }
  /**
   * Notion's answer to the PATCH. `refreshable`: the token was not refreshed in this attempt and there is a
   * refresh token, so a 401 is worth one refresh and one more PATCH.
   */
  | { kind: 'patched'; outcome: PatchOutcome; sent: ResolvedUnfurl['outcome']; refreshable?: boolean };

/** What to do with the row (and what to count and log): one store call each. */
export type DeliveryAction =
  /** Delete the row, nothing to count: its connection is gone. */
  | { kind: 'drop-row' }
  /** Settle the row as delivered (deleted unless a newer change arrived meanwhile). */
  | { kind: 'complete'; sent: ResolvedUnfurl['outcome'] }
  | {
      kind: 'reschedule';
      reason: 'paced' | 'resolver' | 'rate_limited' | 'transient' | 'breaker' | 'token_refresh';
      delayMs: number;
      attempts: number;
      firstFailedAt: number | null;
      status: number | null;
      error: string;
    }
  /** Keep the row as failed, for a person to look at. */
  | {
      kind: 'park';
      failure: 'exhausted' | 'rejected' | 'undecryptable';
      attempts: number;
      firstFailedAt: number | null;
      status: number | null;
      error: string;
      cause?: unknown;
    }
  /** Refresh the connection's Notion token now and PATCH once more (a 401 with a refresh token). */
  | { kind: 'refresh-and-retry' }
  /** Mark the connection revoked: its token is refused and cannot be refreshed; the person must reconnect. */
  | { kind: 'revoke-connection'; reason: string }
  /** Remove the preview from the registry (which drops the row too). */
  | { kind: 'drop-preview'; failure: 'no_rule' | 'not_found'; reason?: string };

type RetryPolicy = Pick<UpdateSettings, 'maxAttempts' | 'maxAgeMs' | 'backoff'>;

/** The row as the decision needs it: its failures so far. */
export interface RowFailures {
  attempts: number;
  firstFailedAt: number | null;
}

/** When the attempt is decided, and whether it was the circuit breaker's probe. */
export interface AttemptContext {
  now: number;
  probe?: boolean;
}

/**
 * Decides what one delivery attempt leads to (docs/updates.md, "what an answer means"). Counted failures (5xx,
 * timeouts, resolver failures) back off with jitter (capped) and park the row only once a failure comes
 * `maxAgeMs` after the episode's first one (and not before `maxAttempts` failures); waits asked for by a rate
 * (ours or Notion's 429/529) are not failures and never park. A probe of the circuit breaker that finds Notion
 * still down spends nothing: the outage is Notion's, not the row's. A 401 with a refresh token asks for one
 * refresh and one more PATCH (`refresh-and-retry`); only a refused refresh revokes the connection.
 *
 * @example
 * decideDelivery({ kind: 'patched', outcome: { kind: 'delivered', status: 200 }, sent: 'attributes' },
 *   { attempts: 0, firstFailedAt: null }, settings, { now }); // { kind: 'complete', sent: 'attributes' }
 */
export function decideDelivery(
  fact: DeliveryFact,
  row: RowFailures,
  policy: RetryPolicy,
  attempt: AttemptContext,
  random: () => number = Math.random,
): DeliveryAction {
  const retry = (
    reason: Retry['reason'],
    delayMs: number,
    counted: boolean,
    status: number | null,
    error: string,
  ) => retryOrPark(row, policy, attempt.now, { reason, delayMs, counted, status, error });
  const backoff = () => backoffDelay(row.attempts + 1, policy.backoff, random);
  if (attempt.probe && notionSignal(fact) === 'down' && fact.kind === 'patched') {
    const { outcome } = fact;
    const status = 'status' in outcome && typeof outcome.status === 'number' ? outcome.status : null;
    return retry('breaker', 0, false, status, 'reason' in outcome ? outcome.reason : 'Notion is down');
  }
  switch (fact.kind) {
    case 'connection-gone':
      return { kind: 'drop-row' };
    case 'paced':
      return retry('paced', fact.waitMs, false, null, 'paced by the per-connection rate');
    case 'rule-gone':
      // The rules changed under this preview: it will never resolve again, so it leaves the registry, and later
      // changes of the uri no longer queue work for it.
      return { kind: 'drop-preview', failure: 'no_rule' };
    case 'resolver-failed':
      // A resolver failure is ours and probably passing: keep the preview Notion shows, and try again.
      return retry('resolver', backoff(), true, null, 'resolver failed');
    case 'pacing-stopped':
      // Leave it for the next run, without spending an attempt.
      return retry('paced', 0, false, null, 'worker stopped while pacing');
    case 'undecryptable':
      // Its key was removed from TOKEN_ENCRYPTION_KEY (or the row was tampered with): no retry can help.
      return {
        kind: 'park',
        failure: 'undecryptable',
        attempts: row.attempts + 1,
        firstFailedAt: row.firstFailedAt ?? attempt.now,
        status: null,
        error: 'cannot decrypt the Notion token (key removed?)',
        cause: fact.cause,
      };
    case 'refresh-failed':
      if (fact.refresh === 'refused') return { kind: 'revoke-connection', reason: fact.reason };
      // Another process is refreshing this connection's token: try again shortly, with its new token.
      if (fact.refresh === 'busy')
        return retry('token_refresh', REFRESH_BUSY_RETRY_MS, false, null, 'Notion token refresh in progress');
      return retry('transient', backoff(), true, null, `Notion token refresh failed: ${fact.reason}`);
    case 'patched':
      return decidePatchOutcome(fact, row, backoff, retry, attempt.now, policy.backoff.capMs);
  }
}

/** How soon a row waiting for another process's refresh of its token goes again (the refresh is one call). */
export const REFRESH_BUSY_RETRY_MS = 1_000;

/**
 * What a delivery tells the circuit breaker about Notion: `down` for no answer (connection refused, reset,
 * timeout) or a 5xx other than 529 (which is Notion asking to slow down: an answer); `up` for any other answer;
 * `none` when the attempt never called Notion.
 */
export function notionSignal(fact: DeliveryFact): NotionSignal {
  if (fact.kind !== 'patched') return 'none';
  const { outcome } = fact;
  if (outcome.kind !== 'transient') return 'up';
  return outcome.status === undefined || outcome.status >= 500 ? 'down' : 'up';
}

function decidePatchOutcome(
  { outcome, sent, refreshable }: Extract<DeliveryFact, { kind: 'patched' }>,
  row: RowFailures,
  backoff: () => number,
  retry: (
    reason: Retry['reason'],
    delayMs: number,
    counted: boolean,
    status: number | null,
    error: string,
  ) => DeliveryAction,
  now: number,
  capMs: number,
): DeliveryAction {
  switch (outcome.kind) {
    case 'delivered':
      return { kind: 'complete', sent };
    case 'rate-limited':
      // Retry-After is honoured up to the backoff cap: a day's (or a broken) value must not park a row for good;
      // if Notion still refuses, it says so again, cheaply.
      return retry(
        'rate_limited',
        Math.min(outcome.retryAfterMs ?? backoff(), capMs),
        false,
        outcome.status,
        `Notion answered ${outcome.status}`,
      );
    case 'transient':
      return retry('transient', backoff(), true, outcome.status ?? null, outcome.reason);
    case 'unauthorized':
      // Expired or revoked on Notion's side: one refresh and one more PATCH; refused again (or nothing to refresh
      // with), the connection is revoked.
      return refreshable
        ? { kind: 'refresh-and-retry' }
        : { kind: 'revoke-connection', reason: outcome.reason };
    case 'not-found':
      return { kind: 'drop-preview', failure: 'not_found', reason: outcome.reason };
    case 'rejected':
      return {
        kind: 'park',
        failure: 'rejected',
        attempts: row.attempts + 1,
        firstFailedAt: row.firstFailedAt ?? now,
        status: outcome.status,
        error: outcome.reason,
      };
  }
}

interface Retry {
  reason: Extract<DeliveryAction, { kind: 'reschedule' }>['reason'];
  delayMs: number;
  /** Whether this spends one of the row's attempts (failures do; waits asked for by a rate do not). */
  counted: boolean;
  status: number | null;
  error: string;
}

/**
 * Another try later, unless this counted failure comes `maxAgeMs` or more after the episode's first failure
 * (and is at least the `maxAttempts`th): then the row is parked.
 */
function retryOrPark(row: RowFailures, policy: RetryPolicy, now: number, retry: Retry): DeliveryAction {
  const attempts = retry.counted ? row.attempts + 1 : row.attempts;
  const firstFailedAt = retry.counted ? (row.firstFailedAt ?? now) : row.firstFailedAt;
  const { status, error } = retry;
  const budgetSpent = now - (firstFailedAt ?? now) >= policy.maxAgeMs && attempts >= policy.maxAttempts;
  if (retry.counted && budgetSpent) {
    return { kind: 'park', failure: 'exhausted', attempts, firstFailedAt, status, error };
  }
  const { reason, delayMs } = retry;
  return { kind: 'reschedule', reason, delayMs, attempts, firstFailedAt, status, error };
}
