import type { FastifyBaseLogger } from 'fastify';
import type { IntegrationStore } from './store.js';

/**
 * Runs `purgeExpired` `firstAfterMs` after start (at most `intervalMs`) and then every `intervalMs` (0: never),
 * so expired consent requests, codes and tokens do not pile up (every hourly refresh adds two token rows per
 * connection). It also erases the sealed token pairs kept for refresh retries once `refreshGraceMs` has passed
 * (kept no longer than needed). The timers are unref'd: they never keep the process alive. Returns the stop
 * function.
 */
export function schedulePurge(
  store: IntegrationStore,
  options: {
    intervalMs: number;
    clock: () => number;
    logger: FastifyBaseLogger;
    refreshGraceMs?: number;
    /** Delay of the first purge (0: at once). The server waits `PURGE_FIRST_AFTER_MS`. */
    firstAfterMs?: number;
  },
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
  const firstAfterMs = Math.min(options.firstAfterMs ?? 0, options.intervalMs);
  let first: NodeJS.Timeout | undefined;
  if (firstAfterMs <= 0) tick();
  else {
    first = setTimeout(tick, firstAfterMs);
    first.unref();
  }
  const timer = setInterval(tick, options.intervalMs);
  timer.unref();
  return () => {
    clearTimeout(first);
    clearInterval(timer);
  };
}

/**
 * When the server's first purge runs: after start-up, not during it, where its deletes (a transaction each)
 * would compete with the first requests (a PostgreSQL restart 687 → 619 ms without them, BENCHMARKS.md).
 */
export const PURGE_FIRST_AFTER_MS = 10_000;
