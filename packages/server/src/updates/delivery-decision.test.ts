import { describe, expect, it } from 'vitest';
import type { PatchOutcome } from '../notion/patch-external-object.js';
import {
  type DeliveryAction,
  type DeliveryFact,
  decideDelivery,
  notionSignal,
  REFRESH_BUSY_RETRY_MS,
} from './delivery-decision.js';

const DAY = 86_400_000;
const NOW = Date.UTC(2026, 0, 2);
/** The first failure of a row that has failed before: exactly the budget ago. */
const EARLIER = NOW - DAY;
const policy = { maxAttempts: 5, maxAgeMs: DAY, backoff: { baseMs: 1_000, capMs: 300_000 } };
const row = (attempts: number) => ({ attempts, firstFailedAt: attempts > 0 ? EARLIER : null });
/** Random fixed at its top: backoff is its ceiling, base · 2^(attempt-1). */
const top = () => 1;
const patched = (
  outcome: PatchOutcome,
  sent: 'attributes' | 'resolver-error' = 'attributes',
): DeliveryFact => ({
  kind: 'patched',
  outcome,
  sent,
});
const cause = new Error('unsupported state or unable to authenticate data');

describe('decideDelivery', () => {
  const cases: Array<[string, DeliveryFact, number, DeliveryAction]> = [
    ['a gone connection drops the row', { kind: 'connection-gone' }, 0, { kind: 'drop-row' }],
    [
      'a per-connection wait reschedules without spending an attempt',
      { kind: 'paced', waitMs: 750 },
      4,
      {
        kind: 'reschedule',
        reason: 'paced',
        delayMs: 750,
        attempts: 4,
        firstFailedAt: EARLIER,
        status: null,
        error: 'paced by the per-connection rate',
      },
    ],
    [
      'a rule that no longer matches drops the preview',
      { kind: 'rule-gone' },
      0,
      { kind: 'drop-preview', failure: 'no_rule' },
    ],
    [
      'a resolver failure backs off and spends an attempt',
      { kind: 'resolver-failed' },
      1,
      {
        kind: 'reschedule',
        reason: 'resolver',
        delayMs: 2_000,
        attempts: 2,
        firstFailedAt: EARLIER,
        status: null,
        error: 'resolver failed',
      },
    ],
    [
      'a resolver failure on the last attempt parks the row',
      { kind: 'resolver-failed' },
      4,
      {
        kind: 'park',
        failure: 'exhausted',
        attempts: 5,
        firstFailedAt: EARLIER,
        status: null,
        error: 'resolver failed',
      },
    ],
    [
      'a worker stopping while pacing leaves the row for the next run at once',
      { kind: 'pacing-stopped' },
      4,
      {
        kind: 'reschedule',
        reason: 'paced',
        delayMs: 0,
        attempts: 4,
        firstFailedAt: EARLIER,
        status: null,
        error: 'worker stopped while pacing',
      },
    ],
    [
      'an undecryptable token parks the row at once',
      { kind: 'undecryptable', cause },
      0,
      {
        kind: 'park',
        failure: 'undecryptable',
        attempts: 1,
        firstFailedAt: NOW,
        status: null,
        error: 'cannot decrypt the Notion token (key removed?)',
        cause,
      },
    ],
    [
      '2xx completes, saying what was sent',
      patched({ kind: 'delivered', status: 200 }, 'resolver-error'),
      3,
      { kind: 'complete', sent: 'resolver-error' },
    ],
    [
      '429 waits Retry-After without spending an attempt',
      patched({ kind: 'rate-limited', status: 429, retryAfterMs: 2_000 }),
      4,
      {
        kind: 'reschedule',
        reason: 'rate_limited',
        delayMs: 2_000,
        attempts: 4,
        firstFailedAt: EARLIER,
        status: 429,
        error: 'Notion answered 429',
      },
    ],
    [
      '429 with a day-long Retry-After waits only the backoff cap',
      patched({ kind: 'rate-limited', status: 429, retryAfterMs: 86_400_000 }),
      0,
      {
        kind: 'reschedule',
        reason: 'rate_limited',
        delayMs: 300_000,
        attempts: 0,
        firstFailedAt: null,
        status: 429,
        error: 'Notion answered 429',
      },
    ],
    [
      '529 without Retry-After backs off',
      patched({ kind: 'rate-limited', status: 529, retryAfterMs: undefined }),
      2,
      {
        kind: 'reschedule',
        reason: 'rate_limited',
        delayMs: 4_000,
        attempts: 2,
        firstFailedAt: EARLIER,
        status: 529,
        error: 'Notion answered 529',
      },
    ],
    [
      '5xx backs off and spends an attempt',
      patched({ kind: 'transient', status: 503, reason: 'service_unavailable (HTTP 503)' }),
      0,
      {
        kind: 'reschedule',
        reason: 'transient',
        delayMs: 1_000,
        attempts: 1,
        firstFailedAt: NOW,
        status: 503,
        error: 'service_unavailable (HTTP 503)',
      },
    ],
    [
      'a timeout on the last attempt parks the row',
      patched({ kind: 'transient', status: undefined, reason: 'timeout' }),
      4,
      {
        kind: 'park',
        failure: 'exhausted',
        attempts: 5,
        firstFailedAt: EARLIER,
        status: null,
        error: 'timeout',
      },
    ],
    [
      '401 with nothing to refresh with (or right after a refresh) marks the connection revoked',
      patched({ kind: 'unauthorized', reason: 'unauthorized (HTTP 401)' }),
      0,
      { kind: 'revoke-connection', reason: 'unauthorized (HTTP 401)' },
    ],
    [
      '401 with a refresh token refreshes it and sends once more',
      {
        kind: 'patched',
        outcome: { kind: 'unauthorized', reason: 'unauthorized (HTTP 401)' },
        sent: 'attributes',
        refreshable: true,
      },
      0,
      { kind: 'refresh-and-retry' },
    ],
    [
      'a refused refresh marks the connection revoked',
      { kind: 'refresh-failed', refresh: 'refused', reason: 'invalid_grant (HTTP 400)' },
      0,
      { kind: 'revoke-connection', reason: 'invalid_grant (HTTP 400)' },
    ],
    [
      'a refresh that failed transiently is a counted failure, retried with backoff',
      { kind: 'refresh-failed', refresh: 'transient', reason: 'timeout' },
      1,
      {
        kind: 'reschedule',
        reason: 'transient',
        delayMs: 2_000,
        attempts: 2,
        firstFailedAt: EARLIER,
        status: null,
        error: 'Notion token refresh failed: timeout',
      },
    ],
    [
      "another process's refresh in progress: retried shortly, no attempt spent",
      { kind: 'refresh-failed', refresh: 'busy', reason: 'busy' },
      0,
      {
        kind: 'reschedule',
        reason: 'token_refresh',
        delayMs: REFRESH_BUSY_RETRY_MS,
        attempts: 0,
        firstFailedAt: null,
        status: null,
        error: 'Notion token refresh in progress',
      },
    ],
    [
      '404 drops the preview',
      patched({ kind: 'not-found', reason: 'object_not_found (HTTP 404)' }),
      0,
      { kind: 'drop-preview', failure: 'not_found', reason: 'object_not_found (HTTP 404)' },
    ],
    [
      'any other refusal parks the row at once',
      patched({ kind: 'rejected', status: 400, reason: 'validation_error (HTTP 400)' }),
      1,
      {
        kind: 'park',
        failure: 'rejected',
        attempts: 2,
        firstFailedAt: EARLIER,
        status: 400,
        error: 'validation_error (HTTP 400)',
      },
    ],
  ];

  it.each(cases)('%s', (_name, fact, attempts, expected) => {
    expect(decideDelivery(fact, row(attempts), policy, { now: NOW }, top)).toEqual(expected);
  });

  it('waits asked for by a rate never park a row, however many attempts it has spent', () => {
    for (const fact of [
      { kind: 'paced', waitMs: 10 },
      { kind: 'pacing-stopped' },
      patched({ kind: 'rate-limited', status: 529, retryAfterMs: 0 }),
    ] satisfies DeliveryFact[]) {
      expect(decideDelivery(fact, row(99), policy, { now: NOW }, top).kind).toBe('reschedule');
    }
  });

  it('backs off with jitter: the delay is drawn below the ceiling', () => {
    const action = decideDelivery({ kind: 'resolver-failed' }, row(3), policy, { now: NOW }, () => 0.5);
    expect(action).toMatchObject({ kind: 'reschedule', delayMs: 4_000 });
  });
});

