import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import {
  findCycles,
  folderGraph,
  folderTreeGraph,
  type ImportGraph,
  readImportGraph,
  relativeSpecifiers,
} from './import-graph.js';

const ROOT = fileURLToPath(new URL('../../', import.meta.url));

/** Every source tree of the repository: none may hold an import cycle, between files or between folders. */
const SOURCES = ['packages/core/src', 'packages/server/src', 'packages/emulator/src', 'examples/acme/src'];

const graphs = new Map(SOURCES.map((source) => [source, readImportGraph(`${ROOT}${source}`)]));
const graphOf = (source: string): ImportGraph => graphs.get(source)!;

describe('import graph', () => {
  it.each(SOURCES)('%s is read (a wrong root would pass vacuously)', (source) => {
    const { edges } = graphOf(source);
    expect(edges.has('index.ts') || edges.has('start.ts')).toBe(true);
    expect([...edges.values()].reduce((sum, targets) => sum + targets.size, 0)).toBeGreaterThan(10);
  });

  it.each(SOURCES)('%s has no file importing a file that imports it back', (source) => {
    expect(findCycles(graphOf(source).edges)).toEqual([]);
  });

  it.each(SOURCES)('%s has no folder importing a folder that imports it back', (source) => {
    expect(findCycles(folderGraph(graphOf(source)))).toEqual([]);
  });

  it.each(SOURCES)('%s has none either when a folder counts its subfolders in', (source) => {
    expect(findCycles(folderTreeGraph(graphOf(source)))).toEqual([]);
  });
});

const graph = (pairs: Record<string, string[]>) =>
  new Map(Object.entries(pairs).map(([from, to]) => [from, new Set(to)]));

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
    expect(findCycles(graph({ a: ['b'], b: ['c'], c: [] }))).toEqual([]);
    expect(findCycles(graph({ a: ['b'], b: ['c'], c: ['a'], d: ['d'], e: ['a'] }))).toEqual([
      ['a', 'b', 'c'],
      ['d'],
    ]);
  });

  it('sees a parent folder and its subfolder importing each other as a folder cycle', () => {
    const edges = graph({
      'index.ts': ['oauth/authorize/routes.ts'],
      'oauth/authorize/routes.ts': ['oauth/authorize/checks/check-scope.ts'],
      'oauth/authorize/checks/check-scope.ts': ['oauth/authorize/outcome.ts'],
      'oauth/authorize/outcome.ts': [],
    });
    expect(findCycles(folderGraph({ root: 'src', edges }))).toEqual([
      ['oauth/authorize', 'oauth/authorize/checks'],
    ]);
  });

  it('counts subfolders in: cousins importing each other make their top folders a cycle', () => {
    const edges = graph({
      'oauth/token/token-route.ts': ['unfurl/resolve.ts'],
      'unfurl/resolve.ts': ['context.ts'],
      'unfurl/routes.ts': ['oauth/bearer/bearer-auth.ts'],
      'oauth/bearer/bearer-auth.ts': [],
      'context.ts': [],
    });
    expect(findCycles(folderGraph({ root: 'src', edges }))).toEqual([]);
    expect(folderTreeGraph({ root: 'src', edges })).toEqual(
      graph({ 'oauth/**': ['unfurl/**'], 'unfurl/**': ['.', 'oauth/**'] }),
    );
    expect(findCycles(folderTreeGraph({ root: 'src', edges }))).toEqual([['oauth/**', 'unfurl/**']]);
  });

  it("counts a folder's own files apart from its subfolders, and ignores imports within one folder", () => {
    const edges = graph({
      'oauth/authorize/routes.ts': ['oauth/authorize/checks/deep/rule.ts', 'oauth/authorize/outcome.ts'],
      'oauth/authorize/checks/deep/rule.ts': ['oauth/authorize/outcome.ts'],
    });
    expect(folderTreeGraph({ root: 'src', edges })).toEqual(
      graph({
        'oauth/authorize': ['oauth/authorize/checks/**'],
        'oauth/authorize/checks/**': ['oauth/authorize'],
      }),
    );
  });
});
