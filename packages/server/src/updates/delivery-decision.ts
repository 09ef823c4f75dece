import type { UpdateSettings } from '../config/update-settings.js';
import type { PatchOutcome } from '../notion/patch-external-object.js';
import type { ResolvedUnfurl } from '../unfurl/resolve-unfurl.js';
import { backoffDelay } from './backoff.js';

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
  | { kind: 'patched'; outcome: PatchOutcome; sent: ResolvedUnfurl['outcome'] };

/** What to do with the row (and what to count and log): one store call each. */
export type DeliveryAction =
  /** Delete the row, nothing to count: its connection is gone. */
  | { kind: 'drop-row' }
  /** Settle the row as delivered (deleted unless a newer change arrived meanwhile). */
  | { kind: 'complete'; sent: ResolvedUnfurl['outcome'] }
  | {
      kind: 'reschedule';
      reason: 'paced' | 'resolver' | 'rate_limited' | 'transient';
      delayMs: number;
      attempts: number;
      status: number | null;
      error: string;
    }
  /** Keep the row as failed, for a person to look at. */
  | {
      kind: 'park';
      failure: 'exhausted' | 'rejected' | 'undecryptable';
      attempts: number;
      status: number | null;
      error: string;
      cause?: unknown;
    }
  | { kind: 'revoke-connection'; reason: string }
  /** Remove the preview from the registry (which drops the row too). */
  | { kind: 'drop-preview'; failure: 'no_rule' | 'not_found'; reason?: string };

type RetryPolicy = Pick<UpdateSettings, 'maxAttempts' | 'backoff'>;

/**
 * Decides what one delivery attempt leads to (docs/updates.md, "what an answer means"). Counted failures (5xx,
 * timeouts, resolver failures) back off with jitter until the attempt budget is spent, then park; waits asked
 * for by a rate (ours or Notion's 429/529) are not failures and never park.
 *
 * @example
 * decideDelivery({ kind: 'patched', outcome: { kind: 'delivered', status: 200 }, sent: 'attributes' },
 *   { attempts: 0 }, settings); // { kind: 'complete', sent: 'attributes' }
 */
export function decideDelivery(
  fact: DeliveryFact,
  row: { attempts: number },
  policy: RetryPolicy,
  random: () => number = Math.random,
): DeliveryAction {
  const backoff = () => backoffDelay(row.attempts + 1, policy.backoff, random);
  const retry = (
    reason: Retry['reason'],
    delayMs: number,
    counted: boolean,
    status: number | null,
    error: string,
  ) => retryOrPark(row.attempts, policy, { reason, delayMs, counted, status, error });
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
        status: null,
        error: 'cannot decrypt the Notion token (key removed?)',
        cause: fact.cause,
      };
    case 'patched':
      return decidePatchOutcome(fact, row, policy, backoff);
  }
}

function decidePatchOutcome(
  { outcome, sent }: Extract<DeliveryFact, { kind: 'patched' }>,
  row: { attempts: number },
  policy: RetryPolicy,
  backoff: () => number,
): DeliveryAction {
  switch (outcome.kind) {
    case 'delivered':
      return { kind: 'complete', sent };
    case 'rate-limited':
      // Retry-After is honoured up to the backoff cap: a day's (or a broken) value must not park a row for good;
      // if Notion still refuses, it says so again, cheaply.
      return retryOrPark(row.attempts, policy, {
        reason: 'rate_limited',
        delayMs: Math.min(outcome.retryAfterMs ?? backoff(), policy.backoff.capMs),
        counted: false,
        status: outcome.status,
        error: `Notion answered ${outcome.status}`,
      });
    case 'transient':
      return retryOrPark(row.attempts, policy, {
        reason: 'transient',
        delayMs: backoff(),
        counted: true,
        status: outcome.status ?? null,
        error: outcome.reason,
      });
    case 'unauthorized':
      return { kind: 'revoke-connection', reason: outcome.reason };
    case 'not-found':
      return { kind: 'drop-preview', failure: 'not_found', reason: outcome.reason };
    case 'rejected':
      return {
        kind: 'park',
        failure: 'rejected',
        attempts: row.attempts + 1,
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

/** Another try later, unless this was the last counted attempt. */
function retryOrPark(attemptsSoFar: number, policy: RetryPolicy, retry: Retry): DeliveryAction {
  const attempts = retry.counted ? attemptsSoFar + 1 : attemptsSoFar;
  const { status, error } = retry;
  if (retry.counted && attempts >= policy.maxAttempts) {
    return { kind: 'park', failure: 'exhausted', attempts, status, error };
  }
  return { kind: 'reschedule', reason: retry.reason, delayMs: retry.delayMs, attempts, status, error };
}
