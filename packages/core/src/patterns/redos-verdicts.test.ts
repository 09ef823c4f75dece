import { compileUrlRules } from '@unfurlkit/core/redos';
import { describe, expect, it } from 'vitest';
import type { RedosVerdict } from './screen-pattern.js';
import { compileUrlRules as compileUrlRulesUnanalysed } from './url-rule.js';

// Safe, but the alternation puts it outside the linear-match proof, so its verdict comes from the analysis.
const safe = {
  name: 'item',
  pattern: '^https:\\/\\/acme\\.com\\/(?:items|things)\\/(?<id>\\d+)$',
  samples: ['https://acme.com/items/1'],
};

// Proven linear: accepted on the proof, with no verdict asked for or remembered.
const proven = {
  name: 'item',
  pattern: '^https:\\/\\/acme\\.com\\/items\\/(?<id>\\d+)$',
  samples: ['https://acme.com/items/1'],
};

function memory() {
  const known = new Map<string, RedosVerdict>();
  return {
    known,
    verdicts: {
      get: (key: string) => known.get(key),
      set: (key: string, v: RedosVerdict) => void known.set(key, v),
    },
  };
}

describe('compileUrlRules with remembered ReDoS verdicts', () => {
  it('remembers the verdict of each analysed pattern, keyed by analyser, policy, flags and source', () => {
    const { known, verdicts } = memory();
    compileUrlRules([safe], 'every', { redosVerdicts: verdicts });
    expect([...known.keys()]).toEqual([expect.stringMatching(/^recheck@\S+ redos-policy-\d+ \/\/ \^https/)]);
    expect([...known.values()]).toEqual([{ problems: [], warnings: [] }]);
  });

  it('uses a remembered verdict instead of analysing again: a remembered problem refuses the rule', () => {
    const { known, verdicts } = memory();
    compileUrlRules([safe], 'every', { redosVerdicts: verdicts });
    const [key] = [...known.keys()];
    known.set(key!, { problems: ['remembered problem'], warnings: [] });
    expect(() => compileUrlRules([safe], 'every', { redosVerdicts: verdicts })).toThrow(/remembered problem/);
  });

  it('refuses an unsafe pattern with or without remembered verdicts', () => {
    const unsafe = {
      name: 'nested',
      pattern: '^https:\\/\\/a\\.com\\/(a+)+$',
      samples: ['https://a.com/aa'],
    };
    expect(() => compileUrlRules([unsafe])).toThrow(/backtrack catastrophically/);
    expect(() => compileUrlRules([unsafe], 'every', { redosVerdicts: memory().verdicts })).toThrow(
      /backtrack catastrophically/,
    );
  });

  it('without an analyser, refuses every pattern no remembered verdict covers, safe ones included', () => {
    expect(() => compileUrlRulesUnanalysed([safe])).toThrow(/was not analysed for ReDoS/);
    expect(() => compileUrlRulesUnanalysed([safe], 'every', { redosVerdicts: memory().verdicts })).toThrow(
      /was not analysed for ReDoS/,
    );
  });

  it('accepts a pattern proven linear without an analyser or a remembered verdict, and remembers nothing', () => {
    const { known, verdicts } = memory();
    expect(compileUrlRulesUnanalysed([proven])).toHaveLength(1);
    expect(compileUrlRulesUnanalysed([proven], 'every', { redosVerdicts: verdicts })).toHaveLength(1);
    compileUrlRules([proven], 'every', { redosVerdicts: verdicts });
    expect(known.size).toBe(0);
  });

  it('without an analyser, accepts a pattern on its remembered verdict alone, and refuses on a remembered problem', () => {
    const { known, verdicts } = memory();
    compileUrlRules([safe], 'every', { redosVerdicts: verdicts });
    expect(compileUrlRulesUnanalysed([safe], 'every', { redosVerdicts: verdicts })).toHaveLength(1);
    const [key] = [...known.keys()];
    known.set(key!, { problems: ['remembered problem'], warnings: [] });
    expect(() => compileUrlRulesUnanalysed([safe], 'every', { redosVerdicts: verdicts })).toThrow(
      /remembered problem/,
    );
  });
});
