/**
 * Work the emulator starts without making a request wait for it (unfurls after a page load, pushes of live
 * updates). Tracked so `idle()` lets tests wait for "everything in flight is done" instead of sleeping, and
 * so `close()` never leaves a half-finished write behind.
 */
export class BackgroundTasks {
  private readonly pending = new Set<Promise<unknown>>();
  private readonly byKey = new Map<string, Promise<unknown>>();

  constructor(private readonly onError: (error: unknown) => void) {}

  /** Runs `task` in the background; a task with the same key already running is reused, not repeated. */
  run<T>(key: string | undefined, task: () => Promise<T>): Promise<T | undefined> {
    if (key !== undefined) {
      const running = this.byKey.get(key);
      if (running) return running as Promise<T | undefined>;
    }
    const promise: Promise<T | undefined> = task().catch((error: unknown) => {
      this.onError(error);
      return undefined;
    });
    this.pending.add(promise);
    if (key !== undefined) this.byKey.set(key, promise);
    void promise.finally(() => {
      this.pending.delete(promise);
      if (key !== undefined && this.byKey.get(key) === promise) this.byKey.delete(key);
    });
    return promise;
  }

  /** Resolves when no task is running, including tasks started by the tasks awaited (bounded rounds). */
  async idle(): Promise<void> {
    for (let round = 0; round < 100 && this.pending.size > 0; round++) {
      await Promise.allSettled([...this.pending]);
    }
  }
}
