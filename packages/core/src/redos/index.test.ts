import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { ACME_PATTERN } from '../../test/fixtures.js';
import * as core from '../index.js';
import * as redos from './index.js';

const SRC = fileURLToPath(new URL('..', import.meta.url));

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
    expect(core.screenPattern(ACME_PATTERN).problems).toEqual([
      expect.stringContaining('was not analysed for ReDoS'),
    ]);
    expect(core.screenPattern(unsafe).problems).toEqual([
      expect.stringContaining('was not analysed for ReDoS'),
    ]);
    expect(redos.screenPattern(ACME_PATTERN).problems).toEqual([]);
    expect(redos.screenPattern(unsafe).problems).toEqual([
      expect.stringContaining('backtrack catastrophically'),
    ]);
    expect(core.screenPattern(unsafe, '', undefined, redos.analyseRedos).problems).toEqual(
      redos.screenPattern(unsafe).problems,
    );
  });
});
