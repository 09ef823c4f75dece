import { describe, expect, it } from 'vitest';
import { CHECKS } from '../../src/conformance/checks/check-registry.js';
import { checkReference } from './support/check-reference.js';

/**
 * Issue 10: the checker against an integration written outside unfurlkit (RefDocs, Python standard library,
 * test/conformance/fixtures/reference_integration.py), unbroken: every check passes, none is skipped.
 */
describe('the checker against the unbroken reference integration', () => {
  it('passes every check (MUST, SHOULD and INFO), the expired-code check through --advance-clock', async () => {
    const results = await checkReference([], { fuzz: 100 });
    expect(results.map((r) => r.id)).toEqual(CHECKS.map((c) => c.id));
    expect(results.filter((r) => r.status !== 'pass').map((r) => `${r.id} ${r.status}: ${r.detail}`)).toEqual(
      [],
    );
  }, 180_000);
});
