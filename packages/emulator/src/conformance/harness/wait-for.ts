/**
 * Polls `probe` every 50 ms until it returns something, or `timeoutMs` pass (then undefined). Bounded in time
 * and in count, like every loop of the checker.
 */
export async function waitFor<T>(probe: () => T | undefined, timeoutMs: number): Promise<T | undefined> {
  const rounds = Math.max(1, Math.ceil(timeoutMs / 50));
  for (let round = 0; round < rounds; round += 1) {
    const found = probe();
    if (found !== undefined) return found;
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  return probe();
}
