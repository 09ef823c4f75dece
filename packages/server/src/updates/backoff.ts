/**
 * Exponential backoff with full jitter (AWS architecture blog, "Exponential Backoff And Jitter"): the delay
 * before retry `attempt` (1-based) is uniform in [0, min(cap, base · 2^(attempt-1))], so many rows failing at
 * once do not retry in lockstep; raised to at least half the base (an immediate retry helps no one), and never
 * above the cap.
 */
export function backoffDelay(
  attempt: number,
  options: { baseMs: number; capMs: number },
  random = Math.random,
): number {
  const ceiling = Math.min(options.capMs, options.baseMs * 2 ** Math.max(0, attempt - 1));
  const floor = Math.min(options.capMs, Math.ceil(options.baseMs / 2));
  return Math.max(floor, Math.round(random() * ceiling));
}
