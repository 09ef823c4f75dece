import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { title } from '@unfurlkit/core';
import { afterEach, describe, expect, it } from 'vitest';
import type { ConfigInput } from '../src/config/load-config.js';
import type { CreateServerOptions } from '../src/create-server.js';
import { notionTokenAad } from '../src/crypto/notion-token-aad.js';
import { SecretBox } from '../src/crypto/secret-box.js';
import { defineIntegration } from '../src/integration/define-integration.js';
import { openStore } from '../src/store/open-store.js';
import type { IntegrationStore, OutboxRow, OutboxStore } from '../src/store/store.js';
import { type Harness, startHarness } from './support/harness.js';
import { connect, unfurl } from './support/oauth-flow.js';

/*
 * The decisions of one delivery (deliver-update.ts) that the Acme end-to-end tests do not reach, through the
 * real server, worker, SQLite store and a Notion stand-in on a loopback port. The server's clock is the test's:
 * a row due later is made due by moving the clock, never by waiting.
 */

const ITEM = 'https://delivery.test/items/7';

/** What the product's data layer does right now: tests flip it. */
const product = { failing: false, version: 1, resolves: 0 };

const integration = defineIntegration({
  name: 'Delivery',
  developer: 'Delivery Inc',
  rules: [
    {
      name: 'item',
      pattern: '^https:\\/\\/delivery\\.test\\/items\\/(?<id>\\d+)$',
      samples: ['https://delivery.test/items/7'],
      resolve({ groups }) {
        product.resolves += 1;
        if (product.failing) throw new Error('the database is down');
        return [title(`Item ${groups.id} v${product.version}`)];
      },
    },
  ],
  authenticate(request, { returnTo }) {
    const user = (request as { cookies?: Record<string, string | undefined> }).cookies?.test_user;
    return user
      ? { account: { id: user, name: user } }
      : { signInUrl: `/login?next=${encodeURIComponent(returnTo)}` };
  },
});

let h: Harness | undefined;
afterEach(async () => {
  await h?.close();
  h = undefined;
  product.failing = false;
  product.version = 1;
});

async function start(config: ConfigInput = {}, server: Partial<CreateServerOptions> = {}): Promise<Harness> {
  h = await startHarness({
    integration,
    server,
    config: {
      UPDATES_COALESCE_MS: 0,
      UPDATES_POLL_MS: 10,
      UPDATES_RATE_PER_INTEGRATION: 0,
      UPDATES_MAX_ATTEMPTS: 3,
      UPDATES_BACKOFF_BASE_MS: 1_000,
      UPDATES_BACKOFF_CAP_MS: 60_000,
      ...config,
    },
  });
  return h;
}

/** Alice connects and Notion shows her ITEM; returns her connection id. */
async function aliceShows(harness: Harness, uri = ITEM): Promise<string> {
  const { access_token } = await connect(harness, 'alice');
  expect((await unfurl(harness, uri, access_token)).status).toBe(200);
  const [preview] = await harness.server.store.previews.listOfUri(uri);
  return preview!.connectionId;
}

async function rowOf(harness: Harness, uri = ITEM): Promise<OutboxRow | undefined> {
  return (await harness.server.store.outbox.list({ limit: 100 })).find((row) => row.uri === uri);
}

