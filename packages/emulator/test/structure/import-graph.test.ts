import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { findCycles, folderGraph, readImportGraph, relativeSpecifiers } from './import-graph.js';

const packagesDir = fileURLToPath(new URL('../../../', import.meta.url));
const sourceOf = (name: string) => `${packagesDir}${name}/src`;

/** Packages whose files import no file that imports them back, directly or through others. */
const WITHOUT_FILE_CYCLES = ['core', 'emulator'];

/** Packages whose folders import no folder that imports them back. */
const WITHOUT_FOLDER_CYCLES = ['emulator'];

describe('import graph', () => {
  it.each(WITHOUT_FILE_CYCLES)('packages/%s/src has no file-level import cycle', (name) => {
    const graph = readImportGraph(sourceOf(name));
    expect(graph.edges.size).toBeGreaterThan(10);
    expect(findCycles(graph.edges)).toEqual([]);
  });

  it.each(WITHOUT_FOLDER_CYCLES)('packages/%s/src has no folder-level import cycle', (name) => {
    expect(findCycles(folderGraph(readImportGraph(sourceOf(name))))).toEqual([]);
  });
});

describe('the import-graph reader', () => {
  it('finds imports, re-exports, type imports, side-effect and dynamic imports, multi-line ones too', () => {
    const source = [
      "import { a } from './a.js';",
      "import type { B } from '../b/b.js';",
      'import {',
      '  c,',
      "} from './c.js';",
      "export { d } from './d.js';",
      "export * from './e.js';",
      "import './f.js';",
      "const g = await import('./g.js');",
      "import { z } from 'zod';",
      "const text = 'not an import from here';",
    ].join('\n');
    expect(relativeSpecifiers(source)).toEqual([
      './a.js',
      '../b/b.js',
      './c.js',
      './d.js',
      './e.js',
      './f.js',
      './g.js',
    ]);
  });

  it('reports each cycle once, self-imports included, and nothing for a tree', () => {
    const graph = (pairs: Record<string, string[]>) =>
      new Map(Object.entries(pairs).map(([from, to]) => [from, new Set(to)]));
    expect(findCycles(graph({ a: ['b'], b: ['c'], c: [] }))).toEqual([]);
    expect(findCycles(graph({ a: ['b'], b: ['c'], c: ['a'], d: ['d'], e: ['a'] }))).toEqual([
      ['a', 'b', 'c'],
      ['d'],
    ]);
  });
});
