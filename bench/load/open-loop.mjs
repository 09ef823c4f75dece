// Open loop: requests go out on a fixed timeline (`rate` per second for `durationS` seconds), whether or not the
// earlier ones were answered, and each latency is measured from the request's SCHEDULED send time. A server
// that falls behind is charged for the queue it built, not excused by a generator that politely waited for it
// (no coordinated omission). The generator ticks every millisecond, so its resolution is about 1 ms.
import { performance } from 'node:perf_hooks';
import { percentile } from '../report/stats.mjs';
import { keepAliveAgent, request } from './http-request.mjs';

/** How long, after the last scheduled send, answers are still waited for; later ones count as timed out. */
const DRAIN_LIMIT_MS = 30_000;

/**
 * `target`: url, method, headers, body. Returns p50, p99 and p99.9 in ms (Infinity when that share of requests
 * never came back), the rate actually sent, and how many answers were not 2xx or never came.
 */
export async function openLoop(target, { rate, durationS, connections }) {
  const count = Math.max(1, Math.round(rate * durationS));
  const intervalMs = 1_000 / rate;
  const latencies = new Float64Array(count).fill(Number.POSITIVE_INFINITY);
  const agent = keepAliveAgent(connections);
  let failures = 0;
  let sent = 0;
  const inFlight = new Set();
  const start = performance.now() + 10;

  await new Promise((resolve) => {
    const tick = () => {
      const now = performance.now();
      while (sent < count && start + sent * intervalMs <= now) {
        const index = sent;
        const scheduled = start + index * intervalMs;
        sent += 1;
        const pending = request(target.url, { ...target, agent, timeoutMs: DRAIN_LIMIT_MS }).then(
          (answer) => {
            if (answer.status >= 200 && answer.status < 300) latencies[index] = performance.now() - scheduled;
            else failures += 1;
            inFlight.delete(pending);
          },
        );
        inFlight.add(pending);
      }
      if (sent < count) setTimeout(tick, 1);
      else resolve();
    };
    tick();
  });
  const lastSend = performance.now();
  await Promise.race([Promise.all(inFlight), new Promise((resolve) => setTimeout(resolve, DRAIN_LIMIT_MS))]);
  const failed = failures + inFlight.size;
  agent.destroy();

  const sorted = latencies.slice().sort();
  return {
    sentPerS: count / ((lastSend - start) / 1_000),
    p50Ms: percentile(sorted, 0.5),
    p99Ms: percentile(sorted, 0.99),
    p999Ms: percentile(sorted, 0.999),
    failures: failed,
  };
}
