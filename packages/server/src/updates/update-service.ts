import { TokenBuckets } from '@unfurlkit/core/http';
import type { FastifyBaseLogger } from 'fastify';
import type { UpdateSettings } from '../config/update-settings.js';
import type { ServerContext } from '../context/server-context.js';
import { type ChangeTarget, previewsOf } from '../integration/change-target.js';
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
    this.metrics = new UpdateMetrics(context.store);
    const integrationBucket = new TokenBuckets(settings.perIntegration, context.clock);
    this.worker = new UpdateWorker({
      context,
      metrics: this.metrics,
      settings,
      perConnection: new TokenBuckets(settings.perConnection, context.clock),
      paceIntegration: async () => {
        // Bounded: at most one wait per missing token, each at most a second, while the worker runs.
        for (let wait = integrationBucket.take('all'); wait > 0; wait = integrationBucket.take('all')) {
          if (!this.worker.running) return false;
          await new Promise((resolve) => setTimeout(resolve, Math.min(wait, 1_000)));
        }
        return true;
      },
      logger: options.logger.child({ component: 'updates' }),
    });
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

  stop(): Promise<void> {
    return this.worker.stop();
  }
}