/** Polls until `check` holds (the worker runs on its own); fails after a bounded number of polls. */
async function until(what: string, check: () => Promise<boolean> | boolean): Promise<void> {
  for (let i = 0; i < 250; i++) {
    if (await check()) return;
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
  throw new Error(`timed out waiting until ${what}`);
}

/** A row the worker has finished with: not leased, and changed by at least one attempt. */
async function settled(harness: Harness, attempts: number, uri = ITEM): Promise<OutboxRow> {
  let found: OutboxRow | undefined;
  await until(`the row has ${attempts} attempt(s)`, async () => {
    found = await rowOf(harness, uri);
    return found !== undefined && found.leaseId === null && found.attempts === attempts;
  });
  return found!;
}

/** Makes every row due now and wakes the worker. */
function later(harness: Harness, ms = 60_000): void {
  harness.clock.advance(ms);
  harness.server.updates.worker.wake();
}

async function metricsText(harness: Harness): Promise<string> {
  return harness.server.updates.metrics.registry.metrics();
}

const operationsOf = (body: Record<string, unknown>) =>
  body.operations as Array<{ path: string[]; set: unknown }>;

describe('delivering an update', () => {
  it('a resolver failure is retried with backoff, never pushed as a 500 error card', async () => {
    const harness = await start();
    await aliceShows(harness);
    product.failing = true;
    expect(await harness.server.updates.changed(ITEM)).toEqual({ queued: 1 });

    const row = await settled(harness, 1);
    expect(row).toMatchObject({ state: 'pending', lastError: 'resolver failed', lastStatus: null });
    // Attempt 1 backs off within [base/2, base].
    expect(row.nextAttemptAt).toBeGreaterThanOrEqual(harness.clock.now + 500);
    expect(row.nextAttemptAt).toBeLessThanOrEqual(harness.clock.now + 1_000);
    expect(harness.notion.patches).toEqual([]);
    expect(await metricsText(harness)).toContain('unfurlkit_delivery_retries_total{reason="resolver"} 1');

    // The product recovers: the next attempt sends the attributes, and Notion keeps showing real data.
    product.failing = false;
    product.version = 2;
    later(harness);
    await until('the update is delivered', async () => (await rowOf(harness)) === undefined);
    expect(harness.notion.patches).toHaveLength(1);
    const [operation, ...others] = operationsOf(harness.notion.patches[0]!.body);
    expect(others).toEqual([]);
    expect(operation!.path).toEqual(['attributes']);
    expect(JSON.stringify(operation!.set)).toContain('Item 7 v2');
    expect(await metricsText(harness)).toContain('unfurlkit_deliveries_total{result="attributes"} 1');
  });

  it('a resolver that keeps failing parks the row once it has failed for UPDATES_MAX_AGE, without a PATCH', async () => {
    // Two minutes of budget; the test clock moves a minute between attempts.
    const harness = await start({ UPDATES_MAX_AGE: 120 });
    await aliceShows(harness);
    product.failing = true;
    await harness.server.updates.changed(ITEM);
    await settled(harness, 1);
    later(harness);
    await settled(harness, 2);
    later(harness);
    await until('the row is parked', async () => (await rowOf(harness))?.state === 'failed');
    expect(await rowOf(harness)).toMatchObject({
      state: 'failed',
      attempts: 3,
      lastError: 'resolver failed',
      firstFailedAt: harness.clock.now - 120_000,
    });
    expect(harness.notion.patches).toEqual([]);
    expect(await metricsText(harness)).toContain('unfurlkit_delivery_failures_total{reason="exhausted"} 1');
    expect(await metricsText(harness)).toContain('unfurlkit_outbox_rows{state="failed"} 1');
  });

  it('a preview whose uri no rule matches any more is dropped, without a PATCH', async () => {
    const harness = await start();
    const connectionId = await aliceShows(harness);
    // Shown under an older pattern of "item" that this version no longer has.
    const stale = 'https://delivery.test/old-items/7';
    const now = harness.clock.now;
    await harness.server.store.previews.record({
      connectionId,
      uri: stale,
      ruleName: 'item',
      accountId: 'alice',
      createdAt: now,
      lastUnfurledAt: now,
    });
    expect(await harness.server.updates.changed(stale)).toEqual({ queued: 1 });
    await until('the row is dropped', async () => (await rowOf(harness, stale)) === undefined);
    expect(harness.notion.patches).toEqual([]);
    expect(await metricsText(harness)).toContain('unfurlkit_delivery_failures_total{reason="no_rule"} 1');
  });

  it('Notion’s 404 removes the preview from the registry: later changes queue nothing', async () => {
    const harness = await start();
    await aliceShows(harness);
    harness.notion.answerPatches({ status: 404, code: 'object_not_found' });
    await harness.server.updates.changed(ITEM);
    await until('the preview is forgotten', async () => {
      return (await harness.server.store.previews.listOfUri(ITEM)).length === 0;
    });
    expect(await rowOf(harness)).toBeUndefined();
    expect(harness.notion.patches).toHaveLength(1);
    expect(await harness.server.updates.changed(ITEM)).toEqual({ queued: 0 });
  });

  it('Notion’s 400 parks the row as failed at once, with Notion’s code, and is not retried', async () => {
    const harness = await start();
    await aliceShows(harness);
    harness.notion.answerPatches({ status: 400, code: 'validation_error' });
    await harness.server.updates.changed(ITEM);
    await until('the row is parked', async () => (await rowOf(harness))?.state === 'failed');
    expect(await rowOf(harness)).toMatchObject({
      state: 'failed',
      attempts: 1,
      lastStatus: 400,
      lastError: 'validation_error (HTTP 400)',
    });
    later(harness);
    // Give the worker a few polls: a parked row is never claimed.
    for (let i = 0; i < 5; i++) await new Promise((resolve) => setTimeout(resolve, 20));
    expect(harness.notion.patches).toHaveLength(1);
  });

  it('an empty 2xx from Notion is a delivery, not a failure to retry', async () => {
    const harness = await start();
    await aliceShows(harness);
    harness.notion.answerPatches({ status: 204, empty: true });
    await harness.server.updates.changed(ITEM);
    await until('the update is delivered', async () => (await rowOf(harness)) === undefined);
    expect(harness.notion.patches).toHaveLength(1);
    expect(await metricsText(harness)).toContain('unfurlkit_deliveries_total{result="attributes"} 1');
  });

  it('waits out a 429’s Retry-After without counting an attempt, but never longer than the backoff cap', async () => {
    const harness = await start();
    await aliceShows(harness);
    harness.notion.answerPatches(
      { status: 429, code: 'rate_limited', headers: { 'retry-after': '5' } },
      { status: 429, code: 'rate_limited', headers: { 'retry-after': '86400' } },
    );
    await harness.server.updates.changed(ITEM);
    await until('the first 429 is handled', async () => {
      const row = await rowOf(harness);
      return row?.lastStatus === 429 && row.leaseId === null;
    });
    expect(await rowOf(harness)).toMatchObject({ attempts: 0, nextAttemptAt: harness.clock.now + 5_000 });

    later(harness, 5_000);
    await until('the second 429 is handled', () => harness.notion.patches.length === 2);
    await until('the row is released', async () => (await rowOf(harness))?.leaseId === null);
    // A day's Retry-After (or a broken one) is capped at UPDATES_BACKOFF_CAP_MS.
    expect(await rowOf(harness)).toMatchObject({ attempts: 0, nextAttemptAt: harness.clock.now + 60_000 });

    later(harness, 60_000);
    await until('the update is delivered', async () => (await rowOf(harness)) === undefined);
    expect(harness.notion.patches).toHaveLength(3);
  });

  it('paces each connection: past its burst, a row waits for the next token instead of being sent', async () => {
    const harness = await start({ UPDATES_RATE_PER_CONNECTION: 1, UPDATES_BURST: 1 });
    await aliceShows(harness);
    await harness.server.updates.changed(ITEM);
    await until('the first update is delivered', async () => (await rowOf(harness)) === undefined);
    expect(harness.notion.patches).toHaveLength(1);

    await harness.server.updates.changed(ITEM);
    await until(
      'the second is paced',
      async () => (await rowOf(harness))?.lastError?.startsWith('paced') ?? false,
    );
    // One a minute: the token comes back 60 s after the first was taken (the row is spread over the minute after
    // that, so a backlog does not come due at once), and pacing is not a failed attempt.
    const paced = (await rowOf(harness))!;
    expect(paced.attempts).toBe(0);
    expect(paced.nextAttemptAt).toBeGreaterThanOrEqual(harness.clock.now + 60_000);
    expect(paced.nextAttemptAt).toBeLessThan(harness.clock.now + 120_000);
    expect(harness.notion.patches).toHaveLength(1);
    expect(await metricsText(harness)).toContain('unfurlkit_delivery_retries_total{reason="paced"} 1');

    later(harness, 120_000);
    await until('the second update is delivered', async () => (await rowOf(harness)) === undefined);
    expect(harness.notion.patches).toHaveLength(2);
  });
});

/** The real store, with one of its outbox's methods replaced by `replacement` (given the real one). */
function withOutboxMethod<Name extends 'complete' | 'claimDue'>(
  real: IntegrationStore,
  name: Name,
  replacement: (
    method: OutboxStore[Name],
    ...args: Parameters<OutboxStore[Name]>
  ) => ReturnType<OutboxStore[Name]>,
): IntegrationStore {
  const outbox = new Proxy(real.outbox, {
    get(target, property, receiver) {
      const value = Reflect.get(target, property, receiver);
      if (property === name) {
        const method = (target[name] as (...args: unknown[]) => unknown).bind(target) as OutboxStore[Name];
        return (...args: Parameters<OutboxStore[Name]>) => replacement(method, ...args);
      }
      return typeof value === 'function' ? value.bind(target) : value;
    },
  });
  return new Proxy(real, {
    get(target, property, receiver) {
      if (property === 'outbox') return outbox;
      const value = Reflect.get(target, property, receiver);
      return typeof value === 'function' ? value.bind(target) : value;
    },
  });
}

/**
 * The real SQLite store, with one seam: once armed, the next `outbox.claimDue` runs for real and then waits for
 * the test to release its (empty) answer, so a change can land exactly while the worker is claiming.
 */
async function gatedStore(): Promise<{
  store: IntegrationStore;
  arm(): { claiming: Promise<void>; release(): void };
  close(): Promise<void>;
}> {
  const dir = await mkdtemp(join(tmpdir(), 'unfurlkit-gated-'));
  const real = await openStore(`sqlite:${join(dir, 'x.db')}`);
  let gate: { reached(): void; wait: Promise<void> } | undefined;
  const store = withOutboxMethod(real, 'claimDue', async (claimDue, ...args) => {
    const rows = await claimDue(...args);
    const current = gate;
    gate = undefined;
    if (current) {
      current.reached();
      await current.wait;
    }
    return rows;
  });
  return {
    store,
    arm() {
      let reached!: () => void;
      let release!: () => void;
      const claiming = new Promise<void>((resolve) => {
        reached = resolve;
      });
      const wait = new Promise<void>((resolve) => {
        release = resolve;
      });
      gate = { reached, wait };
      return { claiming, release };
    },
    async close() {
      await real.close();
      await rm(dir, { recursive: true, force: true });
    },
  };
}

describe('the worker', () => {
  it('paces before resolving: a backlog on one connection costs one resolver call per PATCH, not one per wait', async () => {
    // The test clock jumps a minute at a time: a lease (RESOLVER_TIMEOUT_MS + NOTION_TIMEOUT_MS + 5 s) must outlast
    // a jump, or a claim made just before one would look abandoned right after it and be delivered twice.
    const harness = await start({
      UPDATES_RATE_PER_CONNECTION: 1,
      UPDATES_BURST: 1,
      RESOLVER_TIMEOUT_MS: 120_000,
    });
    const uris = Array.from({ length: 12 }, (_, i) => `https://delivery.test/items/${100 + i}`);
    const { access_token } = await connect(harness, 'alice');
    for (const uri of uris) expect((await unfurl(harness, uri, access_token)).status).toBe(200);
    const resolvesBefore = product.resolves;
    for (const uri of uris) await harness.server.updates.changed(uri);
    for (let minute = 0; minute < 30 && harness.notion.patches.length < uris.length; minute += 1) {
      await until('the worker goes idle', async () =>
        (await harness.server.store.outbox.list({ limit: 50 })).every((r) => r.leaseId === null),
      );
      later(harness, 60_000);
    }
    expect(harness.notion.patches).toHaveLength(uris.length);
    expect(product.resolves - resolvesBefore).toBe(uris.length);
  });

  it('does not leave a change made during a claim for the next poll', async () => {
    const gated = await gatedStore();
    try {
      // A poll of 10 minutes: only a wake-up can deliver within this test.
      const harness = await start({ UPDATES_POLL_MS: 600_000 }, { store: gated.store });
      await aliceShows(harness);
      const { claiming, release } = gated.arm();
      harness.server.updates.worker.wake();
      await claiming;
      // The claim has looked and found nothing; now the change arrives, and its wake-up with it.
      expect(await harness.server.updates.changed(ITEM)).toEqual({ queued: 1 });
      release();
      await until('the update is delivered', async () => (await rowOf(harness)) === undefined);
      expect(harness.notion.patches).toHaveLength(1);
    } finally {
      await h?.close();
      h = undefined;
      await gated.close();
    }
  });

  it('stops promptly when stopped during a claim, instead of sleeping one more poll', async () => {
    const gated = await gatedStore();
    try {
      const harness = await start({ UPDATES_POLL_MS: 600_000 }, { store: gated.store });
      const { claiming, release } = gated.arm();
      harness.server.updates.worker.wake();
      await claiming;
      let stopped = false;
      const stopping = harness.server.updates.stop().then(() => {
        stopped = true;
      });
      release();
      await until('the worker has stopped', () => stopped);
      await stopping;
      expect(harness.server.updates.worker.running).toBe(false);
    } finally {
      await h?.close();
      h = undefined;
      await gated.close();
    }
  });
});

describe('the circuit breaker in front of Notion', () => {
  it('opens when Notion fails on every connection, probes without spending budgets, and resumes everything', async () => {
    const harness = await start({ UPDATES_BREAKER_THRESHOLD: 2 });
    for (const person of ['alice', 'bob', 'carol']) {
      const { access_token } = await connect(harness, person);
      expect((await unfurl(harness, ITEM, access_token)).status).toBe(200);
    }
    const unavailable = { status: 503, code: 'service_unavailable' };
    // Three rows fail (the breaker opens at the second), then the first probe fails too.
    harness.notion.answerPatches(unavailable, unavailable, unavailable, unavailable);
    expect(await harness.server.updates.changed(ITEM)).toEqual({ queued: 3 });

    await until('the breaker opens', async () =>
      (await metricsText(harness)).includes('unfurlkit_notion_breaker_state 2'),
    );
    await until('the three rows are released', async () => {
      const rows = await harness.server.store.outbox.list({ limit: 10 });
      return rows.length === 3 && rows.every((row) => row.leaseId === null && row.attempts === 1);
    });
    expect(
      harness.logs.some((line) => line.includes('Notion is not answering: deliveries paused, probing')),
    ).toBe(true);
    expect(harness.notion.patches).toHaveLength(3);

    // The probe is due after the base backoff (1 s); Notion is still down: open again, nothing spent.
    later(harness, 1_000);
    await until('the probe fails', () => harness.notion.patches.length === 4);
    await until('the breaker is open again', async () => {
      const text = await metricsText(harness);
      const rows = await harness.server.store.outbox.list({ limit: 10 });
      return text.includes('unfurlkit_notion_breaker_state 2') && rows.every((row) => row.leaseId === null);
    });
    const rows = await harness.server.store.outbox.list({ limit: 10 });
    expect(rows.map((row) => row.attempts)).toEqual([1, 1, 1]);
    expect(rows.filter((row) => row.lastError?.startsWith('service_unavailable'))).toHaveLength(3);
    expect(await metricsText(harness)).toContain('unfurlkit_delivery_retries_total{reason="breaker"} 1');

    // The next probe, twice as late, gets an answer: closed, and every row goes out.
    later(harness, 2_000);
    await until(
      'everything is delivered',
      async () => (await harness.server.store.outbox.count()).pending === 0,
    );
    expect(harness.notion.patches).toHaveLength(7);
    const text = await metricsText(harness);
    expect(text).toContain('unfurlkit_notion_breaker_state 0');
    expect(text).toContain('unfurlkit_notion_breaker_transitions_total{to="open"} 2');
    expect(text).toContain('unfurlkit_notion_breaker_transitions_total{to="closed"} 1');
    expect(text).not.toContain('unfurlkit_delivery_failures_total{reason="exhausted"}');
    expect(harness.logs.some((line) => line.includes('Notion answers again: deliveries resume'))).toBe(true);
  });
});

describe('adaptive pacing', () => {
  it('a 429 pauses the connection: its other rows wait for Retry-After instead of being refused too', async () => {
    const harness = await start();
    const { access_token } = await connect(harness, 'alice');
    const uris = [1, 2, 3].map((n) => `https://delivery.test/items/${n}`);
    for (const uri of uris) expect((await unfurl(harness, uri, access_token)).status).toBe(200);
    harness.notion.answerPatches({ status: 429, code: 'rate_limited', headers: { 'retry-after': '7' } });
    for (const uri of uris) await harness.server.updates.changed(uri);
    await until('the refusal is handled', async () =>
      (await metricsText(harness)).includes('unfurlkit_rate_limit_pauses_total{scope="connection"} 1'),
    );
    await until('the worker goes idle', async () =>
      (await harness.server.store.outbox.list({ limit: 50 })).every((row) => row.leaseId === null),
    );
    // Rows that found the connection busy come back after it; within the pause they are put off to its end.
    const refusedAt = harness.clock.now;
    later(harness, 5_000);
    await until('the rows are put off to the end of the pause', async () => {
      const rows = await harness.server.store.outbox.list({ limit: 50 });
      return (
        rows.length === 3 &&
        rows.every((row) => row.leaseId === null && row.nextAttemptAt >= refusedAt + 7_000)
      );
    });
    // One refused send; nothing else went to the paused connection.
    expect(harness.notion.patches).toHaveLength(1);
    // Steps shorter than a lease (6.2 s here): a step must not expire the lease of a delivery in flight.
    for (let i = 0; i < 20 && (await harness.server.store.outbox.count()).pending > 0; i++) {
      later(harness, 3_000);
      await until('the worker goes idle', async () =>
        (await harness.server.store.outbox.list({ limit: 50 })).every((row) => row.leaseId === null),
      );
    }
    expect(await harness.server.store.outbox.count()).toEqual({ pending: 0, failed: 0 });
    expect(harness.notion.patches).toHaveLength(4);
  });
});

/** `count` people show ITEM: their connections and previews written as the consent flow and unfurls would. */
async function peopleShow(harness: Harness, store: IntegrationStore, count: number): Promise<void> {
  const box = new SecretBox(harness.server.config.tokenEncryptionKeys);
  const now = Date.now();
  for (let person = 0; person < count; person++) {
    const accountId = `person-${person}`;
    const botId = `bot-${person}`;
    const connection = await store.connections.upsert(
      {
        accountId,
        accountName: accountId,
        botId,
        workspaceId: 'claims-workspace',
        workspaceName: 'Claims',
        workspaceIcon: null,
        accessToken: box.seal(`notion-token-${person}`, notionTokenAad(accountId, botId)),
      },
      now,
    );
    await store.previews.record({
      connectionId: connection.id,
      uri: ITEM,
      ruleName: 'item',
      accountId,
      createdAt: now,
      lastUnfurledAt: now,
    });
  }
}

describe('claims', () => {
  it('claims again only once half the slots are free: a fan-out commits one claim per half a concurrency or fewer', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'unfurlkit-claims-'));
    const real = await openStore(`sqlite:${join(dir, 'x.db')}`);
    /** What each claim asked for, and how many rows it got. */
    const claims: Array<{ limit: number; got: number }> = [];
    const store = withOutboxMethod(real, 'claimDue', async (claimDue, ...args) => {
      const rows = await claimDue(...args);
      claims.push({ limit: args[1], got: rows.length });
      return rows;
    });
    try {
      const concurrency = 8;
      const harness = await start({ UPDATES_CONCURRENCY: concurrency }, { store });
      await peopleShow(harness, store, 40);
      claims.length = 0;
      expect(await harness.server.updates.changed(ITEM)).toEqual({ queued: 40 });
      await until('every update is delivered', async () => (await store.outbox.count()).pending === 0);
      expect(harness.notion.patches).toHaveLength(40);
      const productive = claims.filter((claim) => claim.got > 0);
      expect(productive.reduce((sum, claim) => sum + claim.got, 0)).toBe(40);
      // Never a claim for fewer than half the slots (each claim is a commit), so 40 rows take at most 10 claims.
      expect(Math.min(...productive.map((claim) => claim.limit))).toBeGreaterThanOrEqual(concurrency / 2);
      expect(productive.length).toBeLessThanOrEqual(40 / (concurrency / 2));
    } finally {
      await h?.close();
      h = undefined;
      await real.close();
      await rm(dir, { recursive: true, force: true });
    }
  });

  it('frees a slot once Notion answered: settling rows in the database never holds back requests to Notion, and is bounded', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'unfurlkit-slots-'));
    const real = await openStore(`sqlite:${join(dir, 'x.db')}`);
    /** Completions wait here until the test lets them go: a slow database commit. */
    const heldCompletions: Array<() => void> = [];
    let holdCompletions = true;
    const store = withOutboxMethod(real, 'complete', async (complete, ...args) => {
      if (holdCompletions) await new Promise<void>((resolve) => heldCompletions.push(resolve));
      return complete(...args);
    });
    try {
      const concurrency = 4;
      const harness = await start({ UPDATES_CONCURRENCY: concurrency, NOTION_TIMEOUT_MS: 10_000 }, { store });
      const { notion } = harness;
      notion.holdPatches();
      await peopleShow(harness, store, 20);
      expect(await harness.server.updates.changed(ITEM)).toEqual({ queued: 20 });

      // Notion holds its answers: `concurrency` requests go, and no more.
      await until(
        'Notion holds as many requests as there are slots',
        () => notion.patchFlight.now === concurrency,
      );
      // Notion answers; the commits that settle those rows do not come. The answered rows stop holding slots, so
      // as many requests again go to Notion; then the worker waits for the database (never more than twice the
      // slots in all, settling rows included), so exactly twice the slots were sent.
      notion.answerHeldPatches();
      await until('the settling rows reach the bound', () => heldCompletions.length === 2 * concurrency);
      for (let poll = 0; poll < 10; poll++) {
        harness.server.updates.worker.wake();
        await new Promise((resolve) => setTimeout(resolve, 20));
      }
      expect(notion.patches).toHaveLength(2 * concurrency);

      holdCompletions = false;
      for (const resolve of heldCompletions.splice(0)) resolve();
      await until('every update is delivered', async () => (await store.outbox.count()).pending === 0);
      expect(notion.patches).toHaveLength(20);
      expect(notion.patchFlight.most).toBe(concurrency);
    } finally {
      await h?.close();
      h = undefined;
      await real.close();
      await rm(dir, { recursive: true, force: true });
    }
  });
});
