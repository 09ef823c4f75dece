import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CHECKS } from '../../src/conformance/checks/check-registry.js';
import type { CheckResult } from '../../src/conformance/harness/check.js';
import { runConformance } from '../../src/conformance/run-conformance.js';
import { emulatorSettingsSchema } from '../../src/settings/settings-schema.js';
import { type GumroadLike, startGumroadLike } from '../fixtures/gumroad-like-integration.js';
import { freePort } from './support/processes.js';

/**
 * An integration written like Gumroad's production one (no sign-in, no client_id or redirect_uri check, no
 * CSRF token, no `dev`, no `type`, 404 with its error operation, no refresh tokens, no deletion callback) is
 * graded, check by check; the run completes and the findings name what differs.
 */
describe('the checker against a Gumroad-like integration', () => {
  let integration: GumroadLike;
  let results: CheckResult[];

  beforeAll(async () => {
    integration = await startGumroadLike();
    const port = await freePort();
    integration.setEmulatorUrl(`http://127.0.0.1:${port}`);
    const parsed = emulatorSettingsSchema.parse(integration.settings());
    const settings = {
      ...parsed,
      notionClientId: parsed.notionClientId ?? '',
      notionClientSecret: parsed.notionClientSecret ?? '',
    };
    ({ results } = await runConformance(
      {
        settings,
        users: [{ name: 'seller', password: 'unused-password' }],
        missing: 'https://gumroadish.test/l/missing',
        fuzz: 50,
        failOn: 'must',
        timeoutMs: 10_000,
        port,
        slow: false,
        chromiumPath: '/usr/bin/chromium',
      },
      'test',
    ));
  }, 170_000);
  afterAll(async () => {
    await integration.close();
  });

  const statusOf = (id: string) => results.find((r) => r.id === id)?.status;

  it('runs every check to a result', () => {
    expect(results.map((r) => r.id)).toEqual(CHECKS.map((c) => c.id));
    for (const r of results) expect(r.detail.length).toBeGreaterThan(0);
  });

  it('passes what it does like Notion expects', () => {
    for (const id of [
      'LP-AUTH-010',
      'LP-AUTH-011',
      'LP-AUTH-013',
      'LP-TOKEN-001',
      'LP-UNFURL-001',
      'LP-UNFURL-002',
      'LP-UNFURL-010',
    ])
      expect([id, statusOf(id)]).toEqual([id, 'pass']);
  });

  it('reports the tolerated differences as INFO and SHOULD findings', () => {
    for (const id of ['LP-AUTH-012', 'LP-UNFURL-004', 'LP-UNFURL-005', 'LP-UNFURL-011'])
      expect([id, statusOf(id)]).toEqual([id, 'fail']);
  });

  it('reports the security gaps as failed MUST checks', () => {
    for (const id of ['LP-AUTH-001', 'LP-AUTH-002', 'LP-CONSENT-001', 'LP-CONSENT-003', 'LP-ROBUST-001'])
      expect([id, statusOf(id)]).toEqual([id, 'fail']);
  });

  it('skips what the integration does not have: refresh tokens, a deletion callback', () => {
    for (const id of ['LP-REFRESH-001', 'LP-DELETE-004', 'LP-DELETE-005'])
      expect([id, statusOf(id)]).toEqual([id, 'skip']);
  });
});
