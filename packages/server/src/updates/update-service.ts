import type { FastifyBaseLogger } from 'fastify';
import type { UpdateSettings } from '../config/update-settings.js';
import type { ServerContext } from '../context/server-context.js';
import { type ChangeTarget, previewsOf } from '../integration/change-target.js';
import { DeliveryPacing } from './delivery-pacing.js';
import { BREAKER_STATE_VALUE, type BreakerState, NotionBreaker } from './notion-breaker.js';
import { UpdateMetrics } from './update-metrics.js';
import { UpdateWorker } from './update-worker.js';

/**
 * Pushing changes to Notion (SPEC §4): `changed()` records one outbox row per preview of the changed content
 * (coalescing with any pending one), and the worker delivers them, paced per connection and per integration.
 */
export class UpdateService {
  readonly metrics: UpdateMetrics;
  readonly worker: UpdateWorker;

  constructor(
    private readonly context: ServerContext,
    readonly settings: UpdateSettings,
    options: { logger: FastifyBaseLogger },
  ) {
    this.metrics = new UpdateMetrics(context.store, context.config.instanceId);
    const logger = options.logger.child({ component: 'updates' });
    const breaker = new NotionBreaker(
      { threshold: settings.breakerThreshold, probe: settings.backoff },
      context.clock,
      (from, to) => this.#breakerChanged(from, to, logger),
    );
    this.worker = new UpdateWorker({
      context,
      metrics: this.metrics,
      settings,
      pacing: new DeliveryPacing(settings, context.clock, context.store.limits),
      breaker,
      running: () => this.worker.running,
      logger,
    });
  }

  /**
   * Every change of the breaker's state: the gauge, a log line, and when Notion is back after an outage, a fresh
   * budget for every row that failed during it (and due now), so everything pending goes out, paced.
   */
  #breakerChanged(from: BreakerState, to: BreakerState, logger: FastifyBaseLogger): void {
    this.metrics.breakerState.set(BREAKER_STATE_VALUE[to.kind]);
    this.metrics.breakerTransitions.inc({ to: to.kind });
    if (to.kind === 'open') {
      const probeInMs = to.probeAt - this.context.clock();
      logger.warn(
        { breaker: 'open', from: from.kind, failedProbes: to.probes, probeInMs },
        'Notion is not answering: deliveries paused, probing',
      );
    } else if (to.kind === 'half-open') {
      logger.info({ breaker: 'half-open', from: from.kind }, 'probing Notion with one delivery');
    } else {
      logger.warn({ breaker: 'closed', from: from.kind }, 'Notion answers again: deliveries resume');
      this.context.store.outbox
        .renewBudgets(this.context.clock())
        .then((renewed) => {
          if (renewed > 0) logger.info({ renewed }, 'rows that failed during the outage are due again');
          this.worker.wake();
        })
        .catch((error: unknown) =>
          logger.error({ err: error }, 'could not renew the budgets of failed rows'),
        );
    }
  }

  /**
   * Queues an update of every preview of `target` (a uri, or a rule and its groups); returns how many.
   * @example await integration.changed('https://acme.com/items/23487')
   * @example await integration.changed({ rule: 'item', groups: { itemNo: '23487' } })
   */
  async changed(target: ChangeTarget): Promise<{ queued: number }> {
    const pairs = await previewsOf(target, this.context.store, this.context.rules);
    const queued =
      pairs.length === 0
        ? 0
        : await this.context.store.outbox.enqueueChanges(pairs, this.context.clock(), {
            dueAt: this.context.clock() + this.settings.coalesceMs,
          });
    this.metrics.changes.inc(queued);
    if (queued > 0) this.worker.wake();
    return { queued };
  }

  start(): void {
    if (this.settings.enabled) this.worker.start();
  }

  /** Stops the worker: see `UpdateWorker.stop` (deliveries still in flight after `timeoutMs` are released). */
  stop(timeoutMs?: number): Promise<{ released: number }> {
    return this.worker.stop(timeoutMs);
  }
}
