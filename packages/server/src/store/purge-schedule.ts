import type { FastifyBaseLogger } from 'fastify';
import type { IntegrationStore } from './store.js';

/**
 * Runs `purgeExpired` at start and then every `intervalMs` (0: never), so expired consent requests, codes and
 * tokens do not pile up (every hourly refresh adds two token rows per connection). It also erases the sealed
 * token pairs kept for refresh retries once `refreshGraceMs` has passed (kept no longer than needed). The
 * timer is unref'd: it never keeps the process alive. Returns the stop function.
 */
export function schedulePurge(
  store: IntegrationStore,
  options: { intervalMs: number; clock: () => number; logger: FastifyBaseLogger; refreshGraceMs?: number },
): () => void {
  if (options.intervalMs <= 0) return () => {};
  let running: Promise<void> | undefined;
  const tick = () => {
    if (running) return; // a slow purge is not stacked on itself
    const now = options.clock();
    running = Promise.all([
      store.purgeExpired(now),
      store.grants.forgetRotatedPairs(now - (options.refreshGraceMs ?? 0)),
    ])
      .then(([purged]) => {
        if (purged > 0) options.logger.info({ purged }, 'expired records purged');
      })
      .catch((error: unknown) => options.logger.error({ err: error }, 'purging expired records failed'))
      .finally(() => {
        running = undefined;
      });
  };
  tick();
  const timer = setInterval(tick, options.intervalMs);
  timer.unref();
  return () => clearInterval(timer);
}
