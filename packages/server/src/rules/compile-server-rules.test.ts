import type { RedosVerdict, RedosVerdicts } from '@unfurlkit/core';
import { compileUrlRules } from '@unfurlkit/core/redos';
import { describe, expect, it } from 'vitest';
import { compileServerRules } from './compile-server-rules.js';

const safe = {
  name: 'item',
  // Outside core's linear-time proof (the alternation), so its verdict is the one looked up.
  pattern: '^https:\\/\\/acme\\.com\\/(?:items|things)\\/(?<id>\\d+)$',
  samples: ['https://acme.com/items/1'],
};
const unsafe = { name: 'nested', pattern: '^https:\\/\\/a\\.com\\/(a+)+$', samples: ['https://a.com/aa'] };

/** The verdicts a child would send for `rules`, reached by the real analyser. */
function childVerdicts(rules: (typeof safe)[]): Map<string, RedosVerdict> {
  const known = new Map<string, RedosVerdict>();
  compileUrlRules(rules, 'every', {
    redosVerdicts: { get: () => undefined, set: (key, verdict) => void known.set(key, verdict) },
  });
  return known;
}

const readOnly = (known: Map<string, RedosVerdict>): RedosVerdicts => ({
  get: (key) => known.get(key),
  set: () => undefined,
});

describe('compileServerRules', () => {
  it('without the child verdicts (the child failed), analyses in-process and refuses an unsafe pattern', async () => {
    await expect(compileServerRules([safe, unsafe], undefined)).rejects.toThrow(
      /rule "nested": pattern can backtrack catastrophically/,
    );
    expect(await compileServerRules([safe], undefined)).toHaveLength(1);
  });

  it('refuses an unsafe pattern the child gave no verdict for, analysing it in-process', async () => {
    const onlySafe = readOnly(childVerdicts([safe]));
    await expect(compileServerRules([safe, unsafe], onlySafe)).rejects.toThrow(/backtrack catastrophically/);
  });

  it("compiles on the child's verdicts alone, a refusal among them included", async () => {
    const known = childVerdicts([safe]);
    expect(await compileServerRules([safe], readOnly(known))).toHaveLength(1);
    for (const key of known.keys()) known.set(key, { problems: ['refused by the child'], warnings: [] });
    await expect(compileServerRules([safe], readOnly(known))).rejects.toThrow(/refused by the child/);
  });
});
