import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pino from 'pino';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { openStore } from '../src/store/open-store.js';
import type { IntegrationStore, PreviewRecord } from '../src/store/store.js';
import { PREVIEW_REGISTRY_DEFAULTS, PreviewRegistry } from '../src/unfurl/preview-registry.js';
import { aConnectionInput, aPreview, MINUTE, T0 } from './store-fixtures.js';
import { startHarness } from './support/harness.js';
import { connect, unfurl } from './support/oauth-flow.js';

/*
 * The preview registry as POST /unfurl writes it (PreviewRegistry), on a real SQLite file: which writes are
 * committed before `record` resolves, which are skipped or left to run behind the answer, and that `close()`
 * waits for them.
 */

const logger = pino({ level: 'silent' });
let dir: string;
let store: IntegrationStore;
let connectionId: string;
beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'unfurlkit-registry-'));
  store = await openStore(`sqlite:${join(dir, 'registry.db')}`);
  connectionId = (await store.connections.upsert(aConnectionInput(), T0)).id;
});
afterEach(async () => {
  await store.close();
  await rm(dir, { recursive: true, force: true });
});

const registryOf = (refreshAfterMs: number) =>
  new PreviewRegistry(store.previews, { ...PREVIEW_REGISTRY_DEFAULTS, refreshAfterMs, logger });

describe('PreviewRegistry', () => {
  it('commits a new pair, and each of many concurrent new pairs, before record() resolves', async () => {
    const registry = registryOf(60_000);
    const pairs = Array.from({ length: 40 }, (_, i) =>
      aPreview(connectionId, { uri: `https://acme.test/items/${i}` }),
    );
    await Promise.all(
      pairs.map(async (pair) => {
        await registry.record(pair);
        // Durable as soon as this one resolved, whatever batch it went in.
        expect(await store.previews.listOfUri(pair.uri)).toEqual([pair]);
      }),
    );
    await registry.close();
  });

  it('skips a pair it wrote within refreshAfterMs, but writes a changed rule or account at once', async () => {
    const registry = registryOf(60_000);
    const first = aPreview(connectionId);
    await registry.record(first);
    await registry.record({ ...first, lastUnfurledAt: T0 + MINUTE });
    expect((await store.previews.listOfUri(first.uri))[0]!.lastUnfurledAt).toBe(T0);

    const moved = { ...first, accountId: 'acct-2', lastUnfurledAt: T0 + 2 * MINUTE };
    await registry.record(moved);
    expect(await store.previews.listOfUri(first.uri)).toEqual([moved]);
    await registry.close();
  });

  it('forget() is exact: the next unfurl of the pair writes it again', async () => {
    const registry = registryOf(60_000);
    const pair = aPreview(connectionId);
    await registry.record(pair);
    expect(await registry.forget(connectionId, pair.uri)).toBe(true);
    expect(await store.previews.listOfUri(pair.uri)).toEqual([]);
    await registry.record(pair);
    expect(await store.previews.listOfUri(pair.uri)).toEqual([pair]);
    await registry.close();
  });

  it('past refreshAfterMs, writes again behind the answer (bringing back a pair deleted elsewhere); close() waits', async () => {
    const registry = registryOf(0);
    const pair = aPreview(connectionId);
    await registry.record(pair);
    // Deleted by another path (Notion's 404 on a delivery, another instance's DELETE /unfurl).
    await store.previews.delete(connectionId, pair.uri);
    const again: PreviewRecord = { ...pair, lastUnfurledAt: T0 + MINUTE };
    await registry.record(again);
    await registry.close();
    expect(await store.previews.listOfUri(pair.uri)).toEqual([again]);
  });
});

describe('POST /unfurl and the registry', () => {
  it('a change right after an unfurl reaches Notion; repeated unfurls keep one pair', async () => {
    const h = await startHarness({
      config: { UPDATES_COALESCE_MS: 0, UPDATES_POLL_MS: 10, UPDATES_RATE_PER_INTEGRATION: 0 },
    });
    try {
      const { access_token } = await connect(h, 'alice');
      const uri = 'https://fixture.test/items/7';
      for (let i = 0; i < 5; i++) expect((await unfurl(h, uri, access_token)).status).toBe(200);
      expect(await h.server.updates.changed(uri)).toEqual({ queued: 1 });
      for (let i = 0; i < 250 && h.notion.patches.length === 0; i++) {
        await new Promise((resolve) => setTimeout(resolve, 20));
      }
      expect(h.notion.patches).toHaveLength(1);
      expect(await h.server.store.previews.listOfUri(uri)).toHaveLength(1);
    } finally {
      await h.close();
    }
  });
});
