import type { TokenBuckets } from '@unfurlkit/core/http';
import type { FastifyBaseLogger } from 'fastify';
import { notionTokenAad } from '../crypto/notion-token-aad.js';
import type { ServerContext } from '../server-context.js';
import type { ClaimedOutboxRow } from '../store/store.js';
import { resolveUnfurl } from '../unfurl/resolve-unfurl.js';
import { backoffDelay } from './backoff.js';
import type { ExternalObjectClient } from './external-object-client.js';
import type { UpdateMetrics } from './update-metrics.js';
import type { UpdateSettings } from './update-settings.js';

export interface DeliveryDeps {
  context: ServerContext;
  client: ExternalObjectClient;
  metrics: UpdateMetrics;
  settings: UpdateSettings;
  perConnection: TokenBuckets;
  /**
   * Waits for the integration-wide bucket (shared by every delivery of this process); false when the worker
   * stopped meanwhile (do not send).
   */
  paceIntegration: () => Promise<boolean>;
  logger: FastifyBaseLogger;
}

/**
 * Delivers one outbox row: re-resolves the preview **for its own person** (their permissions may differ from
 * whoever changed the data), sends the whole set with their Notion token, and settles the row by Notion's answer.
 * A row is deleted only after a 2xx, and only if no newer change arrived meanwhile (then it goes again).
 */
export async function deliverUpdate(row: ClaimedOutboxRow, deps: DeliveryDeps): Promise<void> {
  const { context, client, metrics, settings } = deps;
  const { store } = context;
  const log = deps.logger.child({ connectionId: row.connectionId, uri: row.uri, generation: row.generation });
  const lease = { connectionId: row.connectionId, uri: row.uri, leaseId: row.leaseId };
  const retryLater = async (
    reason: string,
    delayMs: number,
    countAttempt: boolean,
    status: number | null,
    error: string,
  ) => {
    const attempts = countAttempt ? row.attempts + 1 : row.attempts;
    if (countAttempt && attempts >= settings.maxAttempts) {
      metrics.failures.inc({ reason: 'exhausted' });
      log.warn({ attempts, status, error }, 'update parked as failed after its last attempt');
      return store.failOutbox(lease, { attempts, lastStatus: status, lastError: error }, context.clock());
    }
    metrics.retries.inc({ reason });
    log.info({ reason, delayMs, attempts, status }, 'update retried later');
    const now = context.clock();
    return store.rescheduleOutbox(
      lease,
      { nextAttemptAt: now + delayMs, attempts, lastStatus: status, lastError: error },
      now,
    );
  };

  const connection = await store.findNotionConnection(row.connectionId);
  if (!connection || connection.revokedAt !== null) {
    await store.deleteOutbox(row.connectionId, row.uri);
    return;
  }
  // Pace before resolving: a row that must wait costs no resolver call (the product's database), and gets a slot
  // of its own, so a connection's backlog comes due one row per token (token-bucket.ts, takeOrSlot).
  const wait = deps.perConnection.takeOrSlot(row.connectionId);
  if (wait > 0) {
    await retryLater('paced', wait, false, null, 'paced by the per-connection rate');
    return;
  }
  const account = { id: connection.accountId, name: connection.accountName };
  const resolved = await resolveUnfurl({
    uri: row.uri,
    account,
    integration: context.integration,
    rules: context.rules,
    timeoutMs: context.config.resolverTimeoutMs,
    logger: log,
  });
  if (resolved.outcome === 'no-rule' || resolved.outcome === 'bad-uri') {
    metrics.failures.inc({ reason: 'no_rule' });
    // The rules changed under this preview: it will never resolve again, so it leaves the registry (which also
    // drops the row), and later changes of the uri no longer queue work for it.
    log.warn('no rule matches this preview any more: removed from the registry');
    await store.deletePreview(row.connectionId, row.uri);
    return;
  }
  if (resolved.outcome === 'failed') {
    // A resolver failure is ours and probably passing: keep the preview Notion shows, and try again.
    await retryLater(
      'resolver',
      backoffDelay(row.attempts + 1, settings.backoff),
      true,
      null,
      'resolver failed',
    );
    return;
  }

  if (!(await deps.paceIntegration())) {
    // The worker is stopping while this row waited for the integration-wide rate: leave it for the next run.
    await retryLater('paced', 0, false, null, 'worker stopped while pacing');
    return;
  }

  let token: string;
  try {
    token = context.secretBox.open(
      connection.accessToken,
      notionTokenAad(connection.accountId, connection.botId),
    );
  } catch (error) {
    // Its key was removed from TOKEN_ENCRYPTION_KEY (or the row was tampered with): no retry can help.
    metrics.failures.inc({ reason: 'undecryptable' });
    log.error({ err: error }, "cannot decrypt this connection's Notion token: parked as failed");
    await store.failOutbox(
      lease,
      {
        attempts: row.attempts + 1,
        lastStatus: null,
        lastError: 'cannot decrypt the Notion token (key removed?)',
      },
      context.clock(),
    );
    return;
  }
  const outcome = await client.patch(token, resolved.body);
  const now = context.clock();
  switch (outcome.kind) {
    case 'delivered': {
      const done = await store.completeOutbox({ ...lease, generation: row.generation }, now, {
        dueAt: now + settings.coalesceMs,
      });
      metrics.deliveries.inc({ result: resolved.outcome === 'attributes' ? 'attributes' : 'error' });
      metrics.latency.observe(Math.max(0, now - row.enqueuedAt) / 1000);
      log.info(
        { sent: resolved.outcome, settled: done },
        done ? 'update delivered' : 'update delivered; a newer change follows',
      );
      return;
    }
    case 'rate-limited':
      // Retry-After is honoured up to the backoff cap: a day's (or a broken) value must not park a row for
      // good; if Notion still refuses, it says so again, cheaply.
      await retryLater(
        'rate_limited',
        Math.min(
          outcome.retryAfterMs ?? backoffDelay(row.attempts + 1, settings.backoff),
          settings.backoff.capMs,
        ),
        false,
        outcome.status,
        `Notion answered ${outcome.status}`,
      );
      return;
    case 'transient':
      await retryLater(
        'transient',
        backoffDelay(row.attempts + 1, settings.backoff),
        true,
        outcome.status ?? null,
        outcome.reason,
      );
      return;
    case 'unauthorized':
      metrics.failures.inc({ reason: 'unauthorized' });
      log.warn(
        { reason: outcome.reason },
        "Notion refused this connection's token: connection marked revoked",
      );
      await store.markNotionConnectionRevoked(row.connectionId, now);
      return;
    case 'not-found':
      metrics.failures.inc({ reason: 'not_found' });
      log.info({ reason: outcome.reason }, 'Notion does not show this preview: removed from the registry');
      await store.deletePreview(row.connectionId, row.uri);
      return;
    case 'rejected':
      metrics.failures.inc({ reason: 'rejected' });
      log.error(
        { status: outcome.status, reason: outcome.reason },
        'Notion refused the update: parked as failed',
      );
      await store.failOutbox(
        lease,
        { attempts: row.attempts + 1, lastStatus: outcome.status, lastError: outcome.reason },
        now,
      );
      return;
  }
}
