import { randomUUID } from 'node:crypto';
import { classifyDatabaseError } from '../store/database-fault.js';
import type { ClaimedOutboxRow, NotionConnectionRecord } from '../store/store.js';
import { type DeliveryDeps, deliverUpdate } from './deliver-update.js';
import { settlesWithin } from './settles-within.js';

/**
 * How many slots must be free before the worker claims again while deliveries run: half of them. Each claim is a
 * statement and a commit, and so is the read of its rows' connections; half (instead of a quarter) made the
 * pipeline's own CPU per delivery about 15% lower in a 10,000-connection fan-out (BENCHMARKS.md, fourth round),
 * while at least half the slots stay busy, which is plenty against Notion's rate limits.
 */
export const claimBatch = (concurrency: number): number => Math.max(1, Math.floor(concurrency / 2));

/**
 * The outbox worker: claims due rows under a lease, delivers up to `concurrency` at once, and sleeps until woken
 * (a change was enqueued, a delivery finished) or `pollMs` passes. Leases make it safe to run in several
 * processes, and make a crash harmless: a killed worker's rows are claimed again once their lease passes.
 */
export class UpdateWorker {
  #running = false;
  #loop: Promise<void> | undefined;
  #wake: (() => void) | undefined;
  /** Set by `wake()`: work may have arrived since the last claim began, so do not sleep before looking. */
  #woken = false;
  /** Deliveries under way, with the row each holds a lease on (released if a bounded stop runs out). */
  readonly #inFlight = new Map<Promise<void>, ClaimedOutboxRow>();
  /**
   * The deliveries in `#inFlight` that are done with Notion and only settle their row in the database. They do
   * not hold one of the `concurrency` slots (requests to Notion in flight): a slot is free again as soon as
   * Notion answered, not after the commit that settles the row (`#freeSlots`).
   */
  readonly #settling = new Set<Promise<void>>();
  /** Set while the database cannot be reached: no claims, one cheap probe per poll, one log line each way. */
  #databaseDown = false;

  constructor(private readonly deps: DeliveryDeps) {}