describe('decideDelivery: the retry budget is a time', () => {
  const down = patched({ kind: 'transient', status: undefined, reason: 'network: connect ECONNREFUSED' });

  it('keeps retrying, however many attempts, until a failure comes UPDATES_MAX_AGE after the first', () => {
    const young = { attempts: 500, firstFailedAt: NOW - DAY + 1 };
    expect(decideDelivery(down, young, policy, { now: NOW }, top)).toMatchObject({
      kind: 'reschedule',
      attempts: 501,
      firstFailedAt: NOW - DAY + 1,
      // Capped: 2^500 seconds would be forever.
      delayMs: 300_000,
    });
    const old = { attempts: 500, firstFailedAt: NOW - DAY };
    expect(decideDelivery(down, old, policy, { now: NOW }, top)).toMatchObject({
      kind: 'park',
      failure: 'exhausted',
      firstFailedAt: NOW - DAY,
    });
  });

  it('starts the clock at the first failure of an episode', () => {
    const action = decideDelivery(down, { attempts: 0, firstFailedAt: null }, policy, { now: NOW }, top);
    expect(action).toMatchObject({ kind: 'reschedule', attempts: 1, firstFailedAt: NOW });
  });

  it('gives at least UPDATES_MAX_ATTEMPTS failures, however short the age', () => {
    const short = { ...policy, maxAgeMs: 0 };
    const fourth = decideDelivery(down, { attempts: 3, firstFailedAt: NOW - DAY }, short, { now: NOW }, top);
    expect(fourth.kind).toBe('reschedule');
    const fifth = decideDelivery(down, { attempts: 4, firstFailedAt: NOW - DAY }, short, { now: NOW }, top);
    expect(fifth.kind).toBe('park');
  });

  it('a breaker probe that finds Notion still down spends nothing and is due again at once', () => {
    const old = { attempts: 500, firstFailedAt: NOW - 10 * DAY };
    for (const fact of [
      down,
      patched({ kind: 'transient', status: 502, reason: 'bad_gateway (HTTP 502)' }),
    ]) {
      expect(decideDelivery(fact, old, policy, { now: NOW, probe: true }, top)).toMatchObject({
        kind: 'reschedule',
        reason: 'breaker',
        delayMs: 0,
        attempts: 500,
        firstFailedAt: NOW - 10 * DAY,
      });
    }
  });

  it('a probe that Notion answers is decided as any delivery', () => {
    const action = decideDelivery(
      patched({ kind: 'delivered', status: 200 }),
      row(3),
      policy,
      { now: NOW, probe: true },
      top,
    );
    expect(action).toEqual({ kind: 'complete', sent: 'attributes' });
  });
});

describe('notionSignal', () => {
  it('is down for no answer and for 5xx, up for every answer else (529 included), none without a call', () => {
    expect(notionSignal(patched({ kind: 'transient', status: undefined, reason: 'timeout' }))).toBe('down');
    expect(notionSignal(patched({ kind: 'transient', status: 500, reason: 'x' }))).toBe('down');
    expect(notionSignal(patched({ kind: 'transient', status: 409, reason: 'conflict' }))).toBe('up');
    expect(notionSignal(patched({ kind: 'rate-limited', status: 529, retryAfterMs: 1 }))).toBe('up');
    expect(notionSignal(patched({ kind: 'unauthorized', reason: 'x' }))).toBe('up');
    expect(notionSignal(patched({ kind: 'delivered', status: 200 }))).toBe('up');
    expect(notionSignal({ kind: 'resolver-failed' })).toBe('none');
    expect(notionSignal({ kind: 'paced', waitMs: 1 })).toBe('none');
  });
});
