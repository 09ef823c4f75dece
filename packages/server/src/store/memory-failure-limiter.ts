/**
 * Counts failed token requests per key (an IP, a client id) in fixed windows, so brute force of codes, refresh
 * tokens and secrets hits a wall (SECURITY: token endpoint) while Notion's legitimate traffic, which does not
 * fail, is never slowed. `@fastify/rate-limit` counts every request, not failures, hence this small class.
 * Memory is bounded: past `maxKeys` the oldest window is dropped.
 */
export class FailureLimiter {
  readonly #windows = new Map<string, { start: number; failures: number }>();

  constructor(
    private readonly options: { windowMs: number; maxKeys?: number },
    private readonly clock: () => number,
  ) {}

  /** Seconds until `key` may try again, or 0 when it is under `limit`. */
  retryAfter(key: string, limit: number): number {
    const window = this.#current(key);
    if (!window || window.failures < limit) return 0;
    return Math.max(1, Math.ceil((window.start + this.options.windowMs - this.clock()) / 1000));
  }

  recordFailure(key: string): void {
    const window = this.#current(key) ?? { start: this.clock(), failures: 0 };
    window.failures += 1;
    this.#windows.delete(key);
    this.#windows.set(key, window);
    const maxKeys = this.options.maxKeys ?? 10_000;
    while (this.#windows.size > maxKeys) this.#windows.delete(this.#windows.keys().next().value!);
  }

  #current(key: string): { start: number; failures: number } | undefined {
    const window = this.#windows.get(key);
    if (window && this.clock() - window.start >= this.options.windowMs) {
      this.#windows.delete(key);
      return undefined;
    }
    return window;
  }
}
