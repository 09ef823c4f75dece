import { RegExpParser } from '@eslint-community/regexpp';
import { ANALYSIS_TIMEOUT_MS } from '@unfurlkit/core/redos-policy';
import fc from 'fast-check';
import { check } from 'recheck';
import { describe, expect, it } from 'vitest';
import { provablyLinear } from './linear-match-proof.js';

// The parts URL patterns are made of, chosen so that about two in five random sequences are proven: enough
// of both kinds that neither side of the proof goes untested.
const ATOMS = ['a', 'b', '/', '\\.', '-', '\\d', '\\w', '\\s', '\\D', '[^/]', '[a-c]', '[^a]', '.'];
const QUANTIFIERS = ['', '?', '*', '+', '{2}', '{1,3}'];

const item = fc
  .tuple(fc.constantFrom(...ATOMS), fc.constantFrom(...QUANTIFIERS), fc.boolean())
  .map(([atom, quantifier, grouped]) => (grouped ? `(${atom}${quantifier})` : `${atom}${quantifier}`));

const pattern = fc.record({
  source: fc.array(item, { minLength: 1, maxLength: 6 }).map((items) => `^${items.join('')}$`),
  flags: fc.constantFrom('', 'u', 's', 'us'),
});

function proven(source: string, flags: string): boolean {
  const ast = new RegExpParser({ ecmaVersion: 2025 }).parsePattern(source, 0, source.length, {
    unicode: flags.includes('u'),
  });
  return provablyLinear(ast, flags);
}

/** recheck's verdict, asked as `analyseRedosAsync` asks it. */
async function recheckStatus(source: string, flags: string): Promise<string> {
  return (await check(source, flags, { timeout: ANALYSIS_TIMEOUT_MS })).status;
}

describe('provablyLinear (properties)', () => {
  it('proves linear only patterns recheck calls safe', { timeout: 60_000 }, async () => {
    let provenCount = 0;
    let runs = 0;
    await fc.assert(
      fc.asyncProperty(pattern, async ({ source, flags }) => {
        runs++;
        if (!proven(source, flags)) return;
        provenCount++;
        expect({ source, flags, status: await recheckStatus(source, flags) }).toEqual({
          source,
          flags,
          status: 'safe',
        });
      }),
      // recheck answers patterns this small in milliseconds: 1,000 runs take one to two seconds.
      { numRuns: 1000 },
    );
    // Not vacuous: a good share of the patterns were proven (and checked), and a good share were not.
    expect(provenCount / runs).toBeGreaterThanOrEqual(0.2);
    expect(provenCount / runs).toBeLessThanOrEqual(0.8);
  });

  // Past the limits of recheck's automaton analysis (maxRepeatCount, maxPatternSize, maxNFASize) it falls back
  // to fuzzing, which proves nothing; the proof has no such limits, and recheck still calls these patterns safe.
  it.each([
    ['large counts', '^[^/]{1,1000}\\/\\d{1,1000}$', ''],
    ['a UUID', '^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$', ''],
    ['200 path segments', `^https:\\/\\/acme\\.com${'\\/[^/]+'.repeat(200)}$`, 'u'],
  ])(
    'is called safe by recheck beyond its automaton limits: %s',
    { timeout: 30_000 },
    async (_, source, flags) => {
      expect(proven(source, flags)).toBe(true);
      expect(await recheckStatus(source, flags)).toBe('safe');
    },
  );
});
