import type { FastifyBaseLogger } from 'fastify';
import type { UpdateSettings } from '../config/update-settings.js';
import type { ServerContext } from '../context/server-context.js';
import { notionTokenAad } from '../crypto/notion-token-aad.js';
import type { ClaimedOutboxRow, NotionConnectionRecord } from '../store/store.js';
import { resolveUnfurl } from '../unfurl/resolve-unfurl.js';
import { type DeliveryAction, type DeliveryFact, decideDelivery, notionSignal } from './delivery-decision.js';
import type { DeliveryPacing } from './delivery-pacing.js';
import type { NotionBreaker } from './notion-breaker.js';
import type { UpdateMetrics } from './update-metrics.js';

export interface DeliveryDeps {
  context: ServerContext;
  metrics: UpdateMetrics;
  settings: UpdateSettings;
  pacing: DeliveryPacing;
  breaker: NotionBreaker;
  /** Whether the worker still runs (a delivery waiting for the integration's rate gives up when it stops). */
  running: () => boolean;
  logger: FastifyBaseLogger;
}

/**
 * Delivers one outbox row: re-resolves the preview **for its own person** (their permissions may differ from
 * whoever changed the data), sends the whole set with their Notion token, and settles the row by Notion's answer
 * (`decideDelivery`). A row is deleted only after a 2xx, and only if no newer change arrived meanwhile (then it
 * goes again).
 */
export async function deliverUpdate(row: ClaimedOutboxRow, deps: DeliveryDeps, probe = false): Promise<void> {
  const log = deps.logger.child({ connectionId: row.connectionId, uri: row.uri, generation: row.generation });
  const fact = await attemptDelivery(row, deps, log);
  // The connection's turn is held until the row is settled: a 429's pause is in force before the next row of
  // the connection may go.
  const holdsTurn = fact.kind !== 'connection-gone' && fact.kind !== 'paced';
  try {
    // A probe that never reached Notion (paced, resolver failed) proves nothing: the breaker lets another go.
    deps.breaker.record(notionSignal(fact), probe);
    const action = decideDelivery(fact, row, deps.settings, { now: deps.context.clock(), probe });
    await settleDelivery(action, row, deps, log);
  } finally {
    if (holdsTurn) deps.pacing.release(row.connectionId);
  }
}

/** Reads and calls, up to the first thing that stops this row (or Notion's answer to the PATCH). */
async function attemptDelivery(
  row: ClaimedOutboxRow,
  deps: DeliveryDeps,
  log: FastifyBaseLogger,
): Promise<DeliveryFact> {
  const { context } = deps;
  const connection = await context.store.connections.find(row.connectionId);
  if (!connection || connection.revokedAt !== null) return { kind: 'connection-gone' };
  // Pace before resolving: a row that must wait costs no resolver call (the product's database), and gets a slot
  // of its own, so a connection's backlog comes due one row per token (token-bucket.ts, takeOrSlot).
  const wait = deps.pacing.acquire(row.connectionId);
  if (wait > 0) return { kind: 'paced', waitMs: wait };
  try {
    return await resolveAndPatch(row, connection, deps, log);
  } catch (error) {
    deps.pacing.release(row.connectionId);
    throw error;
  }
}

/** The part of an attempt that holds the connection's turn: resolve for its person, then PATCH. */
async function resolveAndPatch(
  row: ClaimedOutboxRow,
  connection: NotionConnectionRecord,
  deps: DeliveryDeps,
  log: FastifyBaseLogger,
): Promise<DeliveryFact> {
  const { context } = deps;
  const resolved = await resolveUnfurl({
    uri: row.uri,
    account: { id: connection.accountId, name: connection.accountName },
    integration: context.integration,
    rules: context.rules,
    timeoutMs: context.config.resolverTimeoutMs,
    logger: log,
  });
  if (resolved.outcome === 'no-rule' || resolved.outcome === 'bad-uri') return { kind: 'rule-gone' };
  if (resolved.outcome === 'failed') return { kind: 'resolver-failed' };
  if (!(await deps.pacing.paceIntegration(deps.running))) return { kind: 'pacing-stopped' };
  let token: string;
  try {
    token = context.secretBox.open(
      connection.accessToken,
      notionTokenAad(connection.accountId, connection.botId),
    );
  } catch (error) {
    return { kind: 'undecryptable', cause: error };
  }
  const outcome = await context.notion.patchExternalObject(token, resolved.body);
  return { kind: 'patched', outcome, sent: resolved.outcome };
}

