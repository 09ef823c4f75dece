import type { FastifyBaseLogger } from 'fastify';
import type { ClaimedOutboxRow } from '../store/store.js';
import type { DeliveryAction } from './delivery-decision.js';
import type { DeliveryDeps } from './delivery-deps.js';

type Settled = Exclude<DeliveryAction, { kind: 'refresh-and-retry' }>;
type Lease = { connectionId: string; uri: string; leaseId: string };

/** Acts on the decision: one store call, its metric and its log line. */
export async function settleDelivery(
  action: Settled,
  row: ClaimedOutboxRow,
  deps: DeliveryDeps,
  log: FastifyBaseLogger,
): Promise<void> {
  const { store } = deps.context;
  const lease: Lease = { connectionId: row.connectionId, uri: row.uri, leaseId: row.leaseId };
  const now = deps.context.clock();
  switch (action.kind) {
    case 'drop-row':
      await store.outbox.delete(row.connectionId, row.uri);
      return;
    case 'complete':
      return settleComplete(action, row, lease, deps, log);
    case 'reschedule':
      return settleReschedule(action, lease, deps, log);
    case 'park':
      deps.metrics.failures.inc({ reason: action.failure });
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
      deps.metrics.failures.inc({ reason: 'unauthorized' });
      log.warn(
        { reason: action.reason },
        "Notion refused this connection's token and it could not be refreshed: connection marked revoked; " +
          'no more updates until the person reconnects the integration from Notion (paste one of its links ' +
          "again, or connect it from Notion's Connections settings)",
      );
      await store.connections.markRevoked(row.connectionId, now);
      return;
    case 'drop-preview':
      deps.metrics.failures.inc({ reason: action.failure });
      if (action.failure === 'no_rule')
        log.warn('no rule matches this preview any more: removed from the registry');
      else
        log.info({ reason: action.reason }, 'Notion does not show this preview: removed from the registry');
      await store.previews.delete(row.connectionId, row.uri);
      return;
  }
}

async function settleComplete(
  action: Extract<DeliveryAction, { kind: 'complete' }>,
  row: ClaimedOutboxRow,
  lease: Lease,
  deps: DeliveryDeps,
  log: FastifyBaseLogger,
): Promise<void> {
  const { metrics } = deps;
  const now = deps.context.clock();
  const done = await deps.context.store.outbox.complete({ ...lease, generation: row.generation }, now, {
    dueAt: now + deps.settings.coalesceMs,
  });
  metrics.deliveries.inc({ result: action.sent === 'attributes' ? 'attributes' : 'error' });
  metrics.latency.observe(Math.max(0, now - row.enqueuedAt) / 1000);
  log.info(
    { sent: action.sent, settled: done },
    done ? 'update delivered' : 'update delivered; a newer change follows',
  );
}

async function settleReschedule(
  action: Extract<DeliveryAction, { kind: 'reschedule' }>,
  lease: Lease,
  deps: DeliveryDeps,
  log: FastifyBaseLogger,
): Promise<void> {
  const { reason, delayMs, attempts, firstFailedAt, status, error } = action;
  const now = deps.context.clock();
  deps.metrics.retries.inc({ reason });
  if (reason === 'rate_limited') {
    const scope = await deps.pacing.rateLimited(lease.connectionId, now + delayMs);
    deps.metrics.rateLimitPauses.inc({ scope });
    log.info({ reason, delayMs, status, scope }, 'Notion rate-limited this update: paused, retried later');
  } else
    log[reason === 'paced' || reason === 'token_refresh' ? 'debug' : 'info'](
      { reason, delayMs, attempts, status },
      'update retried later',
    );
  await deps.context.store.outbox.reschedule(
    lease,
    { nextAttemptAt: now + delayMs, attempts, firstFailedAt, lastStatus: status, lastError: error },
    now,
  );
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