  start(): void {
    if (this.#running) return;
    this.#running = true;
    this.#loop = this.#run();
  }

  /** Look for work now instead of at the next poll. */
  wake(): void {
    this.#woken = true;
    this.#wake?.();
  }

  /**
   * Stops claiming, and waits for the deliveries in flight (each bounded by Notion's timeout), at most
   * `timeoutMs`: past it, the rows still in flight are released (`outbox.release`), so another instance claims
   * them at once instead of after their lease. Returns how many were released.
   */
  async stop(timeoutMs = Number.POSITIVE_INFINITY): Promise<{ released: number }> {
    this.#running = false;
    this.wake();
    const deadline = performance.now() + timeoutMs;
    // The loop ends after its current claim (bounded by DATABASE_TIMEOUT_MS); the whole stop keeps to the bound.
    await settlesWithin(this.#loop ?? Promise.resolve(), timeoutMs);
    const left = Math.max(0, deadline - performance.now());
    if (await settlesWithin(Promise.allSettled([...this.#inFlight.keys()]), left)) return { released: 0 };
    const rows = [...this.#inFlight.values()];
    const now = this.deps.context.clock();
    await Promise.allSettled(rows.map((row) => this.deps.context.store.outbox.release(row, now)));
    return { released: rows.length };
  }

  get running(): boolean {
    return this.#running;
  }

  async #run(): Promise<void> {
    const { settings } = this.deps;
    while (this.#running) {
      // A wake from here on may be about a row this claim does not see yet: #sleep will not wait then.
      this.#woken = false;
      const free = this.#freeSlots(settings.concurrency);
      if (this.#inFlight.size > 0 && free < claimBatch(settings.concurrency)) {
        // Claim for several free slots at once (one claim, one commit) rather than one per finished delivery;
        // each delivery that finishes wakes the loop.
        await this.#sleep(settings.pollMs);
        continue;
      }
      // The breaker decides how many: all free slots while Notion answers, one probe while it is being tested,
      // none while it is open (then sleep until the probe is due, or a poll, whichever is first).
      const { limit, probe, waitMs } = this.deps.breaker.admit(free);
      let claimed: ClaimedOutboxRow[] = [];
      if (limit > 0) {
        // While the database is down, it is probed instead of claimed from.
        if (await this.#databaseAnswers()) claimed = await this.#claim(limit);
        // Nothing due to probe with: the probe slot goes back (the breaker stays half-open, ready).
        if (probe && claimed.length === 0) this.deps.breaker.record('none', true);
      }
      const connections = this.#connectionsOf(claimed);
      for (const row of claimed) this.#deliver(row, probe, connections(row.connectionId));
      // A full batch may mean more is due: look again at once. Otherwise wait to be woken.
      if (limit === 0 || claimed.length < limit || probe) {
        await this.#sleep(waitMs > 0 ? Math.min(settings.pollMs, waitMs) : settings.pollMs);
      }
    }
  }

  /**
   * Slots for new deliveries: `concurrency` less the deliveries not yet done with Notion, and never more than
   * keeps the worker at `2 × concurrency` deliveries in all, settling ones included: a slow database holds the
   * worker back instead of growing a backlog of rows to settle.
   */
  #freeSlots(concurrency: number): number {
    const withNotion = this.#inFlight.size - this.#settling.size;
    return Math.max(0, Math.min(concurrency - withNotion, 2 * concurrency - this.#inFlight.size));
  }

  async #claim(free: number): Promise<ClaimedOutboxRow[]> {
    const { context, settings, logger } = this.deps;
    const now = context.clock();
    try {
      return await context.store.outbox.claimDue(now, free, {
        id: randomUUID(),
        until: now + settings.leaseMs,
      });
    } catch (error) {
      const fault = classifyDatabaseError(error);
      if (fault.kind === 'unavailable') {
        this.#databaseDown = true;
        logger.warn(
          { reason: fault.reason },
          'the database is unavailable: outbox claims paused until it answers',
        );
      } else {
        logger.error({ err: error }, 'could not claim outbox rows');
      }
      return [];
    }
  }

  /**
   * The claimed rows' connections in one read (not one per delivery); a row whose read fails reads its own, as
   * a delivery always did.
   */
  #connectionsOf(
    rows: ClaimedOutboxRow[],
  ): (id: string) => Promise<NotionConnectionRecord | undefined> | undefined {
    if (rows.length < 2) return () => undefined;
    const { connections } = this.deps.context.store;
    const read = connections
      .findMany(rows.map((row) => row.connectionId))
      .then((found) => new Map(found.map((connection) => [connection.id, connection])));
    return (id) =>
      read.then(
        (byId) => byId.get(id),
        () => connections.find(id),
      );
  }

  /** While the database is down, probes it instead of claiming; says once when it answers again. */
  async #databaseAnswers(): Promise<boolean> {
    if (!this.#databaseDown) return true;
    try {
      await this.deps.context.store.ping();
    } catch {
      return false;
    }
    this.#databaseDown = false;
    this.deps.logger.info('the database answers again: outbox claims resumed');
    return true;
  }

  #deliver(
    row: ClaimedOutboxRow,
    probe: boolean,
    connection: Promise<NotionConnectionRecord | undefined> | undefined,
  ): void {
    const decided = () => {
      this.#settling.add(delivery);
      this.wake();
    };
    const delivery: Promise<void> = deliverUpdate(row, this.deps, probe, connection, decided)
      .catch((error: unknown) => {
        this.deps.logger.error({ err: error, uri: row.uri }, 'update delivery crashed');
        // A crashed probe must not hold the breaker's only slot for good.
        if (probe) this.deps.breaker.record('none', true);
      })
      .finally(() => {
        this.#inFlight.delete(delivery);
        this.#settling.delete(delivery);
        this.wake();
      });
    this.#inFlight.set(delivery, row);
  }

  #sleep(ms: number): Promise<void> {
    if (this.#woken || !this.#running) return Promise.resolve();
    return new Promise((resolve) => {
      const timer = setTimeout(done, ms);
      function done() {
        clearTimeout(timer);
        resolve();
      }
      this.#wake = done;
    });
  }
}