/** Acts on the decision: one store call, its metric and its log line. */
async function settleDelivery(
  action: DeliveryAction,
  row: ClaimedOutboxRow,
  deps: DeliveryDeps,
  log: FastifyBaseLogger,
): Promise<void> {
  const { context, metrics } = deps;
  const { store } = context;
  const lease = { connectionId: row.connectionId, uri: row.uri, leaseId: row.leaseId };
  const now = context.clock();
  switch (action.kind) {
    case 'drop-row':
      await store.outbox.delete(row.connectionId, row.uri);
      return;
    case 'complete': {
      const done = await store.outbox.complete({ ...lease, generation: row.generation }, now, {
        dueAt: now + deps.settings.coalesceMs,
      });
      metrics.deliveries.inc({ result: action.sent === 'attributes' ? 'attributes' : 'error' });
      metrics.latency.observe(Math.max(0, now - row.enqueuedAt) / 1000);
      log.info(
        { sent: action.sent, settled: done },
        done ? 'update delivered' : 'update delivered; a newer change follows',
      );
      return;
    }
    case 'reschedule': {
      const { reason, delayMs, attempts, firstFailedAt, status, error } = action;
      metrics.retries.inc({ reason });
      if (reason === 'rate_limited') {
        const scope = deps.pacing.rateLimited(row.connectionId, now + delayMs);
        metrics.rateLimitPauses.inc({ scope });
        log.info(
          { reason, delayMs, status, scope },
          'Notion rate-limited this update: paused, retried later',
        );
      } else
        log[reason === 'paced' ? 'debug' : 'info'](
          { reason, delayMs, attempts, status },
          'update retried later',
        );
      await store.outbox.reschedule(
        lease,
        { nextAttemptAt: now + delayMs, attempts, firstFailedAt, lastStatus: status, lastError: error },
        now,
      );
      return;
    }
    case 'park':
      metrics.failures.inc({ reason: action.failure });
      logParked(action, log);
      await store.outbox.fail(
        lease,
        {
          attempts: action.attempts,
          firstFailedAt: action.firstFailedAt,
          lastStatus: action.status,
          lastError: action.error,
        },
        now,
      );
      return;
    case 'revoke-connection':
      metrics.failures.inc({ reason: 'unauthorized' });
      log.warn(
        { reason: action.reason },
        "Notion refused this connection's token: connection marked revoked",
      );
      await store.connections.markRevoked(row.connectionId, now);
      return;
    case 'drop-preview':
      metrics.failures.inc({ reason: action.failure });
      if (action.failure === 'no_rule')
        log.warn('no rule matches this preview any more: removed from the registry');
      else
        log.info({ reason: action.reason }, 'Notion does not show this preview: removed from the registry');
      await store.previews.delete(row.connectionId, row.uri);
      return;
  }
}

function logParked(action: Extract<DeliveryAction, { kind: 'park' }>, log: FastifyBaseLogger): void {
  const { attempts, status, error } = action;
  if (action.failure === 'exhausted')
    log.warn(
      { attempts, status, error, firstFailedAt: action.firstFailedAt },
      'update parked as failed: still failing UPDATES_MAX_AGE after its first failure',
    );
  else if (action.failure === 'rejected')
    log.error({ status, reason: error }, 'Notion refused the update: parked as failed');
  else log.error({ err: action.cause }, "cannot decrypt this connection's Notion token: parked as failed");
}
