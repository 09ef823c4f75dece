import { describe, expect, it } from 'vitest';
import type { BreakExpectation } from './break-expectations.js';
import { checkReference } from './check-reference.js';

/**
 * Proof that the checks can fail (issue 10, item 5): the reference integration started with one `--break`
 * rule at a time; the checker flags exactly that rule's checks among those it runs. The rules are split over
 * several test files so the runs spread over the test workers.
 */
export function describeBreaks(title: string, breaks: BreakExpectation[]): void {
  describe(title, () => {
    it.each(breaks)(
      '--break $rule fails exactly $fails',
      async ({ rule, fails, alsoRun }) => {
        const results = await checkReference([rule], { only: [...fails, ...alsoRun] });
        const failed = results.filter((r) => r.status === 'fail').map((r) => r.id);
        expect(failed.sort(), results.map((r) => `${r.id} ${r.status}: ${r.detail}`).join('\n')).toEqual(
          [...fails].sort(),
        );
        expect(results.filter((r) => r.status === 'skip').map((r) => r.id)).toEqual([]);
        // Details quote answers, with the tokens in them masked: a report is a log too.
        expect(results.map((r) => r.detail).join('\n')).not.toMatch(/rd_(at|rt)_\w+/);
      },
      120_000,
    );
  });
}
