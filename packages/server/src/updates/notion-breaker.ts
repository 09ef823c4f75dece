/*
 * The circuit breaker in front of Notion (docs/updates.md, "When Notion fails"): when Notion as a whole stops
 * answering (connection refused, timeouts, 5xx on every connection), the worker stops sending, and so stops
 * spending rows' retry budgets, and probes with one delivery at a time until Notion answers again. The decisions
 * are pure functions of (state, event, time); `NotionBreaker` holds the state for a worker.
 */

/** What one delivery told about Notion: `up` (Notion answered), `down` (no answer, or a 5xx), `none` (no call). */
export type NotionSignal = 'up' | 'down' | 'none';

export type BreakerState =
  /** Deliveries flow. `failures`: `down` signals in a row, with no `up` between them. */
  | { kind: 'closed'; failures: number }
  /** Nothing is sent until `probeAt`. `probes`: failed probes so far (the next wait doubles with each). */
  | { kind: 'open'; probes: number; probeAt: number }
  /** One delivery (the probe) may go; `probing` while it is in flight. */
  | { kind: 'half-open'; probes: number; probing: boolean };

export interface BreakerPolicy {
  /** `down` signals in a row that open the breaker. */
  threshold: number;
  /** Waits before probing: `baseMs`, doubling after each failed probe, at most `capMs`. */
  probe: { baseMs: number; capMs: number };
}

export const CLOSED: BreakerState = { kind: 'closed', failures: 0 };

/** The state names as the metric and the logs show them, and their gauge values. */
export const BREAKER_STATE_VALUE = { closed: 0, 'half-open': 1, open: 2 } as const;

/** How long to wait before probe number `probes + 1`. */
export function probeDelay(probes: number, policy: BreakerPolicy): number {
  return Math.min(policy.probe.capMs, policy.probe.baseMs * 2 ** Math.min(30, Math.max(0, probes)));
}

/**
 * The state after a delivery's signal. Any answer from Notion closes the breaker (it is up, whatever it
 * answered). `down`: counts toward the threshold while closed; fails the probe while half-open (open again,
 * waiting twice as long); changes nothing while open (deliveries that were in flight when it opened).
 *
 * @example
 * breakerAfter({ kind: 'closed', failures: 4 }, 'down', false, now, { threshold: 5, probe }) // open
 */
export function breakerAfter(
  state: BreakerState,
  signal: NotionSignal,
  wasProbe: boolean,
  now: number,
  policy: BreakerPolicy,
): BreakerState {
  if (signal === 'up') return CLOSED;
  switch (state.kind) {
    case 'closed': {
      if (signal === 'none') return state;
      const failures = state.failures + 1;
      if (failures < policy.threshold) return { kind: 'closed', failures };
      return { kind: 'open', probes: 0, probeAt: now + probeDelay(0, policy) };
    }
    case 'open':
      return state;
    case 'half-open':
      if (!wasProbe) return state;
      if (signal === 'none') return { ...state, probing: false };
      return { kind: 'open', probes: state.probes + 1, probeAt: now + probeDelay(state.probes + 1, policy) };
  }
}

/** What the worker may claim now: up to `limit` rows (`probe` when the one row is a probe), or wait `waitMs`. */
export interface Admission {
  state: BreakerState;
  limit: number;
  probe: boolean;
  /** With `limit` 0: how long until the breaker may admit something (0: when a delivery finishes). */
  waitMs: number;
}

/**
 * How many of `free` delivery slots the worker may fill now. Closed: all. Open: none until `probeAt`, then it
 * turns half-open and admits one probe. Half-open: one probe at a time.
 *
 * @example
 * admit({ kind: 'open', probes: 0, probeAt: 5_000 }, 4_000, 8) // { limit: 0, waitMs: 1_000, … }
 */
export function admit(state: BreakerState, now: number, free: number): Admission {
  if (state.kind === 'closed') return { state, limit: free, probe: false, waitMs: 0 };
  if (state.kind === 'open' && now < state.probeAt) {
    return { state, limit: 0, probe: false, waitMs: state.probeAt - now };
  }
  const probes = state.probes;
  if (state.kind === 'half-open' && state.probing) return { state, limit: 0, probe: false, waitMs: 0 };
  if (free < 1) return { state, limit: 0, probe: false, waitMs: 0 };
  return { state: { kind: 'half-open', probes, probing: true }, limit: 1, probe: true, waitMs: 0 };
}

/**
 * A worker's breaker: the state, the clock, and a listener told of every change of state kind (closed, open,
 * half-open), for the metric, the log line, and renewing budgets when Notion is back.
 */
export class NotionBreaker {
  #state: BreakerState = CLOSED;

  constructor(
    private readonly policy: BreakerPolicy,
    private readonly clock: () => number,
    private readonly onChange: (from: BreakerState, to: BreakerState) => void,
  ) {}

  get state(): BreakerState {
    return this.#state;
  }

  /** How many of `free` slots may be filled now (see `admit`). */
  admit(free: number): Omit<Admission, 'state'> {
    const { state, ...admission } = admit(this.#state, this.clock(), free);
    this.#set(state);
    return admission;
  }

  /** Records what a delivery told about Notion. */
  record(signal: NotionSignal, wasProbe: boolean): void {
    this.#set(breakerAfter(this.#state, signal, wasProbe, this.clock(), this.policy));
  }

  #set(next: BreakerState): void {
    const previous = this.#state;
    this.#state = next;
    if (previous.kind !== next.kind) this.onChange(previous, next);
  }
}
