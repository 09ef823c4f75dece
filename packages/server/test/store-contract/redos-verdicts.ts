import { describe, expect, it } from 'vitest';
import type { IntegrationStore } from '../../src/store/store.js';
import { T0 } from '../store-fixtures.js';

const SAFE = { problems: [], warnings: [] };
const UNSAFE = { problems: ['can backtrack catastrophically'], warnings: ['a warning'] };

export function redosVerdictContract(store: () => IntegrationStore): void {
  describe('remembered ReDoS verdicts', () => {
    it('answers the verdicts stored under the keys asked for, and nothing for unknown keys', async () => {
      await store().redosVerdicts.put(
        [
          ['key a', SAFE],
          ['key b', UNSAFE],
        ],
        T0,
      );
      const found = await store().redosVerdicts.get(['key a', 'key b', 'key c']);
      expect([...found.entries()].sort()).toEqual([
        ['key a', SAFE],
        ['key b', UNSAFE],
      ]);
      expect(await store().redosVerdicts.get([])).toEqual(new Map());
    });

    it('one verdict per key: storing a key again, even from several instances at once, replaces it', async () => {
      await store().redosVerdicts.put([['key', SAFE]], T0);
      await Promise.all([
        store().redosVerdicts.put([['key', UNSAFE]], T0 + 1),
        store().redosVerdicts.put([['key', UNSAFE]], T0 + 2),
      ]);
      expect(await store().redosVerdicts.get(['key'])).toEqual(new Map([['key', UNSAFE]]));
    });

    it('keys are exact: a pattern differing in one character or flag is another key', async () => {
      await store().redosVerdicts.put([['recheck@1 policy-1 /u/ ^a$', UNSAFE]], T0);
      const found = await store().redosVerdicts.get([
        'recheck@1 policy-1 // ^a$',
        'recheck@1 policy-1 /u/ ^A$',
      ]);
      expect(found.size).toBe(0);
    });
  });
}
