import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pino from 'pino';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { openStore } from '../src/store/open-store.js';
import { schedulePurge } from '../src/store/purge-schedule.js';
import type { IntegrationStore } from '../src/store/store.js';
import { aConsentRequest, MINUTE, T0 } from './store-fixtures.js';

let dir: string;
let store: IntegrationStore;
beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'unfurlkit-purge-'));
  store = await openStore(`sqlite:${join(dir, 'purge.db')}`);
});
afterEach(async () => {
  await store.close();
  await rm(dir, { recursive: true, force: true });
});

describe('schedulePurge', () => {
  it('purges expired records at start, and keeps live ones', async () => {
    const expired = aConsentRequest({ expiresAt: T0 - MINUTE });
    const live = aConsentRequest({ expiresAt: T0 + MINUTE });
    await store.consents.createAuthorizationRequest(expired);
    await store.consents.createAuthorizationRequest(live);
    const stop = schedulePurge(store, {
      intervalMs: 60_000,
      clock: () => T0,
      logger: pino({ level: 'silent' }),
    });
    try {
      await expect.poll(() => store.consents.findAuthorizationRequest(expired.idHash)).toBeUndefined();
      expect(await store.consents.findAuthorizationRequest(live.idHash)).toBeDefined();
    } finally {
      stop();
    }
  });

  it('waits firstAfterMs before the first purge (the server: after its start-up), then purges', async () => {
    const expired = aConsentRequest({ expiresAt: T0 - MINUTE });
    await store.consents.createAuthorizationRequest(expired);
    const stop = schedulePurge(store, {
      intervalMs: 60_000,
      firstAfterMs: 300,
      clock: () => T0,
      logger: pino({ level: 'silent' }),
    });
    try {
      await new Promise((resolve) => setTimeout(resolve, 100));
      expect(await store.consents.findAuthorizationRequest(expired.idHash)).toBeDefined();
      await expect
        .poll(() => store.consents.findAuthorizationRequest(expired.idHash), { timeout: 5_000 })
        .toBeUndefined();
    } finally {
      stop();
    }
  });

  it('a stop before the first purge cancels it', async () => {
    const expired = aConsentRequest({ expiresAt: T0 - MINUTE });
    await store.consents.createAuthorizationRequest(expired);
    schedulePurge(store, {
      intervalMs: 60_000,
      firstAfterMs: 50,
      clock: () => T0,
      logger: pino({ level: 'silent' }),
    })();
    await new Promise((resolve) => setTimeout(resolve, 150));
    expect(await store.consents.findAuthorizationRequest(expired.idHash)).toBeDefined();
  });

  it('does nothing with an interval of 0', async () => {
    const expired = aConsentRequest({ expiresAt: T0 - MINUTE });
    await store.consents.createAuthorizationRequest(expired);
    schedulePurge(store, { intervalMs: 0, clock: () => T0, logger: pino({ level: 'silent' }) })();
    await new Promise((resolve) => setTimeout(resolve, 50));
    expect(await store.consents.findAuthorizationRequest(expired.idHash)).toBeDefined();
  });
});
