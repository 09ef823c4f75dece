import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { ACME_PATTERN } from '../../test/fixtures.js';
import * as core from '../index.js';
import * as redos from './index.js';

const SRC = fileURLToPath(new URL('..', import.meta.url));

/** The Acme pattern with an alternation: safe, but outside the linear-match proof, so it reaches the analysis. */
const ANALYSED_PATTERN = '^(?<site>https:\\/\\/(?:acme|acme-eu)\\.com)\\/items\\/(?<itemNo>\\d+)$';

function sourceFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) return sourceFiles(path);
    return entry.name.endsWith('.ts') && !entry.name.endsWith('.test.ts') ? [path] : [];
  });
}

describe('@unfurlkit/core/redos', () => {
  it('is the only part of core that loads the analyser (the main entry reads only its version)', () => {
    const outside = sourceFiles(SRC).filter(
      (path) => !path.startsWith(join(SRC, 'redos')) && /from 'recheck'/.test(readFileSync(path, 'utf8')),
    );
    expect(outside).toEqual([]);
    expect(Object.keys(core)).not.toContain('analyseRedos');
  });

  it("analyses where the main entry's functions, given no verdict and no analyser, refuse", () => {
    const unsafe = '^https:\\/\\/a\\.com\\/(a+)+$';
    expect(core.screenPattern(ANALYSED_PATTERN).problems).toEqual([
      expect.stringContaining('was not analysed for ReDoS'),
    ]);
    expect(core.screenPattern(unsafe).problems).toEqual([
      expect.stringContaining('was not analysed for ReDoS'),
    ]);
    expect(redos.screenPattern(ANALYSED_PATTERN).problems).toEqual([]);
    expect(redos.screenPattern(unsafe).problems).toEqual([
      expect.stringContaining('backtrack catastrophically'),
    ]);
    expect(core.screenPattern(unsafe, '', undefined, redos.analyseRedos).problems).toEqual(
      redos.screenPattern(unsafe).problems,
    );
  });
});

describe('screenPatternAsync', () => {
  const patterns: Array<[string, string]> = [
    [ACME_PATTERN, ''], // proven linear: accepted without an analysis
    [ANALYSED_PATTERN, ''],
    ['^https:\\/\\/a\\.com\\/(a+)+$', ''], // exponential: refused
    ['^https:\\/\\/a\\.com\\/\\d*\\d*x$', ''], // quadratic: accepted with a warning
    ['^https:\\/\\/a\\.com\\/(?<id>\\d+)$', 'di'], // flags the analysis does not read
    ['https:\\/\\/a\\.com\\/\\d+$', ''], // not anchored: refused before any analysis
    ['^https:\\/\\/a\\.com\\/[\\q{ab}]$', 'v'], // set syntax of v: refused before any analysis
  ];

  it.each(patterns)('screens %s /%s/ as the synchronous screening does', async (source, flags) => {
    expect(await redos.screenPatternAsync(source, flags)).toEqual(redos.screenPattern(source, flags));
  });

  it('records the verdicts it reached, under the keys the synchronous screening uses, and reuses them', async () => {
    const asynchronous = new Map<string, core.RedosVerdict>();
    const synchronous = new Map<string, core.RedosVerdict>();
    const recorder = (into: Map<string, core.RedosVerdict>) => ({
      get: (key: string) => into.get(key),
      set: (key: string, verdict: core.RedosVerdict) => void into.set(key, verdict),
    });
    await Promise.all(
      patterns.map(([source, flags]) => redos.screenPatternAsync(source, flags, recorder(asynchronous))),
    );
    for (const [source, flags] of patterns) redos.screenPattern(source, flags, recorder(synchronous));
    expect(new Map([...asynchronous].sort())).toEqual(new Map([...synchronous].sort()));
    expect(asynchronous.size).toBe(4);
    expect([...asynchronous.keys()].filter((key) => key.endsWith(` ${ACME_PATTERN}`))).toEqual([]);
    // A remembered verdict is believed, not analysed again: a planted one comes back as it is.
    const key = [...asynchronous.keys()].find((candidate) => candidate.endsWith(` ${ANALYSED_PATTERN}`));
    expect(key).toBeDefined();
    const planted = { problems: ['planted'], warnings: [] };
    const screening = await redos.screenPatternAsync(ANALYSED_PATTERN, '', {
      get: (asked) => (asked === key ? planted : undefined),
      set: () => undefined,
    });
    expect(screening.problems).toEqual(['planted']);
  });
});
