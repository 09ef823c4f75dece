import { describe, expect, it } from 'vitest';
import {
  admit,
  type BreakerState,
  breakerAfter,
  CLOSED,
  NotionBreaker,
  probeDelay,
} from './notion-breaker.js';

const policy = { threshold: 3, probe: { baseMs: 1_000, capMs: 8_000 } };

describe('breakerAfter', () => {
  it('opens after `threshold` down signals in a row; an answer between them starts the count again', () => {
    let state: BreakerState = CLOSED;
    state = breakerAfter(state, 'down', false, 0, policy);
    state = breakerAfter(state, 'down', false, 0, policy);
    expect(state).toEqual({ kind: 'closed', failures: 2 });
    state = breakerAfter(state, 'up', false, 0, policy);
    expect(state).toEqual(CLOSED);
    for (let i = 0; i < 3; i++) state = breakerAfter(state, 'down', false, 100, policy);
    expect(state).toEqual({ kind: 'open', probes: 0, probeAt: 1_100 });
  });

  it('ignores attempts that never called Notion', () => {
    const state = breakerAfter({ kind: 'closed', failures: 2 }, 'none', false, 0, policy);
    expect(state).toEqual({ kind: 'closed', failures: 2 });
  });

  it('stays open on failures of deliveries that were in flight; any answer closes it', () => {
    const open: BreakerState = { kind: 'open', probes: 2, probeAt: 5_000 };
    expect(breakerAfter(open, 'down', false, 10, policy)).toBe(open);
    expect(breakerAfter(open, 'up', false, 10, policy)).toEqual(CLOSED);
  });

  it('a failed probe opens it again for twice as long, up to the cap; a probe that says nothing frees the slot', () => {
    const probing: BreakerState = { kind: 'half-open', probes: 1, probing: true };
    expect(breakerAfter(probing, 'down', true, 0, policy)).toEqual({
      kind: 'open',
      probes: 2,
      probeAt: 4_000,
    });
    expect(breakerAfter(probing, 'none', true, 0, policy)).toEqual({ ...probing, probing: false });
    expect(breakerAfter(probing, 'down', false, 0, policy)).toBe(probing);
    expect(breakerAfter(probing, 'up', true, 0, policy)).toEqual(CLOSED);
    expect([0, 1, 2, 3, 4, 50].map((n) => probeDelay(n, policy))).toEqual([
      1_000, 2_000, 4_000, 8_000, 8_000, 8_000,
    ]);
  });
});

describe('admit', () => {
  it('closed: every free slot', () => {
    expect(admit(CLOSED, 0, 8)).toMatchObject({ limit: 8, probe: false });
  });

  it('open: nothing until the probe is due, then one probe, and no second while it runs', () => {
    const open: BreakerState = { kind: 'open', probes: 0, probeAt: 5_000 };
    expect(admit(open, 4_000, 8)).toMatchObject({ limit: 0, waitMs: 1_000 });
    const first = admit(open, 5_000, 8);
    expect(first).toMatchObject({ limit: 1, probe: true, state: { kind: 'half-open', probing: true } });
    expect(admit(first.state, 5_001, 8)).toMatchObject({ limit: 0, waitMs: 0 });
    expect(admit(open, 5_000, 0)).toMatchObject({ limit: 0 });
  });
});

describe('NotionBreaker', () => {
  it('reports each change of state once, with an injected clock', () => {
    let now = 0;
    const changes: string[] = [];
    const breaker = new NotionBreaker(
      policy,
      () => now,
      (from, to) => changes.push(`${from.kind}>${to.kind}`),
    );
    for (let i = 0; i < 5; i++) breaker.record('down', false);
    expect(breaker.admit(8)).toMatchObject({ limit: 0, waitMs: 1_000 });
    now = 1_000;
    expect(breaker.admit(8)).toMatchObject({ limit: 1, probe: true });
    breaker.record('down', true);
    expect(breaker.state).toEqual({ kind: 'open', probes: 1, probeAt: 3_000 });
    now = 3_000;
    breaker.admit(8);
    breaker.record('up', true);
    expect(breaker.admit(8)).toMatchObject({ limit: 8 });
    expect(changes).toEqual([
      'closed>open',
      'open>half-open',
      'half-open>open',
      'open>half-open',
      'half-open>closed',
    ]);
  });
});
