// Closed loop: autocannon keeps `connections` requests in flight for `durationS` seconds. Measures the most
// requests per second the server sustains, their p50 and p99, and the server's CPU time per request (its
// process tree's utime + stime before and after, divided by the requests answered).
import autocannon from 'autocannon';
import { samplePeakRss, treeCpuSeconds } from '../process/proc-stats.mjs';

function run(options) {
  return new Promise((resolve, reject) => {
    autocannon(options, (error, result) => (error ? reject(error) : resolve(result)));
  });
}

/** Unmeasured load, so the measured runs see a warmed JIT, pools and caches. */
export async function warmUp(target, { durationS, connections }) {
  if (durationS <= 0) return;
  await run({ ...target, connections, duration: durationS });
}

/**
 * `target`: autocannon's url, method, headers and body. Returns req/s, p50 and p99 in ms, CPU µs per request,
 * the peak RSS during the load, and the count of answers that were not 2xx (or failed).
 */
export async function closedLoop(target, { pid, durationS, connections }) {
  const rss = samplePeakRss(pid);
  const cpuBefore = treeCpuSeconds(pid);
  const result = await run({ ...target, connections, duration: durationS });
  const cpuSeconds = treeCpuSeconds(pid) - cpuBefore;
  const peakRss = rss.stop();
  const answered = result.requests.total;
  return {
    reqPerS: answered / result.duration,
    p50Ms: result.latency.p50,
    p99Ms: result.latency.p99,
    cpuUsPerReq: answered > 0 ? (cpuSeconds * 1e6) / answered : Number.NaN,
    loadedRssBytes: peakRss,
    failures: result.non2xx + result.errors + result.timeouts,
  };
}
